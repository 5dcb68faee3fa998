// A cart line with its options (SPEC §6 "Item options"): what makes two lines the same, how it
// reads ("Shawarma (Large, Extra cheese)"), and its options checked against today's menu.
import type { CartLine, ChosenOption, Language, MenuItem, MenuOption, MenuOptionGroup } from './types';

type Named = { nameAr: string; nameEn: string };

const nameIn = (named: Named, language: Language): string => (language === 'ar' ? named.nameAr : named.nameEn);

export function groupsOf(item: MenuItem): MenuOptionGroup[] {
  return item.optionGroups ?? [];
}

export function availableOptions(group: MenuOptionGroup): MenuOption[] {
  return group.options.filter((o) => o.isAvailable);
}

/** An item can be ordered only while each required group has enough available options. */
export function orderable(item: MenuItem): boolean {
  return groupsOf(item).every((g) => availableOptions(g).length >= g.minSelect);
}

/** The same item with the same options is one line; `remove_<key>` names it. */
export function lineKey(line: Pick<CartLine, 'menuItemId' | 'options'>): string {
  return [line.menuItemId, ...(line.options ?? []).map((o) => o.id)].join('_');
}

export function optionsPrice(options: { price: number }[] | undefined): number {
  return (options ?? []).reduce((sum, o) => sum + o.price, 0);
}

/** "Shawarma (Large, Extra cheese)", "شاورما (كبير، جبن إضافي)". */
export function lineName(line: Named & { options?: Named[] }, language: Language): string {
  const name = nameIn(line, language);
  const options = (line.options ?? []).map((o) => nameIn(o, language));
  return options.length === 0 ? name : `${name} (${options.join(language === 'ar' ? '، ' : ', ')})`;
}

/** An option that had to be left out, named with its item: "Extra cheese (Shawarma)". */
export function droppedName(option: Named, item: Named): Named {
  return { nameAr: `${option.nameAr} (${item.nameAr})`, nameEn: `${option.nameEn} (${item.nameEn})` };
}

export function chosenOption(group: MenuOptionGroup, option: MenuOption): ChosenOption {
  return { id: option.id, groupId: group.id, nameAr: option.nameAr, nameEn: option.nameEn, price: option.price };
}

/** Chosen options in the menu's order (group, then option), so a line's key does not depend on
 * the order they were tapped in. */
export function inMenuOrder(item: MenuItem, chosen: ChosenOption[]): ChosenOption[] {
  const ids = new Set(chosen.map((o) => o.id));
  return groupsOf(item).flatMap((g) => g.options.filter((o) => ids.has(o.id)).map((o) => chosenOption(g, o)));
}

export interface CurrentOptions {
  /** The options still offered, at today's names and prices. */
  options: ChosenOption[];
  /** Options no longer offered (names as the customer chose them). */
  dropped: Named[];
  /** False when what is left breaks a group's limits (a required choice is gone). */
  valid: boolean;
}

/** Options chosen earlier, as the item offers them now. */
export function currentOptions(item: MenuItem, chosen: (Named & { id: string })[]): CurrentOptions {
  const offered = new Map(groupsOf(item).flatMap((g) => availableOptions(g).map((o) => [o.id, chosenOption(g, o)] as const)));
  const kept = chosen.flatMap((o) => offered.get(o.id) ?? []);
  const dropped = chosen.filter((o) => !offered.has(o.id)).map(({ nameAr, nameEn }) => ({ nameAr, nameEn }));
  const options = inMenuOrder(item, kept);
  const valid = groupsOf(item).every((g) => {
    const count = options.filter((o) => o.groupId === g.id).length;
    return count >= g.minSelect && count <= g.maxSelect;
  });
  return { options, dropped, valid };
}
