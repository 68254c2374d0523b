// Turns an AWS SDK failure into a StoreError that says what went wrong in operator terms.

import { StoreError } from './errors.js';
import type { StoreFailure } from './errors.js';

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidClientTokenId', 'ExpiredToken', 'CredentialsProviderError', 'InvalidToken']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout', 'AbortError']);

export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

export function errorNameOf(error: unknown): string {
  const sdk = error as SdkError | undefined;
  return sdk?.code ?? sdk?.name ?? 'Error';
}

export function classifyFailure(error: unknown): StoreFailure {
  const name = errorNameOf(error);
  const status = httpStatusOf(error);
  if (CREDENTIAL_CODES.has(name) || CREDENTIAL_CODES.has((error as SdkError).name ?? '')) return 'credentials';
  if (name === 'NoSuchBucket') return 'no-bucket';
  if (name === 'AccessDenied' || status === 403) return 'access-denied';
  if (NETWORK_CODES.has(name) || (status === undefined && /ECONNREFUSED|ECONNRESET|socket hang up|timed? ?out/i.test(String((error as SdkError).message)))) return 'unreachable';
  if (status !== undefined && status >= 500) return 'server-error';
  return 'other';
}

export function toStoreError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const failure = classifyFailure(error);
  const status = httpStatusOf(error);
  const hint = failure === 'access-denied' ? ' (wrong credentials or no permission on the bucket)' : failure === 'credentials' ? ' (check the access key and secret)' : '';
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(failure, operation, `${errorNameOf(error)}${status === undefined ? '' : ` HTTP ${status}`}: ${message}${hint}`, { cause: error });
}
