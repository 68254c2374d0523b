// The integrity facts carried with every object: sha256 of the whole file (checked on the way
// back), Content-MD5 (the store checks it on PUT, where it can) and the file's own HMAC trailer.

import { createHash } from 'node:crypto';
import { HMAC_BYTES } from '@quantum/persistence-core';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
export const md5Base64 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('base64');
/** The HMAC-SHA256 trailer of a state file, hex. It names the signed content, never the key. */
export const hmacTrailerHex = (bytes: Uint8Array): string => Buffer.from(bytes.subarray(bytes.byteLength - HMAC_BYTES)).toString('hex');
