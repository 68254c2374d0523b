// The finite check over a whole state, whatever its shape: every float64 column and every
// number field, reached by walking the state object, so no float field can be forgotten.

import type { FindingSink } from '../findings.js';
import { finiteColumn, finiteScalar } from './columns.js';

export function finiteEverywhere(sink: FindingSink, value: unknown, path = ''): void {
  if (!sink.enabled('finite')) return;
  if (typeof value === 'number') {
    finiteScalar(sink, path, value);
  } else if (value instanceof Float64Array) {
    finiteColumn(sink, path, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => finiteEverywhere(sink, item, `${path}[${i}]`));
  } else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const [key, item] of Object.entries(value)) finiteEverywhere(sink, item, path === '' ? key : `${path}.${key}`);
  }
}
