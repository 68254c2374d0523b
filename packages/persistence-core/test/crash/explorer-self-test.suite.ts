// The crash proof must be able to fail: on a disk whose fsync does nothing, every writer
// loses acknowledged data, and the explorer has to find it.

import { describe, expect, it } from 'vitest';
import { explorePowerCuts } from './harness/power-cut-explorer.js';
import { withoutFileSync } from './harness/lying-fs.js';
import { scenarios } from './power-cut.suite.js';
import { runtimeScenarios } from './runtime-power-cut.suite.js';

export function explorerSelfTestSuite(): void {
  describe('the explorer finds the loss when fsync is skipped', () => {
    const picked = [...scenarios.filter((scenario) => scenario.name === 'two saves into a full chain'), ...runtimeScenarios];
    it.each(picked.map((scenario) => [scenario.name, scenario] as const))('%s', async (_, scenario) => {
      const result = await explorePowerCuts({ ...scenario, breakWriter: withoutFileSync, limit: 16 });
      expect(result.violations.length).toBeGreaterThan(0);
    });
  });
}
