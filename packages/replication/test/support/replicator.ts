import { activePositionCodec, componentCodecs } from '@quantum/persistence-core';
import { defaultComponents } from '../../src/components.js';
import { Replicator } from '../../src/replicator.js';
import type { ReplicatorOptions } from '../../src/replicator.js';
import type { Emulator } from './s3rver.js';
import type { TestState } from './state.js';

/** A replicator of `state` to the emulator's bucket (ActivePosition only unless `all`). */
export async function openReplicator(emulator: Pick<Emulator, 'target'>, state: TestState, options: Partial<ReplicatorOptions> & { all?: boolean } = {}): Promise<Replicator> {
  const { all, ...rest } = options;
  return Replicator.open({
    directory: state.directory,
    keyring: state.keyring,
    target: emulator.target(),
    components: defaultComponents(all === true ? componentCodecs : [activePositionCodec]),
    backoff: { baseMs: 10, maxMs: 50 },
    ...rest,
  });
}
