// The crash proof (CRASH-SAFETY.md): power cuts at every step, SIGKILLs, bit rot, truncation,
// full and failing disks. One file so the run ends with one summary line of all its figures.

import { afterAll } from 'vitest';
import { bitRotSuite } from './bit-rot.suite.js';
import { diskFaultSuite } from './disk-faults.suite.js';
import { lowSpaceSuite } from './low-space.suite.js';
import { explorerSelfTestSuite } from './explorer-self-test.suite.js';
import { orderedPowerCutSuite } from './ordered-power-cut.suite.js';
import { explore, powerCutSuite, scenarios } from './power-cut.suite.js';
import { runtimeBitRotSuite } from './runtime-bit-rot.suite.js';
import { runtimeFaultSuite } from './runtime-faults.suite.js';
import { runtimePowerCutSuite } from './runtime-power-cut.suite.js';
import { sigkillSuite } from './sigkill.suite.js';
import { summaryLine } from './tally.js';

powerCutSuite();
orderedPowerCutSuite(scenarios, explore);
runtimePowerCutSuite(explore);
explorerSelfTestSuite();
diskFaultSuite();
runtimeFaultSuite();
lowSpaceSuite();
bitRotSuite();
runtimeBitRotSuite();
sigkillSuite();

afterAll(() => {
  console.log(summaryLine());
});
