// Tenants: create/update with the auth token encrypted at rest, public views without it, and
// the decrypted credentials only where a Twilio client or a signature check needs them.
import type { PrismaClient } from '../db';
import { Prisma, type RestaurantBot } from '../generated/prisma/client';
import type { OpeningHours, RestaurantProfile } from '../dialogue/types';
import { decryptSecret, encryptSecret } from './credentials';
import { CreateTenantInput, UpdateTenantInput } from './schema';

export type Tenant = RestaurantBot;
export type PublicTenant = Omit<Tenant, 'twilioAuthToken'>;

export function toPublicTenant(tenant: Tenant): PublicTenant {
  const { twilioAuthToken: _secret, ...rest } = tenant;
  return rest;
}

export async function createTenant(prisma: PrismaClient, key: string, input: CreateTenantInput): Promise<Tenant> {
  const { twilioAuthToken, openingHours, ...rest } = input;
  return prisma.restaurantBot.create({
    data: { ...rest, openingHours: openingHours ?? undefined, twilioAuthToken: encryptSecret(twilioAuthToken, key) },
  });
}

export async function updateTenant(prisma: PrismaClient, key: string, id: string, input: UpdateTenantInput): Promise<Tenant> {
  const { twilioAuthToken, openingHours, ...rest } = input;
  return prisma.restaurantBot.update({
    where: { id },
    data: {
      ...rest,
      ...(openingHours !== undefined ? { openingHours: openingHours ?? Prisma.DbNull } : {}),
      ...(twilioAuthToken ? { twilioAuthToken: encryptSecret(twilioAuthToken, key) } : {}),
    },
  });
}

/** The tenant a Twilio webhook is for: the active restaurant whose number is `To`. */
export function findActiveTenantByNumber(prisma: PrismaClient, whatsappFrom: string): Promise<Tenant | null> {
  return prisma.restaurantBot.findFirst({ where: { whatsappFrom, isActive: true } });
}

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

export function tenantCredentials(tenant: Tenant, key: string): TwilioCredentials {
  return { accountSid: tenant.twilioAccountSid, authToken: decryptSecret(tenant.twilioAuthToken, key) };
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
