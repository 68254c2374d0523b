// End-to-end tests of the built console against the real server and demo agent, in Debian's Chromium.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The config is evaluated by the runner and again by every worker: the runner creates the
// temporary stack directory once and the workers inherit it through the environment.
process.env.QSC_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'qsc-e2e-'));
const port = Number(process.env.QSC_E2E_PORT ?? 4319);
process.env.QSC_E2E_PORT = String(port);
const baseURL = `http://127.0.0.1:${port}`;
const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One server, one state directory: tests that corrupt and restore must not interleave.
  workers: 1,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  reporter: isCI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    trace: isCI ? 'on-first-retry' : 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.QSC_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node scripts/start-stack.mjs',
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: { QSC_E2E_DIR: process.env.QSC_E2E_DIR, QSC_E2E_PORT: String(port) },
  },
});
