// What is replicated by default: every registered state component and the SaveAll manifest.

import type { AnyComponentCodec } from '@quantum/persistence-core';
import { componentCodecs, manifestCodec } from '@quantum/persistence-core';
import type { ReplicatedComponent } from './local-generations.js';

export function defaultComponents(codecs: readonly AnyComponentCodec[] = componentCodecs): ReplicatedComponent[] {
  return [...codecs, manifestCodec].map((codec) => ({ name: codec.name, kind: codec.kind, fileName: codec.fileName }));
}
