// A restaurant's own system, for the outgoing-webhook tests: an HTTP server on 127.0.0.1 that
// records every POST (headers and raw body) and answers as each path's script says.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; createdAt: string; restaurantId: string; data: Record<string, unknown> };
  at: number;
}

/** How to answer the nth (1-based) post to a path: a status code, optionally after a delay. */
export type Script = (n: number) => number | { status: number; delayMs: number };

export interface Receiver {
  url(path: string): string;
  posts(path: string): Received[];
  script(path: string, script: Script): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, Script>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path, headers: req.headers, raw, body: JSON.parse(raw) as Received['body'], at: Date.now() });
      const n = received.filter((r) => r.path === path).length;
      const answer = (scripts.get(path) ?? (() => 200))(n);
      const { status, delayMs } = typeof answer === 'number' ? { status: answer, delayMs: 0 } : answer;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    posts: (path) => received.filter((r) => r.path === path),
    script: (path, script) => scripts.set(path, script),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
