// A local stand-in for the part of Twilio's REST API the bot uses (Messages, Content), for the
// tests and the local emulator. Point a client at it with TWILIO_API_BASE_URL=<fake.url>.
// It checks Basic auth against registered accounts, records every call, and injects faults
// (Twilio errors, delays, lost responses) on demand.
import { once, setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { approvalsRouter } from './fake/approvals';
import { contentRouter } from './fake/content';
import { FaultInjector, type ChaosFaults, type FaultFilter, type InjectedError } from './fake/faults';
import { AUTH_FAILED, contextOf, replyError, setContext, type FakeDeps } from './fake/http';
import { messagesRouter } from './fake/messages';
import { FakeStore, waitForMessages, type FakeContent, type FakeMessage, type MessageFilter, type RecordedRequest } from './fake/store';

export type { FakeContent, FakeMessage, MessageFilter, RecordedRequest } from './fake/store';
export type { FaultFilter, InjectedError } from './fake/faults';

export interface TwilioFakeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Accounts to register up front: account SID → auth token. */
  accounts?: Record<string, string>;
}

export interface TwilioFake {
  /** Base URL for TWILIO_API_BASE_URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** Registers (or re-keys, for credential rotation) a tenant's Twilio account. */
  addAccount(accountSid: string, authToken: string): void;
  removeAccount(accountSid: string): void;
  /** Every call received, in order, authenticated or not. */
  readonly requests: readonly RecordedRequest[];
  /** Accepted messages, in order. */
  sentMessages(filter?: MessageFilter): FakeMessage[];
  contents(): FakeContent[];
  /** WhatsApp's verdict on a submitted template (by Content SID): 'approved', 'rejected', 'pending'. */
  setApproval(contentSid: string, status: string, rejectionReason?: string): void;
  /** Approve every template as soon as it is submitted (the local emulator). */
  autoApproveTemplates(on: boolean): void;
  /** Marks a customer outside (or back inside) their 24-hour window: free-form sends then fail with 63016. */
  setOutsideWindow(to: string, outside?: boolean): void;
  /** The customer unsubscribed at Twilio (blocked us, or STOP by SMS): sends to them answer 21610
   * until resubscribe(). Per recipient, for every account. */
  unsubscribe(to: string): void;
  resubscribe(to: string): void;
  /** Calls `listener` with every message accepted from now on; returns the unsubscribe. */
  onMessage(listener: (message: FakeMessage) => void): () => void;
  /** Resolves with all matching messages once `count` arrived; rejects listing what did. */
  waitForMessages(count: number, opts?: { to?: string; timeoutMs?: number }): Promise<FakeMessage[]>;
  /** The next matching call answers with this Twilio error. Filter default: message sends. */
  failNext(error: InjectedError, filter?: FaultFilter): void;
  /** Every matching call answers with this error until clearFaults(). */
  failAll(error: InjectedError, filter?: FaultFilter): void;
  /** The next matching call waits `ms` before being handled (it is still handled if the client gave up). */
  delayNext(ms: number, filter?: FaultFilter): void;
  delayAll(ms: number, filter?: FaultFilter): void;
  /** The next matching call is handled (a send is accepted and recorded), then the socket is destroyed unanswered. */
  dropNextResponse(filter?: FaultFilter): void;
  /** Random faults (seeded) on every matching call from now on; null ends them (so does reset()). */
  chaos(faults: ChaosFaults | null): void;
  clearFaults(): void;
  /** Forgets requests, messages, content, unsubscribed recipients and faults; registered accounts stay. */
  reset(): void;
  close(): Promise<void>;
}

function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function buildApp(deps: FakeDeps): express.Express {
  const { store } = deps;
  const app = express();
  app.disable('x-powered-by');

  const record: RequestHandler = (req, res, next) => {
    const entry: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: { ...req.query },
      accountSid: parseBasicAuth(req.headers.authorization)?.user ?? null,
      body: undefined,
      at: new Date(),
    };
    store.requests.push(entry);
    setContext(req, { record: entry, drop: false });
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    next();
  };

  const authenticate: RequestHandler = (req, res, next) => {
    const ctx = contextOf(req);
    ctx.record.body = req.body;
    const auth = parseBasicAuth(req.headers.authorization);
    if (!auth || !store.authenticates(auth.user, auth.password)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
      replyError(req, res, AUTH_FAILED.status, AUTH_FAILED.code, AUTH_FAILED.message);
      return;
    }
    ctx.accountSid = auth.user;
    next();
  };

  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    const message = status < 500 ? 'Unable to parse the request body' : 'Internal Server Error';
    replyError(req, res, status, status < 500 ? 20001 : 20500, message);
  };

  app.use(record);
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(express.json({ limit: '1mb' }));
  app.use(authenticate);
  app.use(messagesRouter(deps));
  app.use(contentRouter(deps));
  app.use(approvalsRouter(deps));
  app.use((req, res) => replyError(req, res, 404, 20404, `The requested resource ${req.path} was not found`));
  app.use(onError);
  return app;
}

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const store = new FakeStore();
  const faults = new FaultInjector();
  const closing = new AbortController();
  // Every call held back by an injected delay listens for the close.
  setMaxListeners(0, closing.signal);
  for (const [sid, token] of Object.entries(options.accounts ?? {})) store.addAccount(sid, token);

  const server = buildApp({ store, faults, closing: closing.signal }).listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    addAccount: (sid, token) => store.addAccount(sid, token),
    removeAccount: (sid) => store.removeAccount(sid),
    get requests() {
      return store.requests;
    },
    sentMessages: (filter) => store.findMessages(filter),
    contents: () => [...store.contents.values()],
    setApproval: (contentSid, status, rejectionReason) => {
      const approval = store.approvals.get(contentSid);
      if (!approval) throw new Error(`Twilio fake: no approval request for ${contentSid}`);
      Object.assign(approval, { status, rejectionReason });
    },
    autoApproveTemplates: (on) => {
      store.autoApprove = on;
    },
    setOutsideWindow: (to, outside = true) => {
      if (outside) store.outsideWindow.add(to);
      else store.outsideWindow.delete(to);
    },
    unsubscribe: (to) => store.unsubscribed.add(to),
    resubscribe: (to) => store.unsubscribed.delete(to),
    onMessage: (listener) => store.onMessage(listener),
    waitForMessages: (count, opts) => waitForMessages(store, count, { ...opts, signal: closing.signal }),
    failNext: (error, filter = {}) => faults.addOutcome({ kind: 'error', error }, filter, false),
    failAll: (error, filter = {}) => faults.addOutcome({ kind: 'error', error }, filter, true),
    delayNext: (ms, filter = {}) => faults.addDelay(ms, filter, false),
    delayAll: (ms, filter = {}) => faults.addDelay(ms, filter, true),
    dropNextResponse: (filter = {}) => faults.addOutcome({ kind: 'drop' }, filter, false),
    chaos: (random) => faults.setChaos(random),
    clearFaults: () => faults.clear(),
    reset: () => {
      store.reset();
      faults.clear();
      faults.setChaos(null);
    },
    close: async () => {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
