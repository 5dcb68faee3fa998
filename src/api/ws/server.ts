// GET /ws (SPEC §4): the dashboard's live feed. The JWT (query `token` or Authorization header) is
// checked before the upgrade; admins pick the restaurant with `restaurantId`. Events are forwarded
// as published. Dead clients are found by ping/pong; a client that stops reading is dropped once
// its unsent bytes pass WS_MAX_BUFFERED_BYTES instead of being buffered without bound. A session
// ends when its token expires (close 4001, at `exp`) or its restaurant is deactivated (close 4003,
// as soon as any API copy announces the change).
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { ApiDeps } from '../deps';
import { DashboardClaims, InvalidTokenError, bearerToken, canAccess, verifyDashboardToken } from '../auth/jwt';
import { WS_ROLES } from '../auth/roles';
import { EventHub } from './hub';

export interface RealtimeServer {
  /** Connected clients on this process. */
  clientCount(): number;
  stop(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers a refused upgrade with a plain HTTP error in the API's error shape, then closes. */
function refuse(socket: Duplex, status: number, code: string, message: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function attachRealtime(server: Server, deps: ApiDeps): RealtimeServer {
  const { config, log } = deps;
  const hub = new EventHub(config.REDIS_URL, log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakMap<WebSocket, boolean>();

  /** Open sessions by restaurant, to end them when it is deactivated. */
  const sessions = new Map<string, Set<WebSocket>>();

  async function endIfInactive(restaurantId: string): Promise<void> {
    const open = sessions.get(restaurantId);
    if (!open?.size) return;
    const row = await deps.prisma.restaurantBot.findUnique({ where: { id: restaurantId }, select: { isActive: true } });
    if (row?.isActive) return;
    for (const client of open) client.close(4003, 'restaurant deactivated');
  }

  const stopWatching = deps.tenantChanges.onChange((changed) => {
    for (const restaurantId of changed === null ? [...sessions.keys()] : [changed]) {
      endIfInactive(restaurantId).catch((err: unknown) => log.warn({ err, restaurantId }, 'websocket deactivation check failed'));
    }
  });

  function track(client: WebSocket, restaurantId: string, exp: number): void {
    let open = sessions.get(restaurantId);
    if (!open) sessions.set(restaurantId, (open = new Set()));
    open.add(client);
    // Capped: timers beyond ~24.8 days fire at once.
    const expiry = setTimeout(() => client.close(4001, 'token expired'), Math.min(Math.max(0, exp * 1000 - Date.now()), 2 ** 31 - 1));
    client.once('close', () => {
      clearTimeout(expiry);
      open.delete(client);
      if (open.size === 0 && sessions.get(restaurantId) === open) sessions.delete(restaurantId);
    });
  }

  async function authorize(req: IncomingMessage, url: URL): Promise<{ restaurantId: string; exp: number } | [number, string, string]> {
    const token = url.searchParams.get('token') ?? bearerToken(req.headers.authorization);
    if (!token) return [401, 'unauthorized', 'missing token'];
    let claims: DashboardClaims;
    try {
      claims = await verifyDashboardToken(config.JWT_SECRET, token);
    } catch (err) {
      if (err instanceof InvalidTokenError) return [401, 'unauthorized', err.message];
      throw err;
    }
    const restaurantId = url.searchParams.get('restaurantId') ?? claims.restaurantId;
    if (!WS_ROLES.includes(claims.role) || !canAccess(claims, restaurantId)) {
      return [403, 'forbidden', 'this token is not for that restaurant'];
    }
    const row = await deps.prisma.restaurantBot.findUnique({ where: { id: restaurantId }, select: { isActive: true } });
    if (!row) return [404, 'not_found', 'restaurant not found'];
    if (!row.isActive) return [403, 'restaurant_inactive', 'this restaurant is deactivated'];
    return { restaurantId, exp: claims.exp };
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'not_found', `no websocket at ${url.pathname}`);
    const verdict = await authorize(req, url);
    if (Array.isArray(verdict)) return refuse(socket, ...verdict);
    const { restaurantId, exp } = verdict;

    let ws: WebSocket | undefined;
    const deliver = (raw: string) => {
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > config.WS_MAX_BUFFERED_BYTES) {
        log.warn({ restaurantId, bufferedBytes: ws.bufferedAmount }, 'websocket client not reading: dropped');
        ws.terminate();
        return;
      }
      ws.send(raw);
    };
    let remove: () => void;
    try {
      // Subscribed before the handshake completes, so nothing published after `open` is missed.
      remove = await hub.add(restaurantId, deliver);
    } catch (err) {
      log.warn({ err }, 'websocket subscribe failed');
      return refuse(socket, 503, 'unavailable', 'live events are unavailable right now');
    }
    // The handshake may still fail (client gone, bad headers): release the subscription then too.
    socket.once('close', () => {
      if (!ws) remove();
    });
    if (socket.destroyed) return remove();
    wss.handleUpgrade(req, socket, head, (client) => {
      ws = client;
      alive.set(client, true);
      client.on('pong', () => alive.set(client, true));
      client.on('close', remove);
      client.on('error', () => client.terminate());
      track(client, restaurantId, exp);
      wss.emit('connection', client, req);
    });
  }

  const upgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    onUpgrade(req, socket, head).catch((err: unknown) => {
      log.error({ err }, 'websocket upgrade failed');
      refuse(socket, 503, 'unavailable', 'live events are unavailable right now');
    });
  };
  server.on('upgrade', upgradeListener);

  const heartbeat = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.get(client)) {
        client.terminate();
        continue;
      }
      alive.set(client, false);
      client.ping();
    }
  }, config.WS_HEARTBEAT_MS);
  heartbeat.unref();

  return {
    clientCount: () => wss.clients.size,
    async stop() {
      clearInterval(heartbeat);
      stopWatching();
      server.off('upgrade', upgradeListener);
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      const closed = new Promise<void>((resolve) => wss.close(() => resolve()));
      // Give clients a moment for the close handshake, then cut the rest.
      const grace = setTimeout(() => wss.clients.forEach((client) => client.terminate()), 1000);
      await closed;
      clearTimeout(grace);
      await hub.stop();
    },
  };
}
