// HMAC-SHA256 (RFC 2104) signing and constant-time verification with one key.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { FINGERPRINT_BYTES } from '../format/header.js';

const FINGERPRINT_LABEL = 'quantum-state key fingerprint v1';

/** A secret key; the bytes never leave this object except into HMAC. */
export class SigningKey {
  readonly #secret: Uint8Array;
  readonly fingerprint: Uint8Array;
  readonly fingerprintHex: string;
  readonly createdAt: string;

  constructor(secret: Uint8Array, createdAt: string) {
    if (secret.byteLength < 32) throw new RangeError('a signing key needs at least 32 bytes');
    this.#secret = Uint8Array.from(secret);
    this.fingerprint = createHmac('sha256', this.#secret).update(FINGERPRINT_LABEL).digest().subarray(0, FINGERPRINT_BYTES);
    this.fingerprintHex = Buffer.from(this.fingerprint).toString('hex');
    this.createdAt = createdAt;
  }

  /** HMAC-SHA256 over the concatenation of `parts`. */
  sign(...parts: Uint8Array[]): Buffer {
    const hmac = createHmac('sha256', this.#secret);
    for (const part of parts) hmac.update(part);
    return hmac.digest();
  }

  /** Constant-time comparison of `mac` with the HMAC of `body`. */
  verify(body: Uint8Array, mac: Uint8Array): boolean {
    const expected = this.sign(body);
    return mac.byteLength === expected.byteLength && timingSafeEqual(expected, mac);
  }

  /** For the keyring file only. */
  exportSecret(): string {
    return Buffer.from(this.#secret).toString('base64');
  }

  toJSON(): object {
    return { fingerprint: this.fingerprintHex, createdAt: this.createdAt };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SigningKey(${this.fingerprintHex})`;
  }
}
