// Reading server-sent events from an injected response stream.

import type { Readable } from 'node:stream';

export interface SseEvent<T = unknown> {
  event: string;
  id?: string;
  data: T;
}

/** Resolves once `done` accepts the events received so far (each frame parsed as JSON). */
export function collectEvents(stream: Readable, done: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const events: SseEvent[] = [];
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter((line) => /^[a-z]+: /.test(line))
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        if (fields['event'] === undefined) continue;
        events.push({ event: fields['event'], ...(fields['id'] ? { id: fields['id'] } : {}), data: JSON.parse(fields['data'] as string) });
        if (done(events)) resolve(events);
      }
    });
    stream.on('error', reject);
  });
}
