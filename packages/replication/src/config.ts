// Where replicas go and how to reach the store. Credentials come from the standard AWS chain
// (env, shared files, SSO, IMDS...) unless given; non-AWS stores need path-style addressing
// and checksums only when required (streamed bodies are otherwise sent aws-chunked with a
// trailer, which Ceph 16, Swift and s3rver mishandle; see the README).

import { S3Client } from '@aws-sdk/client-s3';
import { ReplicationError } from './errors.js';

export interface BucketConfig {
  bucket: string;
  /** Key prefix for every installation, e.g. `quantum`; may be empty. */
  prefix: string;
  /** S3 endpoint for non-AWS stores (Ceph RGW, Swift, s3rver); AWS when absent. */
  endpoint?: string;
  region: string;
  /** Explicit credentials; otherwise the AWS default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Default true: bucket in the path, which every non-AWS store supports. */
  forcePathStyle?: boolean;
  /** Per-request timeout; default 30 s. */
  requestTimeoutMs?: number;
}

export interface ReplicationTarget extends BucketConfig {
  /** Names one agent's state directory in the bucket (`<prefix>/<installation>/...`). */
  installation: string;
}

const INSTALLATION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkInstallation(installation: string): string {
  if (!INSTALLATION.test(installation)) {
    throw new ReplicationError(`installation "${installation}" must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  return installation;
}

export function createS3Client(config: BucketConfig): S3Client {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  return new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle ?? true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Retries are the replicator's own (backoff with jitter, reported); one SDK attempt each.
    maxAttempts: 1,
    requestHandler: { requestTimeout: config.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
  });
}

/** QUANTUM_S3_BUCKET, QUANTUM_S3_PREFIX, QUANTUM_S3_ENDPOINT, AWS_REGION, QUANTUM_INSTALLATION. */
export function targetFromEnv(env: NodeJS.ProcessEnv, overrides: Partial<ReplicationTarget> = {}): ReplicationTarget {
  const bucket = overrides.bucket ?? env['QUANTUM_S3_BUCKET'];
  const installation = overrides.installation ?? env['QUANTUM_INSTALLATION'];
  if (bucket === undefined || bucket === '') throw new ReplicationError('no bucket: pass --bucket or set QUANTUM_S3_BUCKET');
  if (installation === undefined || installation === '') throw new ReplicationError('no installation: pass --installation or set QUANTUM_INSTALLATION');
  const endpoint = overrides.endpoint ?? env['QUANTUM_S3_ENDPOINT'];
  return {
    bucket,
    installation: checkInstallation(installation),
    prefix: overrides.prefix ?? env['QUANTUM_S3_PREFIX'] ?? 'quantum',
    region: overrides.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    ...(endpoint === undefined || endpoint === '' ? {} : { endpoint }),
    ...(overrides.credentials === undefined ? {} : { credentials: overrides.credentials }),
  };
}
