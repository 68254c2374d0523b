// Typed sections: fixed-width columns, strings and scalar records, written and read by tag.

import { DecodeError } from '../errors.js';

export const DType = { U8: 1, U32: 2, F64: 3, U64: 4, STRINGS: 5, RECORD: 6 } as const;
export type DType = (typeof DType)[keyof typeof DType];

export const SECTION_ENTRY_BYTES = 32;

export type Column = Uint8Array | Uint32Array | Float64Array | BigUint64Array;

/** How a scalar field is stored (always 8 bytes) and which values its domain admits. */
export type ScalarType =
  /** float64, any value. */
  | 'f64'
  /** int64 holding a non-negative safe integer: counts, sizes, indices, ids. */
  | 'count'
  /** int64 milliseconds since the Unix epoch. */
  | 'time'
  /** uint64 0 or 1. */
  | 'bool'
  /** uint64 code in [0, size). */
  | { enumSize: number };

export interface ScalarField {
  readonly name: string;
  readonly type: ScalarType;
}

/** The decoded value of a record declared `as const`: booleans for 'bool', numbers otherwise. */
export type RecordOf<F extends readonly ScalarField[]> = {
  -readonly [K in F[number] as K['name']]: K['type'] extends 'bool' ? boolean : number;
};

export type ScalarValue = number | boolean;

export interface Section {
  tag: number;
  index: number;
  dtype: DType;
  count: number;
  bytes: Uint8Array;
}

const dtypeOf = (column: Column): DType => {
  if (column instanceof Uint8Array) return DType.U8;
  if (column instanceof Uint32Array) return DType.U32;
  if (column instanceof Float64Array) return DType.F64;
  return DType.U64;
};

const bytesOf = (column: Column): Uint8Array => new Uint8Array(column.buffer, column.byteOffset, column.byteLength);

/** Collects the sections of one file in the order they are written. */
export class SectionWriter {
  readonly sections: Section[] = [];

  column(tag: number, column: Column, index = 0): void {
    this.sections.push({ tag, index, dtype: dtypeOf(column), count: column.length, bytes: bytesOf(column) });
  }

  strings(tag: number, values: readonly string[], index = 0): void {
    const encoded = values.map((value) => Buffer.from(value, 'utf8'));
    const bytes = new Uint8Array(4 * values.length + encoded.reduce((sum, part) => sum + part.byteLength, 0));
    const view = new DataView(bytes.buffer);
    let offset = 4 * values.length;
    encoded.forEach((part, i) => {
      view.setUint32(4 * i, part.byteLength, true);
      bytes.set(part, offset);
      offset += part.byteLength;
    });
    this.sections.push({ tag, index, dtype: DType.STRINGS, count: values.length, bytes });
  }

  /** Writes the named fields of `values` (extra properties are ignored). */
  record<F extends readonly ScalarField[]>(tag: number, fields: F, values: RecordOf<F>, index = 0): void {
    const bytes = new Uint8Array(8 * fields.length);
    const view = new DataView(bytes.buffer);
    const named = values as unknown as Record<string, ScalarValue | undefined>;
    fields.forEach((field, i) => {
      const value = named[field.name];
      if (value === undefined) throw new Error(`record field ${field.name} has no value`);
      if (field.type === 'f64') view.setFloat64(8 * i, Number(value), true);
      else view.setBigInt64(8 * i, BigInt(typeof value === 'boolean' ? Number(value) : Math.trunc(value)), true);
    });
    this.sections.push({ tag, index, dtype: DType.RECORD, count: fields.length, bytes });
  }
}

/** Reads sections of a verified file by tag, checking type and count, naming the field on error. */
export class SectionReader {
  readonly #sections: Map<string, Section>;
  readonly #file: string | undefined;

  constructor(sections: readonly Section[], file?: string) {
    this.#sections = new Map(sections.map((section) => [`${section.tag}/${section.index}`, section]));
    this.#file = file;
  }

  /** The file being read, for error messages. */
  get file(): string | undefined {
    return this.#file;
  }

  has(tag: number, index = 0): boolean {
    return this.#sections.has(`${tag}/${index}`);
  }

