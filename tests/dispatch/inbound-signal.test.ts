// When a hand-over signal fails, the API copy stops trying for a while only if Temporal looks
// unreachable: a signal that merely took too long while others got through is one failure (left to
// the dispatcher), not a reason to send every webhook of the next seconds the slow way.
import { InboundSignaller } from '../../src/dispatch/inbound-signal';
import type { Signaller, Work } from '../../src/dispatch/work';

const key = { restaurantId: 'r1', customerWa: 'whatsapp:+966500000001' };
const work = (id: string): Work => ({
  kind: 'inbound',
  id,
  createdAt: new Date(),
  message: { messageSid: `SM${id}`, input: { kind: 'text', text: 'hi' }, receivedAt: new Date().toISOString(), stored: true },
});

/** A Signaller whose calls the test settles by hand, in any order. */
function manualSignaller() {
  const pending = new Map<string, { resolve: () => void; reject: (err: Error) => void }>();
  const inbound = (_key: unknown, message: { messageSid: string }) =>
    new Promise<void>((resolve, reject) => pending.set(message.messageSid, { resolve, reject }));
  const conversations = { inbound, agentMessage: inbound, setBotEnabled: inbound, orderStatusChanged: inbound } as unknown as Signaller;
  const settle = (id: string, err?: Error) => (err ? pending.get(`SM${id}`)!.reject(err) : pending.get(`SM${id}`)!.resolve());
  return { conversations, settle };
}

const deadline = () => Object.assign(new Error('deadline exceeded'), { code: 4 });

/** A signaller over calls settled by hand, cooling off for a minute after Temporal looked down. */
function signallerByHand() {
  const { conversations, settle } = manualSignaller();
  return { signaller: new InboundSignaller(conversations, 2_000, 60_000), settle };
}

test('a signal that fails while no other got through since it started cools the copy off', async () => {
  const { signaller, settle } = signallerByHand();
  const failed = signaller.signal(key, work('a'));
  settle('a', deadline());
  await expect(failed).rejects.toThrow('deadline exceeded');
  expect(signaller.cooling).toBe(true);
});

test('a signal that fails while another succeeded during it is slowness: no cooling off', async () => {
  const { signaller, settle } = signallerByHand();
  const slow = signaller.signal(key, work('a'));
  const quick = signaller.signal(key, work('b'));
  settle('b');
  await quick;
  settle('a', deadline());
  await expect(slow).rejects.toThrow('deadline exceeded');
  expect(signaller.cooling).toBe(false);
});

test('a success that came before the failed signal started does not count', async () => {
  const { signaller, settle } = signallerByHand();
  const earlier = signaller.signal(key, work('a'));
  settle('a');
  await earlier;
  await new Promise((resolve) => setTimeout(resolve, 5));
  const failed = signaller.signal(key, work('b'));
  settle('b', deadline());
  await expect(failed).rejects.toThrow();
  expect(signaller.cooling).toBe(true);
});

test('a success ends the cooling off', async () => {
  const { signaller, settle } = signallerByHand();
  const failed = signaller.signal(key, work('a'));
  settle('a', deadline());
  await expect(failed).rejects.toThrow();
  const next = signaller.signal(key, work('b'));
  settle('b');
  await next;
  expect(signaller.cooling).toBe(false);
});
