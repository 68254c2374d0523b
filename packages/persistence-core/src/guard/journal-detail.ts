// The guard's outcome as the save journal's `detail` (flat strings and numbers, small),
// so an operator tailing the journal sees which check failed on which field.

import type { SemanticCheckError } from '../errors.js';
import type { CheckFinding } from './findings.js';
import { describeFinding } from './findings.js';
import type { GuardReport } from './save-guard.js';

/** Findings beyond this many are counted, not listed: a journal line stays under 4 KiB. */
const MAX_LISTED = 3;
const MAX_FINDING_CHARS = 300;

function listFindings(findings: readonly CheckFinding[]): Record<string, string | number> {
  const detail: Record<string, string | number> = { findings: findings.length };
  findings.slice(0, MAX_LISTED).forEach((finding, i) => {
    detail[`finding${i}`] = describeFinding(finding).slice(0, MAX_FINDING_CHARS);
  });
  return detail;
}

/** For a committed save: the verdict, the findings and the automatic pin, if any. */
export function guardJournalDetail(report: GuardReport): Record<string, string | number> {
  return {
    guard: report.verdict,
    ...listFindings(report.findings),
    ...(report.autoPinned === undefined ? {} : { autoPinnedSeq: report.autoPinned.seq }),
    ...(report.autoPinFailed === undefined ? {} : { autoPinFailed: report.autoPinFailed.slice(0, MAX_FINDING_CHARS) }),
  };
}

/** For a refused save (journal outcome 'failed'). */
export function refusalJournalDetail(error: SemanticCheckError): Record<string, string | number> {
  return { guard: 'refused', ...listFindings(error.findings) };
}
