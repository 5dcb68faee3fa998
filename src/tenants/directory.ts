// Restaurants as lists: the admin API's page of tenants (every field but the Twilio token) and the
// dashboard's restaurant picker (names only). Newest first, with the paging of SPEC §4.
import type { PrismaClient } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { afterCursor, newestFirst, toPage, type Cursor, type Page } from '../api/paging';
import { toPublicTenant, type PublicTenant } from './store';

export interface RestaurantSummary {
  id: string;
  name: string;
  restaurantName: string;
  whatsappFrom: string;
  locale: string;
  currency: string;
  timeZone: string;
  isActive: boolean;
}

async function pageOf(prisma: PrismaClient, where: Prisma.RestaurantBotWhereInput, page: { limit: number; cursor?: Cursor }) {
  return prisma.restaurantBot.findMany({
    where: { AND: [where, afterCursor('createdAt', page.cursor)] },
    orderBy: newestFirst('createdAt'),
    take: page.limit + 1,
  });
}

export async function listPublicTenants(prisma: PrismaClient, page: { limit: number; cursor?: Cursor }): Promise<Page<PublicTenant>> {
  return toPage(await pageOf(prisma, {}, page), page.limit, (t) => t.createdAt, toPublicTenant);
}

/** `onlyId`: a restaurant's own staff see just their restaurant. */
export async function listRestaurantSummaries(
  prisma: PrismaClient,
  page: { limit: number; cursor?: Cursor },
  onlyId?: string,
): Promise<Page<RestaurantSummary>> {
  const rows = await pageOf(prisma, onlyId ? { id: onlyId } : {}, page);
  return toPage(
    rows,
    page.limit,
    (t) => t.createdAt,
    ({ id, name, restaurantName, whatsappFrom, locale, currency, timeZone, isActive }) => ({
      id,
      name,
      restaurantName,
      whatsappFrom,
      locale,
      currency,
      timeZone,
      isActive,
    }),
  );
}
