// Fault injection for the Twilio fake: errors, delays and lost responses, once or until cleared.
import type { FakeEndpoint } from './store';

export interface InjectedError {
  status: number;
  /** Twilio error code in the body, e.g. 20429, 21211. */
  code?: number;
  message?: string;
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
  take(endpoint: FakeEndpoint, to: string | undefined): AppliedFaults {
    return {
      delayMs: this.pick(this.delays, endpoint, to),
      outcome: this.pick(this.outcomes, endpoint, to),
    };
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
