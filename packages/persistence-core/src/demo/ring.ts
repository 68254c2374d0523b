// A fixed-capacity rolling window of numbers, exported oldest first as the schema's history columns.

export class Ring {
  readonly #values: Float64Array;
  #next = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#values = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The value `ago` pushes back (0 = newest). */
  get(ago: number): number {
    if (ago < 0 || ago >= this.#size) throw new RangeError(`ring holds ${this.#size} values, asked ${ago} back`);
    return this.#values[(this.#next - 1 - ago + 2 * this.capacity) % this.capacity] as number;
  }

  mean(): number {
    let sum = 0;
    for (let i = 0; i < this.#size; i++) sum += this.get(i);
    return this.#size === 0 ? 0 : sum / this.#size;
  }

  /** A copy, oldest first. */
  chronological(): Float64Array {
    const out = new Float64Array(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.get(this.#size - 1 - i);
    return out;
  }

  /** Refills from an oldest-first history; keeps the newest `capacity` values. */
  restore(history: ArrayLike<number>): void {
    this.#next = 0;
    this.#size = 0;
    for (let i = Math.max(0, history.length - this.capacity); i < history.length; i++) this.push(history[i] as number);
  }
}
