// The one failure of DemoAgent.restore a caller can act on: a stored component that does not
// fit this demo's configuration (another replay capacity, symbol set, network shape, ...).

import { QuantumStateError } from '../errors.js';
import type { DemoComponent } from './states.js';

export class DemoStateMismatchError extends QuantumStateError {
  override name = 'DemoStateMismatchError';

  constructor(
    readonly component: DemoComponent,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(`stored ${component} does not fit this demo agent: ${detail}`, options);
  }
}

export function isDemoStateMismatchError(error: unknown): error is DemoStateMismatchError {
  return error instanceof DemoStateMismatchError;
}
