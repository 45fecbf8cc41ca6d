// The agents' WebSocket feed (GET /api/v1/realtime with the session cookie). Frames carry ids only;
// each one invalidates the queries that show that conversation, and the masked data is refetched
// over REST. When the socket cannot be opened (older server, proxy without WebSocket support) the
// inbox polls every 5 s instead and keeps trying to reconnect in the background.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { RealtimeEvent } from '../api/types';
import { sessionKey } from '../auth/session';

export type FeedState = 'connecting' | 'live' | 'polling';

/** How often lists refetch when there is no live feed. */
export const POLL_INTERVAL_MS = 5_000;

const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

export const inboxKeys = {
  conversations: ['conversations'] as const,
  conversationLookup: (id: string) => ['conversation-lookup', id] as const,
  messages: (id: string) => ['messages', id] as const,
  contact: (id: string) => ['contact', id] as const,
};

export function useRealtimeFeed(enabled = true): FeedState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<FeedState>('connecting');

  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') {
      setState('polling');
      return;
    }
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let stopped = false;

    const refreshAll = () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversations });
      void queryClient.invalidateQueries({ queryKey: ['messages'] });
      void queryClient.invalidateQueries({ queryKey: ['conversation-lookup'] });
    };

    const onEvent = (event: RealtimeEvent) => {
      if (event.type === 'ready') {
        attempt = 0;
        setState('live');
        // Whatever happened while we were not listening is picked up once.
        refreshAll();
        return;
      }
      if (!event.conversationId) return;
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversations });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLookup(event.conversationId) });
      if (event.type.startsWith('message.')) void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(event.conversationId) });
      // A new conversation changes its contact's conversation count (the event does not name the contact).
      if (event.type === 'message.created') void queryClient.invalidateQueries({ queryKey: ['contact'] });
    };

    const connect = () => {
      if (stopped) return;
      const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v1/realtime`;
      try {
        socket = new WebSocket(url);
      } catch {
        scheduleRetry();
        return;
      }
      socket.onmessage = (message) => {
        try {
          const parsed = JSON.parse(String(message.data)) as RealtimeEvent;
          if (parsed && typeof parsed.type === 'string') onEvent(parsed);
        } catch {
          // not a frame of ours
        }
      };
      socket.onclose = (closed) => {
        socket = null;
        if (stopped) return;
        setState('polling');
        // 4401: the session ended; let the app show the login page instead of retrying.
        if (closed.code === 4401) {
          void queryClient.invalidateQueries({ queryKey: sessionKey });
          return;
        }
        scheduleRetry();
      };
    };

    const scheduleRetry = () => {
      setState('polling');
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 60_000;
      attempt += 1;
      timer = setTimeout(connect, delay);
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (socket) {
        socket.onclose = null;
        socket.onmessage = null;
        socket.close(1000, 'leaving the inbox');
      }
    };
  }, [enabled, queryClient]);

  return state;
}
