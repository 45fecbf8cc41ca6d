// The console's live feed: the same WebSocket as the inbox (GET /api/v1/realtime), which sends
// alert and incident events only to users allowed to read them. Each event refetches the console's
// queries; without a socket the queries poll every 5 s.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { dpoKeys } from './api';

export function useDpoFeed(): 'connecting' | 'live' | 'polling' {
  const queryClient = useQueryClient();
  const [state, setState] = useState<'connecting' | 'live' | 'polling'>('connecting');
  useEffect(() => {
    if (typeof WebSocket === 'undefined') {
      setState('polling');
      return;
    }
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      if (stopped) return;
      socket = new WebSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/v1/realtime`);
      socket.onmessage = (message) => {
        let event: { type?: string } = {};
        try {
          event = JSON.parse(String(message.data)) as { type?: string };
        } catch {
          return;
        }
        if (event.type === 'ready') setState('live');
        if (event.type === 'ready' || event.type?.startsWith('alert.') || event.type?.startsWith('incident.') || event.type === 'message.updated' || event.type === 'conversation.updated') {
          void queryClient.invalidateQueries({ queryKey: dpoKeys.all });
        }
      };
      socket.onclose = () => {
        socket = null;
        if (stopped) return;
        setState('polling');
        timer = setTimeout(connect, 5_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (socket) {
        socket.onclose = null;
        socket.close(1000, 'leaving the console');
      }
    };
  }, [queryClient]);
  return state;
}
