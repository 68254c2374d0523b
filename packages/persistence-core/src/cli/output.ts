// Where a command's results go: one JSON document or human lines on stdout, progress on stderr.

import type { Writable } from 'node:stream';

export interface Output {
  readonly json: boolean;
  /** A human line on stdout (suppressed under --json). */
  line(text?: string): void;
  /** The command's JSON result on stdout (only under --json). */
  result(value: unknown): void;
  /** Progress or a note on stderr: always for warnings, for progress only when enabled. */
  progress(text: string): void;
  warn(text: string): void;
}

export function createOutput(options: { json: boolean; progress: boolean; stdout?: Writable; stderr?: Writable }): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  return {
    json: options.json,
    line(text = '') {
      if (!options.json) stdout.write(`${text}\n`);
    },
    result(value) {
      if (options.json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    progress(text) {
      if (options.progress) stderr.write(`${text}\n`);
    },
    warn(text) {
      stderr.write(`${text}\n`);
    },
  };
}

/** Left-aligned columns under a header row, for human output. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (cells: readonly string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [format(header), ...rows.map(format)];
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatTime(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}
