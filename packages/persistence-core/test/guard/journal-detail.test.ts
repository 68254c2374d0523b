import { describe, expect, it } from 'vitest';
import { SemanticCheckError } from '../../src/errors.js';
import { checkState } from '../../src/guard/check-state.js';
import { guardJournalDetail, refusalJournalDetail } from '../../src/guard/journal-detail.js';
import { entryAgent } from './healthy-states.js';

describe('guard journal detail', () => {
  it('lists the first findings as lines and counts the rest', () => {
    const state = { ...entryAgent(10), epsilon: 3, alpha: -1, lambda: 2, totalUpdates: 0 };
    state.qTable.qValue[4] = Number.NaN;
    const findings = checkState('EntryAgent', state, entryAgent(10));
    expect(findings.length).toBeGreaterThan(3);
    const detail = refusalJournalDetail(new SemanticCheckError(findings));
    expect(detail).toMatchObject({ guard: 'refused', findings: findings.length, finding0: 'finite qTable.qValue: 1 of 10 values are not finite, first NaN at index 4 (values are indices) [4] (refuse)' });
    expect(Object.keys(detail).filter((key) => key.startsWith('finding')).length).toBe(4);
    expect(JSON.stringify(detail).length).toBeLessThan(2000);
    expect(guardJournalDetail({ verdict: 'passed', findings: [] })).toEqual({ guard: 'passed', findings: 0 });
  });
});
