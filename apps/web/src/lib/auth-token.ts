// Where the console keeps the API token of the signed-in user (session storage: gone when the tab closes).

const storageKey = 'qsc.token';
const listeners = new Set<() => void>();

export function readToken(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(storageKey, token);
  listeners.forEach((listener) => listener());
}

export function clearToken(): void {
  sessionStorage.removeItem(storageKey);
  listeners.forEach((listener) => listener());
}

/** For useSyncExternalStore: re-render when the token changes. */
export function subscribeToken(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
