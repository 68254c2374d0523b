// The same power cuts under the prefix model of directory operations (an in-order journal:
// ext4 with jbd2, XFS), where the store rotates with ONE directory fsync (metadata-order.ts).
// And the converse: that rotation on a disk whose operations persist in any subset loses
// acknowledged generations, so the per-step fsyncs are needed there and the model can tell.

import { describe, expect, it } from 'vitest';
import type { Scenario } from './harness/power-cut-explorer.js';
import { explorePowerCuts } from './harness/power-cut-explorer.js';
import { withoutFileSync } from './harness/lying-fs.js';

/** Scenarios that only load (quarantine) do not rotate: the mode changes nothing in them. */
const ROTATING = /save|restore/;

export function orderedPowerCutSuite(scenarios: Scenario[], explore: (scenario: Scenario) => Promise<string[]>): void {
  const prefixed = scenarios.filter((scenario) => ROTATING.test(scenario.name)).map((scenario) => ({ ...scenario, name: `${scenario.name} (prefix model, ordered rotation)`, metadataModel: 'prefix' as const }));

  describe('simulated power cut at every step, directory operations persisting in order', () => {
    it.each(prefixed.map((scenario) => [scenario.name, scenario] as const))('%s', async (_, scenario) => {
      expect((await explore(scenario)).slice(0, 20)).toEqual([]);
    });
  });

  describe('the explorer tells the two models apart', () => {
    const chain = prefixed.find((scenario) => scenario.name.startsWith('two saves into a full chain')) as Scenario;
    it('the ordered rotation loses acknowledged generations where operations persist in any subset', async () => {
      const result = await explorePowerCuts({ ...chain, metadataModel: 'any-subset', storeMetadataOrder: 'ordered', limit: 16 });
      expect(result.violations.length).toBeGreaterThan(0);
    });

    it('under the prefix model too, a disk whose fsync does nothing loses them', async () => {
      const result = await explorePowerCuts({ ...chain, storeMetadataOrder: 'ordered', breakWriter: withoutFileSync, limit: 16 });
      expect(result.violations.length).toBeGreaterThan(0);
    });
  });
}
