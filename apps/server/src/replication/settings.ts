// The bucket the server reads replicas from, from the same environment variables as the
// replicator (QUANTUM_S3_BUCKET, QUANTUM_S3_PREFIX, QUANTUM_S3_ENDPOINT, AWS_REGION,
// QUANTUM_INSTALLATION). Optional: without a bucket, replication is "not configured".
// Credentials are never read here: the AWS SDK's default chain finds them when a request is made.

import { checkInstallation } from '@quantum/replication';
import type { ReplicationTarget } from '@quantum/replication';

export interface ReplicationSettings {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
  /** The installation's name in the bucket; when absent, the one in the replicator's cursor. */
  installation?: string;
  /** Explicit credentials (tests); otherwise the AWS default chain. */
  credentials?: ReplicationTarget['credentials'];
  requestTimeoutMs?: number;
}

/** The installation name the server's own replicator uses for the demo when none is set. */
export const DEMO_INSTALLATION = 'demo';

export function replicationFromEnv(env: NodeJS.ProcessEnv): ReplicationSettings | undefined {
  const bucket = env['QUANTUM_S3_BUCKET'];
  if (bucket === undefined || bucket === '') return undefined;
  const endpoint = env['QUANTUM_S3_ENDPOINT'];
  const installation = env['QUANTUM_INSTALLATION'];
  return {
    bucket,
    prefix: env['QUANTUM_S3_PREFIX'] ?? 'quantum',
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(installation === undefined || installation === '' ? {} : { installation: checkInstallation(installation) }),
  };
}

/** What the API may show of the settings: never credentials. */
export function publicTarget(settings: ReplicationSettings, installation: string): { bucket: string; prefix: string; installation: string; region: string; endpoint?: string } {
  return { bucket: settings.bucket, prefix: settings.prefix, installation, region: settings.region, ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }) };
}
