// A current file corrupted on disk: the console shows the failed HMAC and the recovery from backup,
// a viewer cannot restore, an operator restores a chosen generation, the overview turns healthy,
// and the audit log keeps the restore.

import { join } from 'node:path';
import { test, expect } from '../fixtures';
import { agentPid, pauseAgent, resumeAgent } from '../support/agent';
import { flipBytes } from '../support/corrupt';
import { expectHealth, expectValidGenerations } from '../support/health';

const component = 'EntryAgent';
let pid: number | null = null;

test.describe.serial('recovery and restore', () => {
  test.afterAll(() => {
    if (pid !== null) resumeAgent(pid);
  });

  test('a corrupted current file shows as failed HMAC and recovered from backup', async ({ viewerPage: page, request, stack, saveScreenshot }) => {
    const headers = { authorization: `Bearer ${stack.tokens.viewer}` };
    const list = (await (await request.get('/api/components', { headers })).json()) as { components: { component: string; fileName: string }[] };
    const fileName = list.components.find((summary) => summary.component === component)?.fileName;
    expect(fileName, `${component} is in the component list`).toBeTruthy();

    // The restore below chooses bak1: a fresh agent (this spec run alone) may not have saved three times yet.
    test.setTimeout(150_000);
    await expectValidGenerations(request, stack.tokens.viewer, component, ['current', 'bak', 'bak1'], 120_000);
    pid = await agentPid(request, stack.tokens.viewer);
    if (pid !== null) await pauseAgent(pid, stack.stateDirectory, fileName as string);
    await flipBytes(join(stack.stateDirectory, fileName as string));
    await expectHealth(request, stack.tokens.viewer, component, 'recovered');

    await page.goto('/');
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await expect(alerts.getByRole('alert').filter({ hasText: component })).toContainText('was recovered from backup bak');
    await expect(page.getByRole('article', { name: component })).toContainText('Recovered from backup');
    await saveScreenshot(page, 'overview-recovered');

    await page.getByRole('link', { name: component, exact: true }).first().click();
    const current = page.getByRole('row', { name: /^current/ });
    await expect(current).toContainText('rejected');
    await expect(current).toContainText('FAILED');
    await expect(current).toContainText('hmac-mismatch');
    await expect(page.getByRole('row', { name: /^bak \(in use\)/ })).toContainText('valid');
    await saveScreenshot(page, 'component-recovered');
  });

  test('a viewer cannot restore, and sees why', async ({ viewerPage: page, request, stack }) => {
    await page.goto(`/components/${component}/restore`);
    await expect(page.getByRole('alert').filter({ hasText: 'Restore is unavailable' })).toContainText('viewer role');
    await expect(page.getByRole('button', { name: /^Restore / })).toBeDisabled();
    await expect(page.getByLabel(`Type ${component} to confirm`)).toBeDisabled();

    const refused = await request.post(`/api/components/${component}/restore`, {
      headers: { authorization: `Bearer ${stack.tokens.viewer}` },
      data: { generation: 'bak' },
    });
    expect(refused.status()).toBe(403);
  });

  test('an operator restores a chosen generation and the overview turns healthy', async ({ operatorPage: page, saveScreenshot }) => {
    await page.goto(`/components/${component}/restore`);
    await page.getByRole('combobox', { name: 'Generation to restore' }).selectOption('bak1');
    await expect(page).toHaveURL(/generation=bak1/);
    await expect(page.getByRole('region', { name: 'Diff against current' })).toBeVisible();

    const restore = page.getByRole('button', { name: 'Restore bak1' });
    await expect(restore).toBeDisabled();
    await page.getByLabel(`Type ${component} to confirm`).fill(component);
    await expect(restore).toBeEnabled();
    await restore.click();

    const progress = page.getByRole('region', { name: 'Restore progress' });
    await expect(progress.getByRole('status').filter({ hasText: /^Restored:/ })).toContainText(`${component} is now seq`);
    const entry = progress.getByRole('table', { name: 'Audit entry of this restore' });
    await expect(entry).toContainText('restore');
    await expect(entry).toContainText('succeeded');
    await saveScreenshot(page, 'restore-result');

    await page.goto('/');
    await expect(page.getByRole('article', { name: component })).toContainText('Healthy');
    await expect(page.getByRole('alert').filter({ hasText: `${component} was recovered` })).toHaveCount(0);
  });

  test('the audit log shows the restore', async ({ viewerPage: page, saveScreenshot }) => {
    await page.goto('/audit');
    const row = page.getByRole('row').filter({ hasText: component }).filter({ hasText: 'restore' }).first();
    await expect(row).toContainText('operator');
    await expect(row).toContainText('bak1');
    await expect(row).toContainText('succeeded');
    await saveScreenshot(page, 'audit-log');
  });
});
