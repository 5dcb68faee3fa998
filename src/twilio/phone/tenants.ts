// The restaurants the phone simulator can talk to: every restaurant in the database, with its
// decrypted Twilio token kept here, server-side, to sign webhooks and to let the Twilio fake accept
// the bot's sends. The page only ever sees names, numbers and location presets.
import type { PrismaClient } from '../../db';
import { distanceKm, type Point } from '../../dialogue/geo';
import { decryptSecret, type CredentialKeys } from '../../tenants/credentials';

export interface LocationPreset extends Point {
  labelEn: string;
  labelAr: string;
  insideZone: boolean;
}

export interface PhoneRestaurant {
  id: string;
  restaurantName: string;
  whatsappFrom: string;
  locale: string;
  isActive: boolean;
  presets: LocationPreset[];
}

export interface SigningTenant {
  id: string;
  whatsappFrom: string;
  accountSid: string;
  authToken: string;
}

interface Branch extends Point {
  nameEn: string;
  nameAr: string;
  deliveryRadiusKm: number;
}

const KM_PER_DEGREE_LAT = 111.32;

/** A spot `km` north and `km` east of a point (rough, fine for presets). */
function offset(point: Point, northKm: number, eastKm: number): Point {
  const lat = point.lat + northKm / KM_PER_DEGREE_LAT;
  const lng = point.lng + eastKm / (KM_PER_DEGREE_LAT * Math.cos((point.lat * Math.PI) / 180));
  return { lat: Number(lat.toFixed(5)), lng: Number(lng.toFixed(5)) };
}

/** Spots inside each branch's delivery zone, and one outside every zone. */
export function locationPresets(branches: Branch[]): LocationPreset[] {
  const inside = branches.map((b) => ({
    ...offset(b, Math.min(1, b.deliveryRadiusKm / 3), 0.5),
    labelEn: `Near ${b.nameEn}`,
    labelAr: `قرب ${b.nameAr}`,
    insideZone: true,
  }));
  const first = branches[0];
  if (!first) return [];
  const reach = Math.max(...branches.map((b) => b.deliveryRadiusKm));
  let outside = offset(first, -(reach + 15), 0);
  for (let step = 2; branches.some((b) => distanceKm(b, outside) <= b.deliveryRadiusKm); step++) {
    outside = offset(first, -(reach + 15) * step, 0);
  }
  const km = Math.round(distanceKm(first, outside));
  return [
    ...inside,
    {
      ...outside,
      labelEn: `${km} km from ${first.nameEn} (outside the zone)`,
      labelAr: `على بعد ${km} كم من ${first.nameAr} (خارج النطاق)`,
      insideZone: false,
    },
  ];
}

export class TenantBook {
  private readonly signing = new Map<string, SigningTenant>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly credentialKeys: CredentialKeys,
    /** Called with every tenant's credentials, so the Twilio fake accepts its sends. */
    private readonly register: (accountSid: string, authToken: string) => void,
  ) {}

  /** Reads every restaurant again (new ones, rotated tokens). */
  async refresh(): Promise<PhoneRestaurant[]> {
    const rows = await this.prisma.restaurantBot.findMany({
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { branches: { where: { isActive: true }, orderBy: [{ sortOrder: 'asc' }, { createdAt: 'asc' }] } },
    });
    return rows.map((row) => {
      try {
        const tenant = {
          id: row.id,
          whatsappFrom: row.whatsappFrom,
          accountSid: row.twilioAccountSid,
          authToken: decryptSecret(row.twilioAuthToken, this.credentialKeys, row.id),
        };
        this.signing.set(row.id, tenant);
        this.register(tenant.accountSid, tenant.authToken);
      } catch {
        // A token encrypted under another CREDENTIALS_KEY: listed, but webhooks to it cannot be signed.
        this.signing.delete(row.id);
      }
      return {
        id: row.id,
        restaurantName: row.restaurantName,
        whatsappFrom: row.whatsappFrom,
        locale: row.locale,
        isActive: row.isActive,
        presets: locationPresets(row.branches),
      };
    });
  }

  async signingTenant(id: string): Promise<SigningTenant | undefined> {
    if (!this.signing.has(id)) await this.refresh();
    return this.signing.get(id);
  }

  byNumber(whatsappFrom: string | null, accountSid: string): SigningTenant | undefined {
    for (const tenant of this.signing.values()) {
      if (whatsappFrom ? tenant.whatsappFrom === whatsappFrom : tenant.accountSid === accountSid) return tenant;
    }
    return undefined;
  }
}
