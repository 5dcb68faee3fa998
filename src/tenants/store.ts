// Tenants: create/update with the auth token encrypted at rest, public views without it, and
// the decrypted credentials only where a Twilio client or a signature check needs them.
import { randomBytes } from 'node:crypto';
import type { Db, PrismaClient } from '../db';
import { Prisma, type RestaurantBot } from '../generated/prisma/client';
import type { OpeningHours, RestaurantProfile } from '../dialogue/types';
import type { SignalledContext } from '../workflows/contract';
import { decryptSecret, encryptSecret, type CredentialKeys } from './credentials';
import { CreateTenantInput, UpdateTenantInput } from './schema';

export type Tenant = RestaurantBot;
export type PublicTenant = Omit<Tenant, 'twilioAuthToken'>;

export function toPublicTenant(tenant: Tenant): PublicTenant {
  const { twilioAuthToken: _secret, ...rest } = tenant;
  return rest;
}

type Keys = CredentialKeys | string;

/** A cuid-shaped id chosen before the insert: the token's ciphertext is bound to it. */
export const newTenantId = () => `c${[...randomBytes(24)].map((b) => (b % 36).toString(36)).join('')}`;

export async function createTenant(prisma: PrismaClient, key: Keys, input: CreateTenantInput): Promise<Tenant> {
  const { twilioAuthToken, openingHours, ...rest } = input;
  const id = newTenantId();
  return prisma.restaurantBot.create({
    data: { id, ...rest, openingHours: openingHours ?? undefined, twilioAuthToken: encryptSecret(twilioAuthToken, key, id) },
  });
}

export async function updateTenant(prisma: PrismaClient, key: Keys, id: string, input: UpdateTenantInput): Promise<Tenant> {
  const { twilioAuthToken, openingHours, ...rest } = input;
  return prisma.restaurantBot.update({
    where: { id },
    data: {
      ...rest,
      // Conversation workflows re-read a restaurant's settings when this moves on.
      settingsVersion: { increment: 1 },
      ...(openingHours !== undefined ? { openingHours: openingHours ?? Prisma.DbNull } : {}),
      ...(twilioAuthToken ? { twilioAuthToken: encryptSecret(twilioAuthToken, key, id) } : {}),
    },
  });
}

/** The versions a conversation workflow compares with the context it holds (SPEC §5): a change to
 * the menu or the restaurant's settings makes it read them again. */
export type ContextVersions = Pick<SignalledContext, 'menuVersion' | 'settingsVersion'>;

export function contextVersions(db: Db, restaurantId: string): Promise<ContextVersions> {
  return db.restaurantBot.findUniqueOrThrow({ where: { id: restaurantId }, select: { menuVersion: true, settingsVersion: true } });
}

/** The tenant a Twilio webhook is for: the active restaurant whose number is `To`. */
export function findActiveTenantByNumber(prisma: PrismaClient, whatsappFrom: string): Promise<Tenant | null> {
  return prisma.restaurantBot.findFirst({ where: { whatsappFrom, isActive: true } });
}

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export function tenantCredentials(tenant: Tenant, key: Keys): TwilioCredentials {
  return { accountSid: tenant.twilioAccountSid, authToken: decryptSecret(tenant.twilioAuthToken, key, tenant.id) };
}

/** What the dialogue needs to know about the restaurant. */
export function toRestaurantProfile(tenant: Tenant): RestaurantProfile {
  return {
    id: tenant.id,
    restaurantName: tenant.restaurantName,
    locale: tenant.locale,
    currency: tenant.currency,
    minDeliveryOrder: tenant.minDeliveryOrder,
    deliveryFee: tenant.deliveryFee,
    timeZone: tenant.timeZone,
    openingHours: (tenant.openingHours as OpeningHours | null) ?? null,
    supportContact: tenant.supportContact,
    paymentLink: tenant.paymentLink,
  };
}
