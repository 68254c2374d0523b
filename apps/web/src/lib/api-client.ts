// The one way the console talks to the server: JSON over fetch with the bearer token, typed errors.
// Paths are written as for the default installation (`/api/components`); while another
// installation is shown, they go to its mirror `/api/installations/<id>/components`.

import { clearToken, readToken } from './auth-token';

/** Routes about the server or the caller, not about one installation: never re-prefixed. */
const SERVER_WIDE = ['/api/session', '/api/installations', '/api/openapi.json', '/api/docs'];

/** null: the default installation. Set by the app when the installation in the URL changes. */
let currentInstallation: string | null = null;

export function setApiInstallation(id: string | null): void {
  currentInstallation = id;
}

/** `path` as the current installation serves it. */
export function installationPath(path: string, installation: string | null = currentInstallation): string {
  if (installation === null || !path.startsWith('/api/')) return path;
  if (SERVER_WIDE.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`))) return path;
  return `/api/installations/${encodeURIComponent(installation)}${path.slice('/api'.length)}`;
}

/** Base class of every failure of an API call. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server could not be reached at all (down, restarting, network gone). */
export class OfflineError extends ApiError {
  override name = 'OfflineError';
  constructor(path: string, cause: unknown) {
    super(`The server cannot be reached (${path})`, 0, 'OFFLINE', { cause });
  }
}

/** The token is missing, expired or not accepted. */
export class UnauthorizedError extends ApiError {
  override name = 'UnauthorizedError';
}

export function isOfflineError(error: unknown): error is OfflineError {
  return error instanceof OfflineError;
}

export function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined | null>;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(installationPath(path), options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new OfflineError(path, error);
  }
  // A proxy answering for a stopped server says 502/503/504: treat it as offline too.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    throw new OfflineError(path, new Error(`HTTP ${response.status}`));
  }
  if (!response.ok) throw await errorOf(path, response);
  return response;
}

async function errorOf(path: string, response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText} for ${path}`;
  let code: string | undefined;
  try {
    const body = (await response.json()) as { message?: string; code?: string; error?: string };
    if (body.message) message = body.message;
    code = body.code ?? body.error;
  } catch {
    // The body was not JSON: the status line is all we know.
  }
  if (response.status === 401) {
    clearToken();
    return new UnauthorizedError(message, 401, code);
  }
  return new ApiError(message, response.status, code);
}

export async function apiGet<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
  const response = await send(path, options);
  return (await response.json()) as T;
}

export async function apiPost<T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
  const response = await send(path, { ...options, method: 'POST', body });
  return (await response.json()) as T;
}

/** Raw response, for downloads (export of a filtered view). */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  return send(path, options);
}
