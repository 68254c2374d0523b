// Test fixtures: the stack's tokens and state directory, pages signed in as a viewer or an operator,
// and a screenshot helper that keeps the picture as a test artifact.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export interface Stack {
  /** Temporary directory of this run (state, keyring, tokens). */
  root: string;
  stateDirectory: string;
  tokens: { viewer: string; operator: string };
}

function readStack(): Stack {
  const root = process.env.QSC_E2E_DIR;
  if (!root) throw new Error('QSC_E2E_DIR is not set: run the suite through playwright.config.ts');
  const tokens = JSON.parse(readFileSync(join(root, 'tokens.json'), 'utf8')) as Stack['tokens'];
  return { root, stateDirectory: join(root, 'state'), tokens };
}

/** Signs the page in by storing the token where the console keeps it (the sign-in form has its own test). */
async function signedIn(page: Page, token: string): Promise<Page> {
  await page.addInitScript((value) => sessionStorage.setItem('qsc.token', value), token);
  return page;
}

interface Fixtures {
  stack: Stack;
  viewerPage: Page;
  operatorPage: Page;
  saveScreenshot: (page: Page, name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  stack: async ({}, use) => {
    await use(readStack());
  },
  viewerPage: async ({ page, stack }, use) => {
    await use(await signedIn(page, stack.tokens.viewer));
  },
  operatorPage: async ({ page, stack }, use) => {
    await use(await signedIn(page, stack.tokens.operator));
  },
  saveScreenshot: async ({}, use, testInfo: TestInfo) => {
    await use(async (page, name) => {
      // One folder of named pictures for the CI artifact, and a copy in the report.
      const path = join(testInfo.project.outputDir, 'screenshots', `${name}.png`);
      const body = await page.screenshot({ path, fullPage: true });
      await testInfo.attach(name, { body, contentType: 'image/png' });
    });
  },
});

export { expect };
export type { Page };
