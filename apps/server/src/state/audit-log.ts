// The append-only audit log of operator actions (who, when, component, generation, outcome):
// one fsynced NDJSON line per entry, never rewritten. The id of an entry is its line number.

import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { AuditEntry } from '@quantum/api-contract';

export class AuditLog {
  #entries: AuditEntry[] | undefined;
  /** A power cut mid-append can leave a last line without its newline: the next append ends it first. */
  #endsTorn = false;
  #chain: Promise<unknown> = Promise.resolve();
  readonly #listeners = new Set<(entry: AuditEntry) => void>();

  constructor(readonly path: string) {}

  async #load(): Promise<AuditEntry[]> {
    if (this.#entries !== undefined) return this.#entries;
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
    }
    // A torn last line (power cut mid-append) is skipped, not fatal.
    this.#endsTorn = text.length > 0 && !text.endsWith('\n');
    this.#entries = text
      .split('\n')
      .filter((line) => line.length > 0)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as AuditEntry];
        } catch {
          return [];
        }
      });
    return this.#entries;
  }

  /** Appends durably; resolves with the entry as stored. */
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const run = this.#chain.then(async () => {
      const entries = await this.#load();
      const stored: AuditEntry = { id: (entries[entries.length - 1]?.id ?? 0) + 1, ...entry };
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
      const handle = await open(this.path, 'a', 0o600);
      try {
        await handle.write(`${this.#endsTorn ? '\n' : ''}${JSON.stringify(stored)}\n`);
        this.#endsTorn = false;
        await handle.sync();
      } finally {
        await handle.close();
      }
      entries.push(stored);
      for (const listener of this.#listeners) listener(stored);
      return stored;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  subscribe(listener: (entry: AuditEntry) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Newest first, entries with id below `before`. */
  async page(options: { limit: number; before?: number; component?: string }): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
    const entries = await this.#load();
    const result: AuditEntry[] = [];
    let i = entries.length - 1;
    for (; i >= 0 && result.length < options.limit; i--) {
      const entry = entries[i] as AuditEntry;
      if (options.before !== undefined && entry.id >= options.before) continue;
      if (options.component !== undefined && entry.component !== options.component) continue;
      result.push(entry);
    }
    const last = result[result.length - 1];
    return { entries: result, nextBefore: i >= 0 && last !== undefined ? last.id : null };
  }
}
