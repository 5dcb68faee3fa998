// The conversation's one idle timer (cart expiry, idle completion), left running while messages
// come and go. A message moves the deadline later, which needs no new timer: when the timer fires
// before the moved deadline, the loop arms it again for the rest. Only a deadline earlier than the
// armed one (a cart was started) replaces it. So a message costs no timer commands, where a
// condition with a timeout cancels one timer and starts another for every message.
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

export class IdleTimer {
  /** The deadline the running timer fires at; undefined when none runs. */
  private armedFor?: number;
  private scope?: CancellationScope;
  /** The last timer went off and none has been armed since. */
  fired = false;

  /** Makes sure a timer fires at `deadline` or before it (workflow time, ms). */
  arm(deadline: number): void {
    if (this.armedFor !== undefined && this.armedFor <= deadline) return;
    this.scope?.cancel();
    this.fired = false;
    const scope = new CancellationScope();
    this.scope = scope;
    this.armedFor = deadline;
    scope
      .run(() => sleep(Math.max(1, deadline - Date.now())))
      .then(
        () => {
          if (this.scope !== scope) return;
          this.scope = undefined;
          this.armedFor = undefined;
          this.fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }
}
