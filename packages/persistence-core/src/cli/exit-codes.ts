// The exit codes of `quantum-state`, documented in the README's CLI section.

export const ExitCode = {
  /** Healthy, or the command did what was asked. */
  OK: 0,
  /** Recovered from a backup, or healthy with warnings (a rejected backup, a rollback). */
  WARNING: 1,
  /** Unrecoverable state, or the command was refused (invalid generation, conflict, existing key file). */
  FAILED: 2,
  /** Bad arguments (sysexits EX_USAGE). */
  USAGE: 64,
  /** An unexpected error (sysexits EX_SOFTWARE). */
  INTERNAL: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
