// The plain-text form of a reply: the body, then one numbered line per option. Typing N
// chooses reply.options[N-1], which is why state.offered keeps the IDs in the same order.
import type { Reply } from './types';

export function renderText(reply: Reply): string {
  const options = reply.options ?? [];
  if (options.length === 0) return reply.body;
  const lines = options.map((o, i) => `${i + 1}. ${o.title}${o.description ? ` (${o.description})` : ''}`);
  return `${reply.body}\n\n${lines.join('\n')}`;
}
