// How a Replicator is set up: where it reads, where it writes, how often it polls, verifies,
// applies retention and records its lag.

import type { S3Client } from '@aws-sdk/client-s3';
import type { FileSystem, Keyring } from '@quantum/persistence-core';
import type { BackoffOptions } from './backoff.js';
import type { ConditionalPut } from './bucket.js';
import type { ReplicationTarget } from './config.js';
import type { ReplicatedComponent } from './local-generations.js';
import type { ReplicationEvent } from './replication-journal.js';
import type { RetentionPolicy } from './retention.js';

export interface ReplicatorOptions {
  directory: string;
  keyring: Keyring;
  target: ReplicationTarget;
  /** Default: a client from `target` (path-style, checksums only when required). */
  client?: S3Client;
  conditionalPut?: ConditionalPut;
  /** Default: every registered component and the SaveAll manifest. */
  components?: readonly ReplicatedComponent[];
  fs?: FileSystem;
  /** How often the directory is polled for new generations; default 250 ms (44 header reads for 11 components). */
  pollMs?: number;
  /** Restore-and-compare interval in the loop; default 10 minutes; 0 = never. */
  verifyEveryMs?: number;
  retention?: RetentionPolicy & { everyMs: number };
  /** Create `.outbox/` so saves link every committed generation for it (default true; README "Outbox"). */
  outbox?: boolean;
  /** A `lag` journal record this often while running, also when nothing happens; default 60 s; 0 = never. */
  lagRecordEveryMs?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  /** Called with every journal event (passes that did something, failures, verifications, retention runs). */
  onEvent?: (event: ReplicationEvent) => void;
}
