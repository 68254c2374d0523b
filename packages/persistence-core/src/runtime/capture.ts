// Capturing a state at enqueue: a deep copy in which each typed array is one memcpy (slice),
// several times faster than structuredClone, which serializes and deserializes every byte.

/**
 * Deep copy of a component state: typed arrays, arrays and plain objects are copied;
 * strings, numbers, booleans and bigints are immutable and shared; anything else
 * (Map, Date, class instances) goes through structuredClone.
 */
export function captureState<S>(state: S): S {
  return copy(state) as S;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) {
    return value instanceof DataView ? new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)) : (value as unknown as { slice(): unknown }).slice();
  }
  if (Array.isArray(value)) return value.map(copy);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copied: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copied[key] = copy(item);
  return copied;
}
