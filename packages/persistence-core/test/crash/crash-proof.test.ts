// The crash proof (CRASH-SAFETY.md): power cuts at every step, SIGKILLs, bit rot, truncation,
// full and failing disks. One file so the run ends with one summary line of all its figures.

import { afterAll } from 'vitest';
import { powerCutSuite } from './power-cut.suite.js';
import { summaryLine } from './tally.js';

powerCutSuite();

afterAll(() => {
  console.log(summaryLine());
});
