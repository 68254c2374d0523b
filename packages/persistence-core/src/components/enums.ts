// The closed enumerations of the spec's structs, stored as one byte each.

export const TradingAction = { HOLD: 0, BUY: 1, SELL: 2, CLOSE: 3 } as const;
export type TradingAction = (typeof TradingAction)[keyof typeof TradingAction];

export const Regime = { TRENDING_UP: 0, TRENDING_DOWN: 1, RANGING: 2, VOLATILE: 3, CRISIS: 4 } as const;
export type Regime = (typeof Regime)[keyof typeof Regime];

export const DefconLevel = { GREEN: 0, YELLOW: 1, ORANGE: 2, RED: 3, BLACK: 4 } as const;
export type DefconLevel = (typeof DefconLevel)[keyof typeof DefconLevel];

export const AssetClass = { FOREX: 0, INDICES: 1, COMMODITIES: 2, CRYPTO: 3, BONDS: 4, EQUITIES: 5 } as const;
export type AssetClass = (typeof AssetClass)[keyof typeof AssetClass];

export const Activation = { LINEAR: 0, RELU: 1, TANH: 2, SIGMOID: 3 } as const;
export type Activation = (typeof Activation)[keyof typeof Activation];

/** Number of members of an enumeration: valid codes are 0 .. size-1. */
export function enumSize(enumeration: Record<string, number>): number {
  return Object.keys(enumeration).length;
}

/** The member name of a code, for reports and the console. */
export function enumName(enumeration: Record<string, number>, code: number): string {
  return Object.entries(enumeration).find(([, value]) => value === code)?.[0] ?? `UNKNOWN(${code})`;
}
