// The section table of a state file, listed for `inspect` before (and independent of) verification,
// so a damaged file still shows its layout. Bounds-checked; never trusted for decoding.

import type { FileHeader } from '../format/header.js';
import { HEADER_BYTES } from '../format/header.js';
import { DType, SECTION_ENTRY_BYTES } from '../format/sections.js';

export interface SectionListing {
  tag: number;
  index: number;
  type: string;
  count: number;
  offset: number;
  bytes: number;
  /** Why the entry cannot be right, if it cannot. */
  problem?: string;
}

const TYPE_NAMES = Object.fromEntries(Object.entries(DType).map(([name, code]) => [code, name.toLowerCase()])) as Record<number, string>;

export function listSections(bytes: Uint8Array, header: FileHeader): SectionListing[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const listing: SectionListing[] = [];
  const tableEnd = HEADER_BYTES + SECTION_ENTRY_BYTES * header.sectionCount;
  for (let i = 0; i < header.sectionCount && HEADER_BYTES + SECTION_ENTRY_BYTES * (i + 1) <= bytes.byteLength; i++) {
    const entry = HEADER_BYTES + SECTION_ENTRY_BYTES * i;
    const dtype = view.getUint8(entry + 4);
    const offset = Number(view.getBigUint64(entry + 16, true));
    const length = Number(view.getBigUint64(entry + 24, true));
    const inBody = offset >= tableEnd && offset % 8 === 0 && offset + length <= header.bodyLength;
    listing.push({
      tag: view.getUint16(entry, true),
      index: view.getUint16(entry + 2, true),
      type: TYPE_NAMES[dtype] ?? `unknown(${dtype})`,
      count: Number(view.getBigUint64(entry + 8, true)),
      offset,
      bytes: length,
      ...(inBody ? {} : { problem: 'outside the body or misaligned' }),
    });
  }
  return listing;
}
