// Reading and replacing a restaurant's menu. Every change bumps RestaurantBot.menuVersion so the
// workflow's cached menu is refreshed.
import type { PrismaClient } from '../db';
import type { Menu } from '../dialogue/types';
import { MenuInput } from './schema';

const byOrder = { orderBy: [{ sortOrder: 'asc' as const }, { createdAt: 'asc' as const }] };

/** The stored menu in the document shape of SPEC §4, every row with its `id`. */
export async function readMenuDocument(prisma: PrismaClient, restaurantId: string) {
  const [branches, categories] = await Promise.all([
    prisma.branch.findMany({ where: { restaurantId }, ...byOrder }),
    prisma.menuCategory.findMany({
      where: { restaurantId },
      ...byOrder,
      include: { items: { ...byOrder, include: { optionGroups: { ...byOrder, include: { options: byOrder } } } } },
    }),
  ]);
  return {
    branches: branches.map(({ id, nameAr, nameEn, address, lat, lng, deliveryRadiusKm, deliveryFee, minDeliveryOrder, isActive }) => ({
      id,
      nameAr,
      nameEn,
      address,
      lat,
      lng,
      deliveryRadiusKm,
      deliveryFee,
      minDeliveryOrder,
      isActive,
    })),
    categories: categories.map((c) => ({
      id: c.id,
      nameAr: c.nameAr,
      nameEn: c.nameEn,
      items: c.items.map(({ id, nameAr, nameEn, descriptionAr, descriptionEn, price, imageUrl, isAvailable, optionGroups }) => ({
        id,
        nameAr,
        nameEn,
        descriptionAr,
        descriptionEn,
        price,
        imageUrl,
        isAvailable,
        optionGroups: optionGroups.map((g) => ({
          id: g.id,
          nameAr: g.nameAr,
          nameEn: g.nameEn,
          minSelect: g.minSelect,
          maxSelect: g.maxSelect,
          options: g.options.map((o) => ({ id: o.id, nameAr: o.nameAr, nameEn: o.nameEn, price: o.price, isAvailable: o.isAvailable })),
        })),
      })),
    })),
  };
}

export type MenuDocument = Awaited<ReturnType<typeof readMenuDocument>>;

/** Replaces branches, categories and items in one transaction. Past orders keep their snapshot. */
export async function replaceMenu(prisma: PrismaClient, restaurantId: string, menu: MenuInput): Promise<MenuDocument> {
  await prisma.$transaction(async (tx) => {
    await tx.menuItem.deleteMany({ where: { restaurantId } });
    await tx.menuCategory.deleteMany({ where: { restaurantId } });
    await tx.branch.deleteMany({ where: { restaurantId } });
    await tx.branch.createMany({ data: menu.branches.map((b, sortOrder) => ({ ...b, restaurantId, sortOrder })) });
    for (const [sortOrder, { items, ...category }] of menu.categories.entries()) {
      const created = await tx.menuCategory.create({ data: { ...category, restaurantId, sortOrder } });
      const plain = items.flatMap(({ optionGroups, ...item }, itemOrder) =>
        optionGroups.length === 0 ? [{ ...item, restaurantId, categoryId: created.id, sortOrder: itemOrder }] : [],
      );
      await tx.menuItem.createMany({ data: plain });
      // Items with options: one nested insert each (createMany cannot nest).
      for (const [itemOrder, { optionGroups, ...item }] of items.entries()) {
        if (optionGroups.length === 0) continue;
        await tx.menuItem.create({
          data: {
            ...item,
            restaurantId,
            categoryId: created.id,
            sortOrder: itemOrder,
            optionGroups: {
              create: optionGroups.map(({ options, ...group }, groupOrder) => ({
                ...group,
                sortOrder: groupOrder,
                options: { create: options.map((option, optionOrder) => ({ ...option, sortOrder: optionOrder })) },
              })),
            },
          },
        });
      }
    }
    await tx.restaurantBot.update({ where: { id: restaurantId }, data: { menuVersion: { increment: 1 } } });
  });
  return readMenuDocument(prisma, restaurantId);
}

/** The menu as the dialogue sees it (available flags included; the dialogue filters). */
export async function loadDialogueMenu(prisma: PrismaClient, restaurantId: string): Promise<Menu> {
  const [restaurant, doc] = await Promise.all([
    prisma.restaurantBot.findUniqueOrThrow({ where: { id: restaurantId }, select: { menuVersion: true } }),
    readMenuDocument(prisma, restaurantId),
  ]);
  return { version: restaurant.menuVersion, branches: doc.branches, categories: doc.categories };
}

export interface MenuItemPatch {
  isAvailable?: boolean;
  price?: number;
}

/** Staff mark an item sold out or change its price; the menu version moves in the same
 * transaction, so the bot stops offering it. Null when the item is not this restaurant's. */
export async function updateMenuItem(prisma: PrismaClient, restaurantId: string, itemId: string, patch: MenuItemPatch) {
  return prisma.$transaction(async (tx) => {
    const [item] = await tx.menuItem.updateManyAndReturn({ where: { id: itemId, restaurantId }, data: patch });
    if (!item) return null;
    await tx.restaurantBot.update({ where: { id: restaurantId }, data: { menuVersion: { increment: 1 } } });
    return item;
  });
}
