// Server-sent events read with fetch (EventSource cannot send the Authorization header).
// Reconnects with Last-Event-ID so no event is missed while the server restarts; a stream that
// stays silent past the server's heartbeat, or a browser that goes offline, counts as dropped.

import { authHeaders, installationPath } from './api-client';
import { clearToken } from './auth-token';

export interface StreamEvent {
  id: string | null;
  type: string;
  data: unknown;
}

export type StreamStatus = 'connecting' | 'open' | 'offline';

export interface EventStreamHandlers {
  onEvent: (event: StreamEvent) => void;
  onStatus: (status: StreamStatus) => void;
}

const retryDelaysMs = [500, 1000, 2000, 4000, 8000];
/** The server sends a keep-alive comment every 15 s. */
const silenceLimitMs = 40_000;

export function openEventStream(path: string, handlers: EventStreamHandlers): () => void {
  // Fixed when opened: a stream belongs to the installation shown then, across reconnects.
  const url = installationPath(path);
  const stopped = new AbortController();
  let attempt: AbortController | null = null;
  let lastEventId: string | null = null;
  let failures = 0;
  const dropAttempt = () => attempt?.abort();
  window.addEventListener('offline', dropAttempt);

  const connect = async (): Promise<void> => {
    attempt = new AbortController();
    const current = attempt;
    let watchdog = setTimeout(() => current.abort(), silenceLimitMs);
    const alive = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => current.abort(), silenceLimitMs);
    };
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders() };
      if (lastEventId !== null) headers['last-event-id'] = lastEventId;
      const response = await fetch(url, { headers, signal: AbortSignal.any([stopped.signal, current.signal]) });
      // A refused token will not become valid by retrying: back to sign-in.
      if (response.status === 401) {
        clearToken();
        stopped.abort();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      handlers.onStatus('open');
      failures = 0;
      await readEvents(response.body, alive, (event) => {
        if (event.id !== null) lastEventId = event.id;
        handlers.onEvent(event);
      });
    } catch {
      // Dropped or refused: the loop below waits and tries again.
    } finally {
      clearTimeout(watchdog);
    }
  };

  const run = async (): Promise<void> => {
    handlers.onStatus('connecting');
    while (!stopped.signal.aborted) {
      await connect();
      if (stopped.signal.aborted) return;
      handlers.onStatus('offline');
      const delay = retryDelaysMs[Math.min(failures, retryDelaysMs.length - 1)] ?? 8000;
      failures += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
  void run();
  return () => {
    window.removeEventListener('offline', dropAttempt);
    stopped.abort();
  };
}

async function readEvents(body: ReadableStream<Uint8Array>, alive: () => void, emit: (event: StreamEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    alive();
    buffer += decoder.decode(value, { stream: true });
    let boundary = buffer.search(/\r?\n\r?\n/);
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
      const event = parseEventBlock(block);
      if (event) emit(event);
      boundary = buffer.search(/\r?\n\r?\n/);
    }
  }
}

export function parseEventBlock(block: string): StreamEvent | null {
  let id: string | null = null;
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':') || line === '') continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  try {
    return { id, type, data: JSON.parse(text) as unknown };
  } catch {
    return { id, type, data: text };
  }
}
