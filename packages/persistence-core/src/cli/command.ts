// What every subcommand provides, and what it is given to run.

import type { ParseArgsConfig } from 'node:util';
import { QuantumStateError } from '../errors.js';
import type { Output } from './output.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export interface SharedOptions {
  /** The state directory: --dir, else $QUANTUM_STATE_DIR, else ./state. */
  directory: string;
  /** The key file: --keyring, else $QUANTUM_KEYRING, else ~/.config/quantum-state/keyring.json. */
  keyringPath: string;
  json: boolean;
}

export interface CommandInput {
  shared: SharedOptions;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  output: Output;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec;
  /** Resolves to the process exit code. */
  run(input: CommandInput): Promise<number>;
}

/** Bad arguments: exit 64 with the usage line. */
export class UsageError extends QuantumStateError {
  override name = 'UsageError';
}

/** A string option, or undefined. */
export function stringOption(values: CommandInput['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A non-negative integer option, or `fallback` when absent. */
export function integerOption(values: CommandInput['values'], name: string, fallback: number): number {
  const raw = stringOption(values, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
}
