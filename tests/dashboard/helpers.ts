// Shared by the dashboard tests: HTTP helpers, tokens minted through the admin API (and forged
// ones crafted here), rows seeded straight into the database, and a WebSocket client.
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import WebSocket from 'ws';
import type { PrismaClient } from '../../src/db';
import type { OrderStatus, OrderType } from '../../src/generated/prisma/enums';
import { randomWhatsApp, type TestStack } from '../support/stack';

export type HttpResult = request.Response;

/** One request to the stack's API (supertest against its URL). */
export async function http(
  stack: TestStack,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: { token?: string; adminKey?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const agent = request(stack.api!.url);
  const methods = { GET: agent.get, POST: agent.post, PATCH: agent.patch, PUT: agent.put, DELETE: agent.delete };
  let req = methods[method].call(agent, path).set(options.headers ?? {});
  if (options.token) req = req.set('authorization', `Bearer ${options.token}`);
  if (options.adminKey) req = req.set('x-admin-key', options.adminKey);
  if (options.body !== undefined) req = req.send(options.body as object);
  return req;
}

export const admin = (stack: TestStack, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown) =>
  http(stack, method, path, { adminKey: stack.config.ADMIN_API_KEY, body });

export async function mintToken(stack: TestStack, restaurantId: string, role: 'owner' | 'agent' | 'admin' = 'owner'): Promise<string> {
  const res = await admin(stack, 'POST', '/api/admin/tokens', { restaurantId, role });
  if (res.status !== 200 || typeof res.body?.token !== 'string') throw new Error(`token mint failed: ${res.status} ${res.text}`);
  return res.body.token;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens the API must refuse with 401. */
export async function forgedTokens(stack: TestStack, restaurantId: string): Promise<Record<string, string>> {
  const secret = new TextEncoder().encode(stack.config.JWT_SECRET);
  const now = Math.floor(Date.now() / 1000);
  const claims = { restaurantId, role: 'admin', sub: 'attacker' };
  const sign = (alg: string, key: Uint8Array, exp: number | null) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg }).setSubject('attacker').setIssuedAt(now);
    if (exp !== null) jwt.setExpirationTime(exp);
    return jwt.sign(key);
  };
  return {
    expired: await sign('HS256', secret, now - 120),
    wrongSecret: await sign('HS256', new TextEncoder().encode('not-the-secret-at-all-0123456789'), now + 600),
    algNone: `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, exp: now + 600 })}.`,
    hs512: await sign('HS512', secret, now + 600),
    noExp: await sign('HS256', secret, null),
    garbage: 'not.a.jwt',
  };
}

export async function seedConversation(
  prisma: PrismaClient,
  restaurantId: string,
  overrides: { customerWa?: string; customerName?: string; lastMessageAt?: Date; status?: 'ACTIVE' | 'NEEDS_AGENT' | 'CLOSED' } = {},
) {
  return prisma.conversation.create({
    data: {
      restaurantId,
      customerWa: overrides.customerWa ?? randomWhatsApp(),
      customerName: overrides.customerName ?? 'Seeded Customer',
      lastMessageAt: overrides.lastMessageAt ?? new Date(),
      status: overrides.status ?? 'ACTIVE',
    },
  });
}

export async function seedMessage(
  prisma: PrismaClient,
  conversation: { id: string; restaurantId: string },
  overrides: {
    direction?: 'IN' | 'OUT';
    status?: 'received' | 'queued' | 'sent' | 'failed' | 'undelivered' | 'delivered';
    sender?: 'customer' | 'bot' | 'agent';
    body?: string;
    createdAt?: Date;
    sentAt?: Date;
    waSid?: string | null;
  } = {},
) {
  const direction = overrides.direction ?? 'IN';
  return prisma.message.create({
    data: {
      restaurantId: conversation.restaurantId,
      conversationId: conversation.id,
      direction,
      sender: overrides.sender ?? (direction === 'IN' ? 'customer' : 'bot'),
      status: overrides.status ?? (direction === 'IN' ? 'received' : 'sent'),
      body: overrides.body ?? 'hello',
      waSid: overrides.waSid === undefined ? `SM${randomBytes(16).toString('hex')}` : overrides.waSid,
      createdAt: overrides.createdAt,
      sentAt: overrides.sentAt,
    },
  });
}

export async function seedOrder(
  prisma: PrismaClient,
  conversation: { id: string; restaurantId: string; customerWa: string },
  overrides: { status?: OrderStatus; orderType?: OrderType; total?: number; rating?: number; createdAt?: Date } = {},
) {
  const total = overrides.total ?? 3200;
  return prisma.order.create({
    data: {
      restaurantId: conversation.restaurantId,
      conversationId: conversation.id,
      customerWa: conversation.customerWa,
      orderReference: `ORD-${randomUUID().slice(0, 8).toUpperCase()}`,
      status: overrides.status ?? 'CONFIRMED',
      orderType: overrides.orderType ?? 'pickup',
      paymentMethod: 'cash',
      subtotal: total,
      deliveryFee: 0,
      total,
      currency: 'SAR',
      rating: overrides.rating,
      createdAt: overrides.createdAt,
      items: { create: [{ name: 'Shish Tawook', quantity: 1, unitPrice: total, lineTotal: total }] },
    },
    include: { items: true },
  });
}

/** A WebSocket client that records every message it receives. */
export interface WsClient {
  ws: WebSocket;
  received: { type: string; data: Record<string, unknown> }[];
  waitFor(
    predicate: (m: { type: string; data: Record<string, unknown> }) => boolean,
    timeoutMs?: number,
  ): Promise<{ type: string; data: Record<string, unknown> }>;
  close(): void;
}

export function wsUrl(stack: TestStack, query: Record<string, string>): string {
  return `${stack.api!.url.replace(/^http/, 'ws')}/ws?${new URLSearchParams(query).toString()}`;
}

export function connectWs(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const received: WsClient['received'] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (raw) => {
      received.push(JSON.parse(String(raw)));
      for (const waiter of [...waiters]) waiter();
    });
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`refused with ${res.statusCode}`), { statusCode: res.statusCode })),
    );
    ws.once('error', reject);
    const waitFor: WsClient['waitFor'] = (predicate, timeoutMs = 2000) =>
      new Promise((res, rej) => {
        let scanned = 0;
        const check = () => {
          for (; scanned < received.length; scanned++) {
            if (!predicate(received[scanned]!)) continue;
            clearTimeout(timer);
            waiters.delete(check);
            res(received[scanned]!);
            return;
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          rej(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${received.length}, last ${JSON.stringify(received.slice(-3).map((m) => m.type))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    ws.once('open', () => resolve({ ws, received, waitFor, close: () => ws.close() }));
  });
}

/** Rejects with the HTTP status a refused upgrade answered. */
export async function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const client = await connectWs(url, headers);
    client.close();
    return 101;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode ?? -1;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
