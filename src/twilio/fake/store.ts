// What the Twilio fake remembers: accounts, every request, accepted messages, content templates.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export type FakeEndpoint = 'messages.create' | 'messages.fetch' | 'messages.list' | 'content.create' | 'content.fetch' | 'content.approval';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  /** The Basic-auth user (account SID) as sent, authenticated or not; never the token. */
  accountSid: string | null;
  /** Parsed form or JSON body. */
  body: unknown;
  at: Date;
  endpoint?: FakeEndpoint;
  /** HTTP status answered; undefined while pending or when the response was dropped. */
  status?: number;
  dropped?: boolean;
}

export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  /** As Twilio reports it: the Body parameter, or the content template rendered with its variables. */
  body: string;
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
  /** A content send as the customer sees it: the template's types with the variables filled in
   * ("twilio/quick-reply" → { body, actions: [{ id, title }] }, …). Null for a Body send. */
  rendered: Record<string, unknown> | null;
  mediaUrls: string[];
  statusCallback: string | null;
  messagingServiceSid: string | null;
  status: 'queued' | 'accepted';
  dateCreated: Date;
}

export interface FakeContent {
  sid: string;
  accountSid: string;
  friendlyName: string;
  language: string;
  variables: Record<string, string>;
  /** Wire keys as Twilio stores them: "twilio/text", "twilio/quick-reply", ... */
  types: Record<string, unknown>;
  dateCreated: Date;
}

/** A WhatsApp approval request of a content template, and the reviewers' verdict. */
export interface FakeApproval {
  name: string;
  category: string;
  /** received → pending → approved | rejected (as Twilio reports them). */
  status: string;
  rejectionReason?: string;
  allowCategoryChange: boolean;
}

export interface MessageFilter {
  to?: string;
  from?: string;
  accountSid?: string;
}

export const newSid = (prefix: 'SM' | 'HX'): string => prefix + randomBytes(16).toString('hex');

export class FakeStore {
  private readonly accounts = new Map<string, string>();
  readonly requests: RecordedRequest[] = [];
  readonly messages: FakeMessage[] = [];
  readonly contents = new Map<string, FakeContent>();
  /** Approval requests by content SID. */
  readonly approvals = new Map<string, FakeApproval>();
  /** Submitted templates are approved at once (the local emulator); tests decide verdicts themselves. */
  autoApprove = false;
  /** Customers whose 24-hour window a test closed: free-form sends to them fail with 63016. */
  readonly outsideWindow = new Set<string>();
  /** Recipients who unsubscribed: sends to them are refused with 21610. */
  readonly unsubscribed = new Set<string>();
  private readonly messageListeners = new Set<(message: FakeMessage) => void>();

  /** Records an accepted message and tells the listeners (the local emulator's phone page). */
  addMessage(message: FakeMessage): void {
    this.messages.push(message);
    for (const listener of this.messageListeners) listener(message);
  }

  onMessage(listener: (message: FakeMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  addAccount(accountSid: string, authToken: string): void {
    this.accounts.set(accountSid, authToken);
  }

  removeAccount(accountSid: string): void {
    this.accounts.delete(accountSid);
  }

  authenticates(accountSid: string, authToken: string): boolean {
    const expected = this.accounts.get(accountSid);
    if (expected === undefined) return false;
    const a = Buffer.from(expected);
    const b = Buffer.from(authToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  findMessages(filter: MessageFilter = {}): FakeMessage[] {
    return this.messages.filter(
      (m) =>
        (filter.to === undefined || m.to === filter.to) &&
        (filter.from === undefined || m.from === filter.from) &&
        (filter.accountSid === undefined || m.accountSid === filter.accountSid),
    );
  }

  /** Clears recorded traffic and resources; registered accounts stay. */
  reset(): void {
    this.requests.length = 0;
    this.messages.length = 0;
    this.contents.clear();
    this.approvals.clear();
    this.outsideWindow.clear();
    this.unsubscribed.clear();
  }

  /** Only an approved WhatsApp template reaches a customer outside their window. */
  isApprovedTemplate(contentSid: string | null): boolean {
    return contentSid !== null && this.approvals.get(contentSid)?.status === 'approved';
  }
}

const describe = (m: FakeMessage): string =>
  `${m.from ?? m.messagingServiceSid ?? '?'} → ${m.to}: ${JSON.stringify(m.body.slice(0, 80))}` +
  (m.contentSid ? ` [${m.contentSid}]` : '');

/** Polls until `count` matching messages arrived; the rejection lists everything that did. */
export async function waitForMessages(
  store: FakeStore,
  count: number,
  opts: { to?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<FakeMessage[]> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = store.findMessages({ to: opts.to });
    if (matching.length >= count) return matching;
    if (Date.now() >= deadline || opts.signal?.aborted) {
      const target = opts.to ? ` to ${opts.to}` : '';
      const arrived = store.messages.length ? store.messages.map((m) => `  - ${describe(m)}`).join('\n') : '  (none)';
      throw new Error(
        `Twilio fake: expected ${count} message(s)${target} within ${timeoutMs} ms, got ${matching.length}.\n` +
          `All messages received:\n${arrived}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
