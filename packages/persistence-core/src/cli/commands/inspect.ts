// `inspect FILE`: header, section table, verification (when the keyring holds the key) and a
// summary of any state file path, current or backup or quarantined. Read-only.

import { readFile } from 'node:fs/promises';
import { codecByKind } from '../../components/registry.js';
import { KeyringError, QuantumStateError, rejectReasonOf } from '../../errors.js';
import { HeaderFlag, readHeader } from '../../format/header.js';
import type { Keyring } from '../../signing/keyring.js';
import { manifestCodec } from '../../runtime/manifest.js';
import { readKeyring } from '../../signing/keyring.js';
import { decodeGeneration } from '../../store/generation-reader.js';
import type { Command, CommandInput } from '../command.js';
import { UsageError } from '../command.js';
import { summarizeComponent } from '../component-summary.js';
import { ExitCode } from '../exit-codes.js';
import { formatBytes, formatTime, table } from '../output.js';
import { isPositionFile, readPositionBytes } from '../position-report.js';
import type { SectionListing } from '../section-table.js';
import { listSections } from '../section-table.js';

interface Verification {
  status: 'valid' | 'rejected' | 'not-checked';
  reason?: string;
  message?: string;
}

/** Inspect works without a keyring (header and layout only); a broken key file is still an error. */
async function optionalKeyring(path: string): Promise<Keyring | undefined> {
  try {
    return await readKeyring(path);
  } catch (error) {
    if (error instanceof KeyringError && error.message.endsWith('does not exist')) return undefined;
    throw error;
  }
}

function flagNames(flags: number): string[] {
  return Object.entries(HeaderFlag).filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
}

async function inspectPosition(input: CommandInput, file: string, bytes: Uint8Array, keyring: Keyring | undefined): Promise<number> {
  const report = readPositionBytes(bytes, file, keyring);
  input.output.result({ kind: 'position-file', keyringAvailable: keyring !== undefined, ...report });
  input.output.line(`${file}: ActivePosition position file (two signed slots), ${formatBytes(bytes.byteLength)}`);
  if (keyring === undefined) input.output.line('slots not verified: no key file');
  for (const row of table(['slot', 'status', 'seq', 'record', 'written at'], report.slots.map((slot) => [String(slot.index), slot.status, String(slot.seq ?? '-'), slot.kind ?? '-', formatTime(slot.writtenAt)]))) {
    input.output.line(`  ${row}`);
  }
  if (report.position !== undefined) input.output.line(`open position: ${JSON.stringify(report.position)}`);
  return report.newest === undefined && keyring !== undefined ? ExitCode.FAILED : ExitCode.OK;
}

export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'inspect FILE [--keyring FILE]',
  summary: 'show a state file: header, key fingerprint, verification, sections, component summary',
  options: {},
  async run(input) {
    const [file] = input.positionals;
    if (file === undefined || input.positionals.length !== 1) throw new UsageError('expected exactly one FILE');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch (cause) {
      throw new QuantumStateError(`cannot read: ${cause instanceof Error ? cause.message : String(cause)}`, { file, cause });
    }
    const keyring = await optionalKeyring(input.shared.keyringPath);
    if (isPositionFile(bytes)) return inspectPosition(input, file, bytes, keyring);
    const header = readHeader(bytes, file);
    // The SaveAll manifest is a state file too, kept outside the component registry.
    const codec = codecByKind(header.componentKind) ?? (header.componentKind === manifestCodec.kind ? manifestCodec : undefined);
    const keyFingerprint = Buffer.from(header.keyFingerprint).toString('hex');
    const sections = listSections(bytes, header);
    let verification: Verification = { status: 'not-checked', message: keyring === undefined ? 'no key file' : 'unknown component kind' };
    let summary: Record<string, string | number | boolean> | undefined;
    if (keyring !== undefined && codec !== undefined) {
      try {
        const decoded = decodeGeneration(codec, bytes, keyring, file);
        verification = { status: 'valid', ...(decoded.migratedFrom !== undefined ? { message: `migrated in memory from schema v${decoded.migratedFrom}` } : {}) };
        summary = summarizeComponent(codec.name, decoded.state);
      } catch (error) {
        if (!(error instanceof QuantumStateError)) throw error;
        verification = { status: 'rejected', reason: rejectReasonOf(error), message: error.message };
      }
    }
    const headerReport = { ...header, keyFingerprint, flagNames: flagNames(header.flags), savedAtIso: formatTime(header.savedAt) };
    input.output.result({ file, sizeBytes: bytes.byteLength, component: codec?.name ?? null, currentSchema: codec?.schemaVersion ?? null, header: headerReport, keyInKeyring: keyring?.find(header.keyFingerprint) !== undefined, verification, sections, summary: summary ?? null });
    printHuman(input, { file, size: bytes.byteLength, component: codec?.name, currentSchema: codec?.schemaVersion, headerReport, keyInKeyring: keyring?.find(header.keyFingerprint) !== undefined, verification, sections, summary });
    return verification.status === 'rejected' ? ExitCode.FAILED : ExitCode.OK;
  },
};

function printHuman(
  input: CommandInput,
  facts: {
    file: string; size: number; component: string | undefined; currentSchema: number | undefined;
    headerReport: { formatVersion: number; componentKind: number; schemaVersion: number; seq: number; savedAtIso: string; flags: number; flagNames: string[]; keyFingerprint: string; sectionCount: number };
    keyInKeyring: boolean; verification: Verification; sections: SectionListing[]; summary: Record<string, string | number | boolean> | undefined;
  },
): void {
  const { output } = input;
  const h = facts.headerReport;
  output.line(`file         ${facts.file} (${formatBytes(facts.size)})`);
  output.line(`component    ${facts.component ?? `unknown kind ${h.componentKind}`} (kind ${h.componentKind})`);
  output.line(`format       v${h.formatVersion}`);
  output.line(`schema       v${h.schemaVersion}${facts.currentSchema !== undefined && h.schemaVersion < facts.currentSchema ? ` (this build writes v${facts.currentSchema}: migration pending)` : ''}`);
  output.line(`seq          ${h.seq}`);
  output.line(`saved at     ${h.savedAtIso}`);
  output.line(`flags        ${h.flags}${h.flagNames.length > 0 ? ` (${h.flagNames.join(', ')})` : ''}`);
  output.line(`key          ${h.keyFingerprint}${facts.keyInKeyring ? ' (in keyring)' : ' (not in keyring)'}`);
  const v = facts.verification;
  output.line(`verification ${v.status.toUpperCase()}${v.reason !== undefined ? ` ${v.reason}` : ''}${v.message !== undefined ? `: ${v.message}` : ''}`);
  output.line(`sections     ${h.sectionCount}`);
  const rows = facts.sections.map((s) => [String(s.tag), String(s.index), s.type, String(s.count), formatBytes(s.bytes), s.problem ?? '']);
  for (const row of table(['tag', 'index', 'type', 'count', 'bytes', ''], rows)) output.line(`  ${row}`);
  if (facts.summary !== undefined) {
    output.line('summary');
    for (const [key, value] of Object.entries(facts.summary)) output.line(`  ${key.padEnd(32)} ${String(value)}`);
  }
}
