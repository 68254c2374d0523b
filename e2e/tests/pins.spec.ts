// Pinning from the console (issue 7): a viewer sees why pinning is unavailable; an operator pins
// bak with a note, it is listed as pinned and in the audit log, then unpins it.

import { test, expect } from '../fixtures';
import { agentPid, pauseAgent, resumeAgent } from '../support/agent';

const component = 'ExitAgent';
let pid: number | null = null;

test.describe.serial('pins', () => {
  test.afterAll(() => {
    if (pid !== null) resumeAgent(pid);
  });

  test('a viewer cannot pin, and sees why', async ({ viewerPage: page }) => {
    await page.goto(`/components/${component}`);
    const form = page.getByRole('form', { name: 'Pin a generation' });
    await expect(form).toContainText('Pinning is unavailable');
    await expect(form).toContainText('viewer role');
    await expect(form.getByRole('button', { name: /^Pin / })).toBeDisabled();
  });

  test('an operator pins bak with a note, sees it pinned, and unpins it', async ({ operatorPage: page, request, stack, saveScreenshot }) => {
    const headers = { authorization: `Bearer ${stack.tokens.operator}` };
    const list = (await (await request.get('/api/components', { headers })).json()) as { components: { component: string; fileName: string }[] };
    const fileName = list.components.find((summary) => summary.component === component)?.fileName as string;
    // Held still, so the bak the operator reads is the bak that is pinned.
    pid = await agentPid(request, stack.tokens.operator);
    if (pid !== null) await pauseAgent(pid, stack.stateDirectory, fileName);

    await page.goto(`/components/${component}`);
    await expect(page.getByRole('row', { name: /^bak / })).toContainText('valid');
    const form = page.getByRole('form', { name: 'Pin a generation' });
    await form.getByLabel('Generation').selectOption('bak');
    const note = `kept by e2e ${Date.now()}`;
    await form.getByLabel(/^Note/).fill(note);
    await form.getByRole('button', { name: /^Pin bak \(seq \d+\)$/ }).click();
    const pinned = form.getByRole('status');
    await expect(pinned).toContainText(/Pinned bak as pin-\d+/);
    const ref = /pin-\d+/.exec((await pinned.textContent()) ?? '')?.[0] as string;

    const pins = page.getByRole('region', { name: 'Pinned generations' });
    const row = pins.getByRole('row', { name: new RegExp(`^${ref} `) });
    await expect(row).toContainText(note);
    await expect(row).toContainText('operator');
    await saveScreenshot(page, 'component-pinned');

    await row.getByRole('button', { name: `Unpin ${ref}` }).click();
    await row.getByRole('button', { name: `Confirm unpin ${ref}` }).click();
    await expect(pins.getByRole('row', { name: new RegExp(`^${ref} `) })).toHaveCount(0);

    const audit = (await (await request.get(`/api/audit?component=${component}`, { headers })).json()) as { entries: { action: string; outcome: string; seq?: number; detail: string }[] };
    const seq = Number(ref.slice(4));
    expect(audit.entries.filter((entry) => entry.seq === seq).map((entry) => [entry.action, entry.outcome])).toEqual([
      ['unpin', 'succeeded'],
      ['pin', 'succeeded'],
    ]);
  });
});
