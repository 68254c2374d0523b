// FORMAT.md is what another implementation follows: its component table and section tables
// must describe the files this build writes. Checked against the golden vectors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentCodecs } from '../../src/components/registry.js';
import { DType } from '../../src/format/sections.js';
import { goldenStates } from '../golden/states.js';
import { GOLDEN_DIRECTORY, goldenFileName } from '../golden/vectors.js';

const doc = readFileSync(new URL('../../FORMAT.md', import.meta.url), 'utf8');

interface RecordField {
  name: string;
  type: string;
}
interface DocumentedSection {
  tag: number;
  /** A number, or a letter standing for any index (layer L, shadow S). */
  index: number | 'any';
  dtype: number;
  optional: boolean;
  fields: RecordField[];
}

const TABLE_DTYPES: Record<string, number[]> = { 'Q-table': [DType.U64, DType.U8, DType.F64], 'trace table': [DType.U64, DType.U8, DType.F64] };

/** The section rows under `### <kind> <name>`, with Q-table ranges expanded to their columns. */
function documentedSections(kind: number, name: string): DocumentedSection[] {
  const start = doc.search(new RegExp(`^### ${kind} ${name}\\b`, 'm'));
  if (start < 0) throw new Error(`FORMAT.md has no section for ${kind} ${name}`);
  const rest = doc.slice(start + 4);
  const text = rest.slice(0, rest.search(/^### /m));
  const sections: DocumentedSection[] = [];
  for (const match of text.matchAll(/^\| `(\d+)\/(\w)`(?:\.\.`\d+\/\w`)?\s*\| ([A-Za-z0-9 -]+?)\s*\| (.*) \|$/gm)) {
    const [, tag, index, dtypeName, meaning] = match as unknown as [string, string, string, string, string];
    const dtypes = TABLE_DTYPES[dtypeName] ?? [DType[dtypeName as keyof typeof DType]];
    const fields = [...meaning.matchAll(/`(\w+)` (f64|count|time|bool|enum\(\d+\))/g)].map(([, field, type]) => ({ name: field as string, type: type as string }));
    dtypes.forEach((dtype, i) => {
      sections.push({ tag: Number(tag) + i, index: /^\d+$/.test(index) ? Number(index) : 'any', dtype, optional: / only:/.test(meaning), fields });
    });
  }
  return sections;
}

interface StoredSection {
  tag: number;
  index: number;
  dtype: number;
  count: number;
  data: DataView;
}

/** The section table of a file, parsed as FORMAT.md describes it. */
function storedSections(bytes: Uint8Array): StoredSection[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: view.getUint32(48, true) }, (_, i) => {
    const entry = 72 + 32 * i;
    const offset = Number(view.getBigUint64(entry + 16, true));
    return {
      tag: view.getUint16(entry, true),
      index: view.getUint16(entry + 2, true),
      dtype: view.getUint8(entry + 4),
      count: Number(view.getBigUint64(entry + 8, true)),
      data: new DataView(bytes.buffer, bytes.byteOffset + offset, Number(view.getBigUint64(entry + 24, true))),
    };
  });
}

function readRecord(section: StoredSection, fields: RecordField[]): Record<string, unknown> {
  return Object.fromEntries(
    fields.map(({ name, type }, i) => {
      if (type === 'f64') return [name, section.data.getFloat64(8 * i, true)];
      const value = Number(section.data.getBigInt64(8 * i, true));
      return [name, type === 'bool' ? value === 1 : value];
    }),
  );
}

/** Where a record's fields live in the fixed state. */
function recordSource(component: string, state: Record<string, unknown>, section: StoredSection): Record<string, unknown> {
  if (component === 'TrainingCheckpoint' && section.tag === 101) return state['entry'] as Record<string, unknown>;
  if (component === 'ShadowAgents') {
    const shadows = state['shadows'] as Record<string, unknown>[];
    return section.tag === 1 ? { numShadows: shadows.length } : (shadows[section.index] as Record<string, unknown>);
  }
  if (component === 'RiskAdversary') return { ...state, modelKind: (state['model'] as { kind: string }).kind === 'network' ? 0 : 1 };
  return state;
}

describe('FORMAT.md', () => {
  it('lists every component with its kind, file, schema version and priority', () => {
    for (const codec of componentCodecs) {
      const rows = doc.split('\n').map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')));
      const row = rows.find((cells) => cells[1] === String(codec.kind) && cells[2] === codec.name);
      expect(row, codec.name).toEqual(['', String(codec.kind), codec.name, codec.fileName, String(codec.schemaVersion), String(codec.priority), '']);
    }
  });

  it.each(componentCodecs.map((codec) => [codec.name, codec] as const))('%s: documents every section of the golden vector, record fields in order', (name, codec) => {
    const documented = documentedSections(codec.kind, name);
    const stored = storedSections(new Uint8Array(readFileSync(join(GOLDEN_DIRECTORY, goldenFileName(name)))));
    const state = goldenStates[name]!() as Record<string, unknown>;
    for (const section of stored) {
      const row = documented.find((candidate) => candidate.tag === section.tag && (candidate.index === 'any' || candidate.index === section.index));
      expect(row, `${name} section ${section.tag}/${section.index}`).toBeDefined();
      expect(section.dtype, `${name} section ${section.tag}/${section.index} dtype`).toBe(row!.dtype);
      if (section.dtype !== DType.RECORD) continue;
      expect(section.count, `${name} record ${section.tag} field count`).toBe(row!.fields.length);
      const source = recordSource(name, state, section);
      expect(readRecord(section, row!.fields)).toEqual(Object.fromEntries(row!.fields.map(({ name: field }) => [field, source[field]])));
    }
    for (const row of documented.filter((candidate) => !candidate.optional && candidate.index !== 'any')) {
      expect(stored.some((section) => section.tag === row.tag && section.index === row.index), `${name} documented section ${row.tag}/${row.index} is written`).toBe(true);
    }
  });
});
