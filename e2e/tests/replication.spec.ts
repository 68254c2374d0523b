// Off-site replication (issue 8): the stack's server runs a replicator into s3rver (QUANTUM_S3_BUCKET,
// see scripts/start-stack.mjs). The Replication page follows the bucket catching up with the demo
// agent; an operator restores ExitAgent from a bucket generation with preview, dry run,
// confirmation, progress and an audit entry.

import { test, expect } from '../fixtures';

const component = 'ExitAgent';

test.describe.serial('replication', () => {
  test('the Replication page shows the bucket catching up with the agent', async ({ viewerPage: page, request, stack, saveScreenshot }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Replication' }).click();
    await expect(page.getByRole('heading', { name: 'Replication', level: 1 })).toBeVisible();
    const summary = page.getByRole('region', { name: 'Replication summary' });
    await expect(summary).toContainText('qsc-e2e / quantum / e2e-demo');
    await expect(summary).toContainText(/pid \d+, running/);
    await expect(summary.getByLabel('Last upload pass')).toContainText('ok');
    await expect(summary.getByLabel('Last verification')).toContainText('ok');

    // The agent keeps saving and the replicator keeps uploading: EntryAgent's uploaded seq grows.
    const row = page.getByRole('table', { name: 'Lag per component' }).getByRole('row', { name: /^EntryAgent / });
    const uploadedSeq = async (): Promise<number> => Number(await row.getByRole('cell').nth(1).textContent());
    await expect.poll(uploadedSeq, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await uploadedSeq();
    await expect.poll(uploadedSeq, { timeout: 30_000 }).toBeGreaterThan(first);
    await expect(page.getByRole('figure', { name: 'Replication lag over time' })).toBeVisible();
    await saveScreenshot(page, 'replication');

    const metrics = await (await request.get('/metrics', { headers: { authorization: `Bearer ${stack.tokens.viewer}` } })).text();
    expect(metrics).toContain('quantum_replication_configured{installation="demo"} 1');
    expect(metrics).toMatch(/^quantum_replication_generations_behind\{installation="demo",component="EntryAgent"\} \d+$/m);
  });

  test('an operator restores a component from a bucket generation', async ({ operatorPage: page, saveScreenshot }) => {
    await page.goto(`/components/${component}/restore`);
    await page.getByRole('combobox', { name: 'Restore from' }).selectOption('remote');
    await expect(page).toHaveURL(/source=remote/);
    const generation = page.getByRole('combobox', { name: 'Generation to restore' });
    // An older generation than the newest replica: at least two must be in the bucket.
    await expect.poll(async () => generation.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await expect(generation.locator('option').first()).toHaveText(/^bucket seq \d+, saved /);
    const seq = (await generation.locator('option').nth(1).getAttribute('value')) as string;
    await generation.selectOption(seq);
    await expect(page).toHaveURL(new RegExp(`seq=${seq}`));

    const preview = page.getByRole('region', { name: 'Diff against current' });
    await expect(preview).toContainText(`bucket seq ${seq} against current`);
    await expect(preview.getByRole('status')).toContainText('sha256 matches its metadata, HMAC verifies');

    const form = page.getByRole('form', { name: 'Confirm restore' });
    await form.getByRole('button', { name: 'Dry run' }).click();
    await expect(form.getByRole('status')).toContainText('Dry run: the restore would succeed.');

    const restore = form.getByRole('button', { name: `Restore remote-${seq}` });
    await expect(restore).toBeDisabled();
    await page.getByLabel(`Type ${component} to confirm`).fill(component);
    await page.getByLabel('Reason (kept in the audit log)').fill('e2e: restore from the bucket');
    await restore.click();

    const progress = page.getByRole('region', { name: 'Restore progress' });
    await expect(progress.getByRole('status').filter({ hasText: /^Restored:/ })).toContainText(`${component} is now seq`);
    await expect(progress.getByRole('listitem').filter({ hasText: 'saved:' })).toContainText(`content of seq ${seq}`);
    const entry = progress.getByRole('table', { name: 'Audit entry of this restore' });
    await expect(entry).toContainText(`remote-${seq} (seq ${seq})`);
    await expect(entry).toContainText('succeeded');
    await expect(entry).toContainText('e2e: restore from the bucket');
    await saveScreenshot(page, 'remote-restore-result');
  });
});
