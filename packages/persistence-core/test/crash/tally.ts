// The crash proof's figures, summed over the suites of one test run and printed at its end.

export const tally = {
  crashPoints: 0,
  crashStates: 0,
  boundedPoints: 0,
  kills: 0,
  flipsDetected: 0,
  truncationsDetected: 0,
  faultsInjected: 0,
  violations: 0,
};

export function summaryLine(): string {
  return (
    `crash-proof: ${tally.crashStates} crash states explored (${tally.crashPoints} crash points, ${tally.boundedPoints} sampled at the bound), ` +
    `${tally.kills} kills survived, ${tally.flipsDetected} flips detected, ${tally.truncationsDetected} truncations detected, ` +
    `${tally.faultsInjected} injected disk faults, ${tally.violations} violations`
  );
}
