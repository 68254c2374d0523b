// A failed semantic check, and the collector the component checks report into.

import type { CheckId, GuardAction, GuardPolicy } from './policy.js';
import { policyFor } from './policy.js';

export interface CheckFinding {
  check: CheckId;
  /** The state field, e.g. `qTable.qValue` or `shadows[agentId=3].totalTrades`. */
  field: string;
  detail: string;
  /** The first offending values, or [index, value] pairs for columns (see `detail`). */
  values?: number[];
  action: GuardAction;
}

/** At most this many offending values are carried in a finding. */
export const MAX_FINDING_VALUES = 8;

export class FindingSink {
  readonly findings: CheckFinding[] = [];

  constructor(readonly policy: GuardPolicy) {}

  /** Whether `check` runs at all under the policy (lets a scan skip work). */
  enabled(check: CheckId): boolean {
    return policyFor(this.policy, check) !== 'off';
  }

  report(check: CheckId, field: string, detail: string, values?: number[]): void {
    const action = policyFor(this.policy, check);
    if (action === 'off') return;
    const finding: CheckFinding = { check, field, detail, action };
    if (values !== undefined) finding.values = values.slice(0, MAX_FINDING_VALUES);
    this.findings.push(finding);
  }
}

/** The strongest action among `findings`: refuse beats suspect; undefined when all passed. */
export function verdictOf(findings: readonly CheckFinding[]): GuardAction | undefined {
  if (findings.some((finding) => finding.action === 'refuse')) return 'refuse';
  return findings.length > 0 ? 'suspect' : undefined;
}

/** One line per finding, for error messages, the journal and the CLI. */
export function describeFinding(finding: CheckFinding): string {
  const values = finding.values === undefined ? '' : ` [${finding.values.join(', ')}]`;
  return `${finding.check} ${finding.field}: ${finding.detail}${values} (${finding.action})`;
}
