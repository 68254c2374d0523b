// Opens the server's event stream once for the signed-in console: live latency, fresh queries, online status.

import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { openEventStream, type StreamEvent, type StreamStatus } from '../../../lib/event-stream';
import type { SaveEvent } from '@quantum/api-contract';
import { LatencyStore } from '../latency-store';
import { getRecentSaves } from '../api/get-saves';

interface EventStreamContextValue {
  status: StreamStatus;
  latency: LatencyStore;
  lastEvent: StreamEvent | null;
}

const EventStreamContext = createContext<EventStreamContextValue | null>(null);


export function EventStreamProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const latency = useMemo(() => new LatencyStore(), []);
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [lastEvent, setLastEvent] = useState<StreamEvent | null>(null);

  // Draw the chart from the journal's recent saves at once, then follow the stream.
  useEffect(() => {
    const controller = new AbortController();
    getRecentSaves(1000, controller.signal)
      .then(({ events }) => {
        const oldestFirst = [...events].reverse();
        for (const save of oldestFirst) {
          if (save.kind === 'save' && save.outcome === 'ok' && typeof save.durationMs === 'number') {
            latency.record(save.component, save.time, save.durationMs, save.position);
          }
        }
      })
      .catch(() => {
        // No history (offline, or an old server): the chart starts with the live events.
      });
    return () => controller.abort();
  }, [latency]);

  useEffect(() => {
    let previous: StreamStatus = 'connecting';
    let lastRefresh = 0;
    // Saves can arrive many times a second: refresh the lists at most once a second,
    // without cancelling a refetch already on its way.
    const refresh = (type: string) => {
      const now = Date.now();
      if (type === 'save' && now - lastRefresh < 1000) return;
      lastRefresh = now;
      void queryClient.invalidateQueries({ queryKey: ['components'] }, { cancelRefetch: false });
      if (type !== 'save') void queryClient.invalidateQueries({ queryKey: ['audit'] }, { cancelRefetch: false });
    };
    return openEventStream('/api/events', {
      onStatus: (next) => {
        // Coming back from offline: everything on screen may be stale.
        if (next === 'open' && previous === 'offline') void queryClient.invalidateQueries();
        previous = next;
        setStatus(next);
      },
      onEvent: (event) => {
        setLastEvent(event);
        if (event.type === 'save') {
          const save = event.data as SaveEvent;
          if (save.kind === 'save' && save.outcome === 'ok' && typeof save.durationMs === 'number') {
            latency.record(save.component, save.time, save.durationMs, save.position);
          }
        }
        refresh(event.type);
      },
    });
  }, [queryClient, latency]);

  const value = useMemo(() => ({ status, latency, lastEvent }), [status, latency, lastEvent]);
  return <EventStreamContext.Provider value={value}>{children}</EventStreamContext.Provider>;
}

export function useEventStream(): EventStreamContextValue {
  const value = useContext(EventStreamContext);
  if (!value) throw new Error('useEventStream must be used inside EventStreamProvider');
  return value;
}
