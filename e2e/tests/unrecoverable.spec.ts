// A component with every generation corrupted: the overview alerts that it is unrecoverable and
// the component page gives each generation's reason; nothing can be restored from it.

import { join } from 'node:path';
import { test, expect } from '../fixtures';
import { agentPid, pauseAgent, resumeAgent } from '../support/agent';
import { flipBytes } from '../support/corrupt';
import { componentDetail, expectHealth, expectValidGenerations } from '../support/health';

const component = 'PhysicsState';
const suffixes = ['', '.bak', '.bak1', '.bak2'];

test('every generation corrupted: unrecoverable, with the reason of each', async ({ operatorPage: page, request, stack, saveScreenshot }) => {
  await expectValidGenerations(request, stack.tokens.operator, component, ['current'], 40_000);
  const detail = await componentDetail(request, stack.tokens.operator, component);
  const present = detail.generations.filter((info) => info.status === 'valid').map((info) => info.generation);
  expect(present.length, `${component} has saved at least once`).toBeGreaterThan(0);

  const pid = await agentPid(request, stack.tokens.operator);
  if (pid !== null) await pauseAgent(pid, stack.stateDirectory, detail.summary.fileName);
  try {
    for (const [index, generation] of ['current', 'bak', 'bak1', 'bak2'].entries()) {
      if (present.includes(generation)) await flipBytes(join(stack.stateDirectory, detail.summary.fileName + suffixes[index]));
    }
    await expectHealth(request, stack.tokens.operator, component, 'unrecoverable');

    await page.goto('/');
    await expect(page.getByRole('alert').filter({ hasText: `${component} is unrecoverable` })).toBeVisible();
    await expect(page.getByRole('article', { name: component })).toContainText('Unrecoverable');
    await saveScreenshot(page, 'overview-unrecoverable');

    await page.goto(`/components/${component}`);
    await expect(page.getByRole('alert').filter({ hasText: 'No generation of' })).toBeVisible();
    for (const generation of present) {
      await expect(page.getByRole('row', { name: new RegExp(`^${generation}\\b`) })).toContainText('hmac-mismatch');
    }
    // Without pins there is nothing to restore from.
    if (detail.pins.length === 0) {
      await page.goto(`/components/${component}/restore`);
      await expect(page.getByText(`No generation of ${component} verifies; nothing can be restored.`)).toBeVisible();
      await expect(page.getByRole('button', { name: /^Restore / })).toBeDisabled();
    }
  } finally {
    if (pid !== null) resumeAgent(pid);
  }
});
