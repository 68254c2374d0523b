// Q-table as an open-addressing hash map over (stateHash, action). Entries live in dense
// columns in insertion order, laid out so the stateHash column is a BigUint64Array view of the
// same memory: exporting the schema's QTable is three subarray views, no per-entry objects.

import type { QTable } from '../components/types.js';

const TWO_POW_32 = 4294967296;
const EMPTY = -1;

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error('the demo Q-table stores 64-bit hashes as little-endian word pairs; this platform is big-endian');
}

export class QMap {
  #count = 0;
  /** Word pairs [low, high] per entry; `#hashes` views the same buffer as uint64. */
  #words: Uint32Array;
  #hashes: BigUint64Array;
  #actions: Uint8Array;
  #values: Float64Array;
  /** Open-addressing slots holding entry indices, linear probing, load factor <= 1/2. */
  #slots: Int32Array;

  constructor(expectedEntries = 1024) {
    const capacity = Math.max(16, expectedEntries);
    this.#words = new Uint32Array(capacity * 2);
    this.#hashes = new BigUint64Array(this.#words.buffer);
    this.#actions = new Uint8Array(capacity);
    this.#values = new Float64Array(capacity);
    this.#slots = new Int32Array(slotCountFor(capacity)).fill(EMPTY);
  }

  get size(): number {
    return this.#count;
  }

  /** Entry index of (hash, action), or -1. */
  find(hash: number, action: number): number {
    return this.findWords(hash >>> 0, Math.floor(hash / TWO_POW_32), action);
  }

  findWords(low: number, high: number, action: number): number {
    const mask = this.#slots.length - 1;
    for (let slot = slotOf(low, high, action) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.#slots[slot] as number;
      if (entry === EMPTY) return -1;
      if (this.#words[entry * 2] === low && this.#words[entry * 2 + 1] === high && this.#actions[entry] === action) return entry;
    }
  }

  /** Q(hash, action); 0 for an unseen pair. */
  value(hash: number, action: number): number {
    const entry = this.find(hash, action);
    return entry < 0 ? 0 : (this.#values[entry] as number);
  }

  valueAt(entry: number): number {
    return this.#values[entry] as number;
  }

  setValueAt(entry: number, value: number): void {
    this.#values[entry] = value;
  }

  /** Entry index of (hash, action), inserted with `initial` if absent. */
  upsert(hash: number, action: number, initial = 0): number {
    return this.upsertWords(hash >>> 0, Math.floor(hash / TWO_POW_32), action, initial);
  }

  upsertWords(low: number, high: number, action: number, initial = 0): number {
    const found = this.findWords(low, high, action);
    if (found >= 0) return found;
    if (this.#count === this.#actions.length) this.#grow();
    const entry = this.#count++;
    this.#words[entry * 2] = low;
    this.#words[entry * 2 + 1] = high;
    this.#actions[entry] = action;
    this.#values[entry] = initial;
    this.#place(entry);
    return entry;
  }

  /** Views of the live columns: valid until the next insertion; copy to keep them. */
  view(): QTable {
    return {
      stateHash: this.#hashes.subarray(0, this.#count),
      action: this.#actions.subarray(0, this.#count),
      qValue: this.#values.subarray(0, this.#count),
    };
  }

  /** Replaces the contents with a stored table (copied). */
  load(table: QTable): void {
    const count = table.stateHash.length;
    const capacity = Math.max(16, count, this.#actions.length);
    this.#words = new Uint32Array(capacity * 2);
    this.#hashes = new BigUint64Array(this.#words.buffer);
    this.#hashes.set(table.stateHash);
    this.#actions = new Uint8Array(capacity);
    this.#actions.set(table.action);
    this.#values = new Float64Array(capacity);
    this.#values.set(table.qValue);
    this.#slots = new Int32Array(slotCountFor(capacity)).fill(EMPTY);
    this.#count = 0;
    for (let entry = 0; entry < count; entry++) {
      if (this.findWords(this.#words[entry * 2] as number, this.#words[entry * 2 + 1] as number, this.#actions[entry] as number) >= 0) {
        throw new RangeError(`Q-table entry ${entry} duplicates an earlier (stateHash, action) pair`);
      }
      this.#count++;
      this.#place(entry);
    }
  }

  #place(entry: number): void {
    const mask = this.#slots.length - 1;
    let slot = slotOf(this.#words[entry * 2] as number, this.#words[entry * 2 + 1] as number, this.#actions[entry] as number) & mask;
    while (this.#slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.#slots[slot] = entry;
  }

  #grow(): void {
    const capacity = this.#actions.length * 2;
    const words = new Uint32Array(capacity * 2);
    words.set(this.#words);
    const actions = new Uint8Array(capacity);
    actions.set(this.#actions);
    const values = new Float64Array(capacity);
    values.set(this.#values);
    this.#words = words;
    this.#hashes = new BigUint64Array(words.buffer);
    this.#actions = actions;
    this.#values = values;
    this.#slots = new Int32Array(slotCountFor(capacity)).fill(EMPTY);
    for (let entry = 0; entry < this.#count; entry++) this.#place(entry);
  }
}

function slotCountFor(capacity: number): number {
  let slots = 32;
  while (slots < capacity * 2) slots *= 2;
  return slots;
}

function slotOf(low: number, high: number, action: number): number {
  let h = Math.imul(low ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(high + action * 0x27d4eb2f, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 13)) >>> 0;
}
