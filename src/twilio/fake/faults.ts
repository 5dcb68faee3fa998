// Fault injection for the Twilio fake: errors, delays and lost responses, once or until cleared.
import type { FakeEndpoint } from './store';

export interface InjectedError {
  status: number;
  /** Twilio error code in the body, e.g. 20429, 21211. */
  code?: number;
  message?: string;
  /** Seconds for a Retry-After header (Twilio sends one with some 429s). */
  retryAfterSeconds?: number;
}

export interface FaultFilter {
  /** Only requests for this recipient (the `To` parameter). */
  to?: string;
  /** Which calls the fault hits; default `messages.create` (a send). `any` hits every API call. */
  endpoint?: FakeEndpoint | 'any';
}

export type Outcome = { kind: 'error'; error: InjectedError } | { kind: 'drop' };

interface Rule<T> {
  value: T;
  filter: FaultFilter;
  sticky: boolean;
}

/**
 * Random faults on every call of one account (the chaos suite, `npm run chaos`): probabilities
 * per call, drawn from a seeded generator so a run can be repeated. Errors hit every Messages
 * call (create, fetch, list); delays and lost answers hit sends only. Rules added with
 * failNext/delayNext/... take precedence.
 */
export interface ChaosFaults {
  seed: number;
  /** Only calls authenticated as this account; every call when absent. */
  accountSid?: string;
  /** Share of calls answered 500 (Twilio 20500). */
  serverError: number;
  /** Share answered 429 (20429) with `Retry-After: retryAfterSeconds`. */
  tooManyRequests: number;
  retryAfterSeconds: number;
  /** Sends answered only after `slowMs` (handled then, whether or not the client still waits). */
  slow: number;
  slowMs: number;
  /** Sends answered only after `verySlowMs` (beyond the bot's activity timeout). */
  verySlow: number;
  verySlowMs: number;
  /** Sends accepted and recorded, then the answer is lost (socket destroyed). */
  drop: number;
}

/** mulberry32: a small seeded generator, enough for fault draws. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AppliedFaults {
  delayMs?: number;
  outcome?: Outcome;
}

function matches(filter: FaultFilter, endpoint: FakeEndpoint, to: string | undefined): boolean {
  const wanted = filter.endpoint ?? 'messages.create';
  if (wanted !== 'any' && wanted !== endpoint) return false;
  return filter.to === undefined || filter.to === to;
}

/**
 * Queued rules are consumed in order, one delay and one outcome per call, so
 * `delayNext(500); failNext(...)` makes one slow failing call. Sticky rules apply when no
 * queued rule of that kind matches.
 */
export class FaultInjector {
  private delays: Rule<number>[] = [];
  private outcomes: Rule<Outcome>[] = [];
  private chaos: { faults: ChaosFaults; random: () => number } | null = null;

  /** Random faults from now on (null: none). clear() leaves them; setChaos(null) ends them. */
  setChaos(faults: ChaosFaults | null): void {
    this.chaos = faults ? { faults, random: seeded(faults.seed) } : null;
  }

  addDelay(ms: number, filter: FaultFilter, sticky: boolean): void {
    this.delays.push({ value: ms, filter, sticky });
  }

  addOutcome(outcome: Outcome, filter: FaultFilter, sticky: boolean): void {
    this.outcomes.push({ value: outcome, filter, sticky });
  }

  clear(): void {
    this.delays = [];
    this.outcomes = [];
  }

  /** Picks (and consumes, when queued) the faults for one incoming call. */
  take(endpoint: FakeEndpoint, to: string | undefined, accountSid?: string): AppliedFaults {
    const chosen = {
      delayMs: this.pick(this.delays, endpoint, to),
      outcome: this.pick(this.outcomes, endpoint, to),
    };
    const random = this.randomFaults(endpoint, accountSid);
    return { delayMs: chosen.delayMs ?? random.delayMs, outcome: chosen.outcome ?? random.outcome };
  }

  private randomFaults(endpoint: FakeEndpoint, accountSid: string | undefined): AppliedFaults {
    if (!this.chaos || !endpoint.startsWith('messages.')) return {};
    const { faults, random } = this.chaos;
    if (faults.accountSid !== undefined && faults.accountSid !== accountSid) return {};
    const applied: AppliedFaults = {};
    const failure = random();
    if (failure < faults.serverError) applied.outcome = { kind: 'error', error: { status: 500 } };
    else if (failure < faults.serverError + faults.tooManyRequests) {
      applied.outcome = { kind: 'error', error: { status: 429, retryAfterSeconds: faults.retryAfterSeconds } };
    }
    if (endpoint !== 'messages.create') return applied;
    const delay = random();
    if (delay < faults.verySlow) applied.delayMs = faults.verySlowMs;
    else if (delay < faults.verySlow + faults.slow) applied.delayMs = faults.slowMs;
    if (!applied.outcome && random() < faults.drop) applied.outcome = { kind: 'drop' };
    return applied;
  }

  private pick<T>(rules: Rule<T>[], endpoint: FakeEndpoint, to: string | undefined): T | undefined {
    const queued = rules.findIndex((r) => !r.sticky && matches(r.filter, endpoint, to));
    if (queued >= 0) {
      const [rule] = rules.splice(queued, 1);
      return rule?.value;
    }
    return rules.find((r) => r.sticky && matches(r.filter, endpoint, to))?.value;
  }
}
