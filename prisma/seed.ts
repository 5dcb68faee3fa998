// `npm run db:seed`: an idempotent demo restaurant with branches and a menu, so the bot can be tried
// at once (with the local Twilio emulator). Running it again changes nothing: the tenant is upserted
// by its number and the menu is written only when it has none.
import { loadConfigOrExit } from '../src/config';
import { createPrisma, PrismaClient } from '../src/db';
import { menuInput } from '../src/menu/schema';
import { replaceMenu } from '../src/menu/store';
import { encryptSecret } from '../src/tenants/credentials';
import { newTenantId } from '../src/tenants/store';
import { demoMenu } from './demo-menu';

export const DEMO_TENANT = {
  name: 'demo',
  restaurantName: 'Sufrah Grill',
  whatsappFrom: 'whatsapp:+14155238886',
  twilioAccountSid: 'AC00000000000000000000000000000000',
  twilioAuthToken: 'demo-auth-token-not-secret',
  supportContact: '+966 11 000 0000',
  paymentLink: 'https://pay.example.com/sufrah-grill',
  minDeliveryOrder: 3000,
  deliveryFee: 1000,
};

export async function seedDemo(prisma: PrismaClient, credentialsKey: string): Promise<{ id: string; created: boolean }> {
  const { twilioAuthToken, ...fields } = DEMO_TENANT;
  const existing = await prisma.restaurantBot.findUnique({ where: { whatsappFrom: fields.whatsappFrom } });
  const id = newTenantId();
  const tenant =
    existing ??
    (await prisma.restaurantBot.create({ data: { id, ...fields, twilioAuthToken: encryptSecret(twilioAuthToken, credentialsKey, id) } }));
  const hasMenu = (await prisma.menuCategory.count({ where: { restaurantId: tenant.id } })) > 0;
  if (!hasMenu) await replaceMenu(prisma, tenant.id, menuInput.parse(demoMenu));
  return { id: tenant.id, created: !existing };
}

if (require.main === module) {
  const config = loadConfigOrExit();
  const prisma = createPrisma(config.DATABASE_URL, 2);
  seedDemo(prisma, config.CREDENTIALS_KEY)
    .then(({ id, created }) => {
      process.stdout.write(`${created ? 'created' : 'kept'} demo restaurant ${id} (${DEMO_TENANT.whatsappFrom})\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
