// What the options step shows: the group being asked, the options still to choose from (with
// what each adds to the price), and `skip` or `opt_done` where the group allows it.
import type { Texts } from './catalogue';
import { availableOptions, groupsOf, lineName, optionsPrice } from './line';
import { findAvailableItem, localName } from './menu';
import { formatMoney } from './money';
import type { DialogueState, MenuItem, MenuOptionGroup, Reply, ReplyOption, StepContext } from './types';

/** The item picked and the group being asked, while the options step is on. */
export function pendingGroup(state: DialogueState, ctx: StepContext): { item: MenuItem; group: MenuOptionGroup } | undefined {
  const found = findAvailableItem(ctx.menu, state.pendingItemId);
  const group = found && state.optionGroup !== undefined ? groupsOf(found.item)[state.optionGroup] : undefined;
  return found && group ? { item: found.item, group } : undefined;
}

export function chosenIn(state: DialogueState, group: MenuOptionGroup): number {
  return (state.pendingOptions ?? []).filter((o) => o.groupId === group.id).length;
}

/** Whether the group being asked may end now: it takes several, and enough are chosen. */
export function mayFinish(state: DialogueState, group: MenuOptionGroup): boolean {
  return group.maxSelect > 1 && chosenIn(state, group) >= Math.max(1, group.minSelect);
}

/** The pending item as its line will read, and its unit price with the options chosen so far. */
export function pendingLine(state: DialogueState, item: MenuItem): { name: string; unitPrice: number } {
  const options = state.pendingOptions ?? [];
  return { name: lineName({ ...item, options }, state.language), unitPrice: item.price + optionsPrice(options) };
}

/** The options step's question; undefined when there is no pending group (the caller falls back). */
export function optionPrompt(state: DialogueState, ctx: StepContext, t: Texts): Reply | undefined {
  const pending = pendingGroup(state, ctx);
  if (!pending) return undefined;
  const { item, group } = pending;
  const money = (amount: number) => formatMoney(amount, ctx.restaurant.currency, state.language);
  const chosen = new Set((state.pendingOptions ?? []).map((o) => o.id));
  const count = chosenIn(state, group);
  const rows: ReplyOption[] =
    count < group.maxSelect
      ? availableOptions(group)
          .filter((o) => !chosen.has(o.id))
          .map((o) => ({
            id: `opt_${o.id}`,
            title: localName(o, state.language),
            ...(o.price > 0 ? { description: `+${money(o.price)}` } : {}),
          }))
      : [];
  if (group.minSelect === 0 && count === 0) rows.push({ id: 'skip', title: t.option.skip });
  if (mayFinish(state, group)) rows.push({ id: 'opt_done', title: t.option.opt_done });
  const line = pendingLine(state, item);
  const lines = [t.askOption(localName(item, state.language), localName(group, state.language), group.minSelect, group.maxSelect)];
  if (count > 0) lines.push(t.optionsSoFar(line.name, money(line.unitPrice)));
  return { body: lines.join('\n'), options: rows };
}
