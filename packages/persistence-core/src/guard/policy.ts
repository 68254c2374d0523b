// What the guard does when a semantic check fails: refuse the save, commit it marked
// suspect, or skip the check; plus the bounds of the checks relative to the previous generation.

/** The stable ids of the semantic checks (GUARD.md describes each). */
export const CHECK_IDS = [
  'finite',
  'learning-parameter-domain',
  'exploration-floor',
  'probability-domain',
  'non-negative',
  'correlation-matrix',
  'priority-domain',
  'priority-sum',
  'magnitude-bound',
  'counter-monotonic',
  'shrink-bound',
  'value-shift',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** What a failed check does to the save. */
export type GuardAction = 'refuse' | 'suspect';
/** A check's policy: an action, or 'off' to skip the check. */
export type CheckPolicy = GuardAction | 'off';

export interface GuardBounds {
  /** A table (Q-table rows, replay rows) may lose at most this fraction of its entries in one save. */
  maxShrinkRatio: number;
  /**
   * The mean absolute value of a value column (Q-values, network weights) may grow or shrink
   * by at most this factor in one save; both means are first raised to `valueScaleFloor`.
   */
  maxMeanAbsFactor: number;
  /** Scale below which a mean absolute value counts as noise (so 0.001 -> 0.1 is no jump). */
  valueScaleFloor: number;
  /** No Q-value, network weight or bias may exceed this magnitude. */
  maxAbsValue: number;
  /** Epsilon below this is exploration driven to zero (the domain check alone admits 0). */
  minEpsilon: number;
  /** Relative tolerance of sumPriorities against the sum of the priorities column. */
  sumTolerance: number;
}

export interface GuardPolicy {
  defaultAction: GuardAction;
  /** Per-check overrides of the default action. */
  checks: Partial<Record<CheckId, CheckPolicy>>;
  bounds: GuardBounds;
}

export const DEFAULT_GUARD_BOUNDS: GuardBounds = {
  maxShrinkRatio: 0.5,
  maxMeanAbsFactor: 10,
  valueScaleFloor: 1,
  maxAbsValue: 1e6,
  minEpsilon: 1e-6,
  sumTolerance: 1e-6,
};

/**
 * Refuse everything that is plainly broken; relative moves are suspect, because a deliberate
 * reset or an operator's restore causes them too (a restored entry agent takes the training
 * checkpoint's counters back), and refusing would stop those saves until the counters recover.
 */
export const DEFAULT_GUARD_POLICY: GuardPolicy = {
  defaultAction: 'refuse',
  checks: { 'exploration-floor': 'suspect', 'shrink-bound': 'suspect', 'value-shift': 'suspect', 'counter-monotonic': 'suspect' },
  bounds: DEFAULT_GUARD_BOUNDS,
};

export interface GuardPolicyInput {
  defaultAction?: GuardAction;
  checks?: Partial<Record<CheckId, CheckPolicy>>;
  bounds?: Partial<GuardBounds>;
}

/** The default policy with `input` laid over it; rejects bounds outside their domain. */
export function guardPolicy(input: GuardPolicyInput = {}): GuardPolicy {
  const bounds = { ...DEFAULT_GUARD_BOUNDS, ...input.bounds };
  if (!(bounds.maxShrinkRatio >= 0 && bounds.maxShrinkRatio <= 1)) throw new RangeError(`maxShrinkRatio must be in [0, 1], found ${bounds.maxShrinkRatio}`);
  if (!(bounds.minEpsilon >= 0 && bounds.minEpsilon <= 1)) throw new RangeError(`minEpsilon must be in [0, 1], found ${bounds.minEpsilon}`);
  if (!(bounds.maxMeanAbsFactor >= 1)) throw new RangeError(`maxMeanAbsFactor must be at least 1, found ${bounds.maxMeanAbsFactor}`);
  for (const name of ['valueScaleFloor', 'maxAbsValue', 'sumTolerance'] as const) {
    if (!(bounds[name] > 0)) throw new RangeError(`${name} must be positive, found ${bounds[name]}`);
  }
  for (const id of Object.keys(input.checks ?? {})) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) throw new RangeError(`unknown check "${id}" (known: ${CHECK_IDS.join(', ')})`);
  }
  return {
    defaultAction: input.defaultAction ?? DEFAULT_GUARD_POLICY.defaultAction,
    checks: { ...DEFAULT_GUARD_POLICY.checks, ...input.checks },
    bounds,
  };
}

export function policyFor(policy: GuardPolicy, check: CheckId): CheckPolicy {
  return policy.checks[check] ?? policy.defaultAction;
}
