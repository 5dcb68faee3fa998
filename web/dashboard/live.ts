// The live feed: GET /ws with the token, reconnecting by itself (1 s, 2 s, 4 s … 15 s) and telling
// the app when it is online or not. After a reconnect the views reload, since events sent while
// offline are not replayed.
import type { LiveEvent } from './types';

export type LiveState = 'connecting' | 'online' | 'offline';

export interface Live {
  on(listener: (event: LiveEvent) => void): () => void;
  onResync(listener: () => void): () => void;
  close(): void;
}

export function connectLive(token: string, restaurantId: string, onState: (state: LiveState) => void): Live {
  const listeners = new Set<(event: LiveEvent) => void>();
  const resyncs = new Set<() => void>();
  let socket: WebSocket | undefined;
  let attempt = 0;
  let everOpen = false;
  let closed = false;
  let timer: number | undefined;

  const open = () => {
    const url = new URL('/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    url.searchParams.set('restaurantId', restaurantId);
    socket = new WebSocket(url);
    socket.onopen = () => {
      attempt = 0;
      onState('online');
      if (everOpen) resyncs.forEach((r) => r());
      everOpen = true;
    };
    socket.onmessage = (message) => {
      try {
        const event = JSON.parse(String(message.data)) as LiveEvent;
        listeners.forEach((l) => l(event));
      } catch {
        // Not an event of ours.
      }
    };
    socket.onclose = () => {
      if (closed) return;
      onState('offline');
      const wait = Math.min(15_000, 1000 * 2 ** attempt++);
      timer = window.setTimeout(open, wait);
    };
  };
  const wake = () => {
    // Back online: try at once instead of waiting out the backoff.
    if (socket?.readyState === WebSocket.CLOSED) {
      window.clearTimeout(timer);
      attempt = 0;
      open();
    }
  };
  window.addEventListener('online', wake);
  onState('connecting');
  open();

  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onResync(listener) {
      resyncs.add(listener);
      return () => resyncs.delete(listener);
    },
    close() {
      closed = true;
      window.clearTimeout(timer);
      window.removeEventListener('online', wake);
      socket?.close();
    },
  };
}
