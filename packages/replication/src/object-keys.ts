// Bucket layout: `<prefix>/<installation>/<Component>/<seq, 16 digits>.dat`, one immutable
// object per generation; zero padding makes lexical listing order the seq order.

export const SEQ_DIGITS = 16;
const GENERATION_OBJECT = /^(\d{16})\.dat$/;

export interface KeyScope {
  prefix: string;
  installation: string;
}

export function installationPrefix(scope: KeyScope): string {
  return scope.prefix === '' ? `${scope.installation}/` : `${scope.prefix.replace(/\/+$/, '')}/${scope.installation}/`;
}

export function componentPrefix(scope: KeyScope, component: string): string {
  return `${installationPrefix(scope)}${component}/`;
}

export function generationKey(scope: KeyScope, component: string, seq: number): string {
  return `${componentPrefix(scope, component)}${String(seq).padStart(SEQ_DIGITS, '0')}.dat`;
}

/** The seq of a generation object's key under `componentPrefix`, or undefined for other objects. */
export function seqOfKey(prefix: string, key: string): number | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const match = GENERATION_OBJECT.exec(key.slice(prefix.length));
  return match === null ? undefined : Number(match[1]);
}
