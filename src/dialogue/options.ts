// Item options (SPEC §6): after an item with option groups is chosen, each group with something
// available is asked in turn (`opt_<optionId>`; `opt_done` ends a group that takes several;
// `skip` passes a group with minSelect 0), then the quantity.
import { texts } from './catalogue';
import { availableOptions, chosenOption, groupsOf, inMenuOrder, orderable } from './line';
import { chosenIn, mayFinish, pendingGroup } from './option-prompt';
import { show } from './respond';
import type { DialogueState, MenuCategory, MenuItem, StepContext, StepResult } from './types';

/** The first group at or after `from` that has an available option; groups with none are passed. */
function askableFrom(item: MenuItem, from: number): number | undefined {
  const groups = groupsOf(item);
  for (let i = from; i < groups.length; i++) if (availableOptions(groups[i]!).length > 0) return i;
  return undefined;
}

/** The options step for a freshly chosen item, or straight to the quantity when it has none to ask. */
export function startItem(state: DialogueState, ctx: StepContext, item: MenuItem, category: MenuCategory): StepResult {
  const base = { ...state, pendingItemId: item.id, categoryId: category.id, pendingOptions: [], optionGroup: undefined };
  if (!orderable(item)) return show({ ...state, pendingItemId: undefined }, ctx, [texts(state.language).itemUnavailable]);
  return askFrom(base, ctx, item, 0);
}

function askFrom(state: DialogueState, ctx: StepContext, item: MenuItem, from: number, notices: string[] = []): StepResult {
  const next = askableFrom(item, from);
  if (next === undefined) return show({ ...state, step: 'choose_quantity', optionGroup: undefined }, ctx, notices);
  return show({ ...state, step: 'choose_option', optionGroup: next, page: 0 }, ctx, notices);
}

export function chooseOption(state: DialogueState, ctx: StepContext, optionId: string): StepResult | undefined {
  if (state.step !== 'choose_option') return undefined;
  const pending = pendingGroup(state, ctx);
  if (!pending) return undefined;
  const { item, group } = pending;
  const option = availableOptions(group).find((o) => o.id === optionId);
  const chosen = state.pendingOptions ?? [];
  if (!option || chosen.some((o) => o.id === option.id) || chosenIn(state, group) >= group.maxSelect) return undefined;
  const next = { ...state, pendingOptions: inMenuOrder(item, [...chosen, chosenOption(group, option)]) };
  if (chosenIn(next, group) >= group.maxSelect) return askFrom(next, ctx, item, state.optionGroup! + 1);
  return show(next, ctx);
}

/** `opt_done`: the group that takes several is finished. */
export function finishGroup(state: DialogueState, ctx: StepContext): StepResult | undefined {
  const pending = state.step === 'choose_option' ? pendingGroup(state, ctx) : undefined;
  if (!pending || !mayFinish(state, pending.group)) return undefined;
  return askFrom(state, ctx, pending.item, state.optionGroup! + 1);
}

/** `skip`: passes a group nothing need be chosen from; a required one says so and asks again. */
export function skipGroup(state: DialogueState, ctx: StepContext): StepResult | undefined {
  const pending = pendingGroup(state, ctx);
  if (!pending) return undefined;
  const { item, group } = pending;
  const t = texts(state.language);
  const name = state.language === 'ar' ? group.nameAr : group.nameEn;
  if (group.minSelect > 0 && chosenIn(state, group) < group.minSelect) return show(state, ctx, [t.optionRequired(name)]);
  if (chosenIn(state, group) > 0) return finishGroup(state, ctx);
  return askFrom(state, ctx, item, state.optionGroup! + 1);
}