  #section(field: string, tag: number, index: number, dtype: DType): Section {
    const section = this.#sections.get(`${tag}/${index}`);
    if (section === undefined) throw this.error(field, `section ${tag}/${index} is missing`);
    if (section.dtype !== dtype) throw this.error(field, `section ${tag}/${index} has type ${section.dtype}, expected ${dtype}`);
    return section;
  }

  /** A column of `expected` elements (when given), viewed in place when aligned. */
  u8(field: string, tag: number, expected?: number, index = 0): Uint8Array {
    return this.#column(field, tag, index, DType.U8, expected, (buffer, offset, count) => new Uint8Array(buffer, offset, count), 1);
  }

  u32(field: string, tag: number, expected?: number, index = 0): Uint32Array {
    return this.#column(field, tag, index, DType.U32, expected, (buffer, offset, count) => new Uint32Array(buffer, offset, count), 4);
  }

  f64(field: string, tag: number, expected?: number, index = 0): Float64Array {
    return this.#column(field, tag, index, DType.F64, expected, (buffer, offset, count) => new Float64Array(buffer, offset, count), 8);
  }

  u64(field: string, tag: number, expected?: number, index = 0): BigUint64Array {
    return this.#column(field, tag, index, DType.U64, expected, (buffer, offset, count) => new BigUint64Array(buffer, offset, count), 8);
  }

  #column<T extends Column>(
    field: string,
    tag: number,
    index: number,
    dtype: DType,
    expected: number | undefined,
    view: (buffer: ArrayBufferLike, offset: number, count: number) => T,
    width: number,
  ): T {
    const section = this.#section(field, tag, index, dtype);
    if (expected !== undefined && section.count !== expected) {
      throw this.error(field, `has ${section.count} elements, expected ${expected}`);
    }
    const { bytes } = section;
    if (bytes.byteLength !== section.count * width) {
      throw this.error(field, `section holds ${bytes.byteLength} bytes for ${section.count} elements of ${width}`);
    }
    if (bytes.byteOffset % width === 0) return view(bytes.buffer, bytes.byteOffset, section.count);
    const copy = bytes.slice();
    return view(copy.buffer, 0, section.count);
  }

  strings(field: string, tag: number, expected?: number, index = 0): string[] {
    const { bytes, count } = this.#section(field, tag, index, DType.STRINGS);
    if (expected !== undefined && count !== expected) throw this.error(field, `has ${count} strings, expected ${expected}`);
    if (4 * count > bytes.byteLength) throw this.error(field, 'string lengths run past the section');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const values: string[] = [];
    let offset = 4 * count;
    for (let i = 0; i < count; i++) {
      const length = view.getUint32(4 * i, true);
      if (offset + length > bytes.byteLength) throw this.error(`${field}[${i}]`, 'string runs past the section');
      try {
        values.push(decoder.decode(bytes.subarray(offset, offset + length)));
      } catch (cause) {
        throw this.error(`${field}[${i}]`, 'is not valid UTF-8', cause);
      }
      offset += length;
    }
    if (offset !== bytes.byteLength) throw this.error(field, 'has bytes after its last string');
    return values;
  }

  /** A scalar record, each field checked against its domain. */
  record<const F extends readonly ScalarField[]>(field: string, tag: number, fields: F, index = 0): RecordOf<F> {
    const { bytes, count } = this.#section(field, tag, index, DType.RECORD);
    if (count !== fields.length || bytes.byteLength !== 8 * count) {
      throw this.error(field, `record has ${count} fields, expected ${fields.length}`);
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values: Record<string, number | boolean> = {};
    fields.forEach(({ name, type }, i) => {
      if (type === 'f64') {
        values[name] = view.getFloat64(8 * i, true);
        return;
      }
      const raw = view.getBigInt64(8 * i, true);
      if (raw > BigInt(Number.MAX_SAFE_INTEGER) || raw < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw this.error(name, `value ${raw} is outside the safe integer range`);
      }
      const value = Number(raw);
      if (type === 'time') values[name] = value;
      else if (type === 'count') {
        if (value < 0) throw this.error(name, `must be non-negative, found ${value}`);
        values[name] = value;
      } else if (type === 'bool') {
        if (value !== 0 && value !== 1) throw this.error(name, `must be 0 or 1, found ${value}`);
        values[name] = value === 1;
      } else {
        if (value < 0 || value >= type.enumSize) throw this.error(name, `unknown enum code ${value} (valid: 0..${type.enumSize - 1})`);
        values[name] = value;
      }
    });
    return values as RecordOf<F>;
  }

  /** A DecodeError about `field` in this file. */
  error(field: string, detail: string, cause?: unknown): DecodeError {
    return new DecodeError(field, detail, { file: this.#file, cause });
  }
}
