// Creating the restaurant's WhatsApp templates in its Twilio account and submitting them for
// approval ahead of need (SPEC §7), then following WhatsApp's verdict. Idempotent: each call does
// what is still missing and reports how many templates still wait for a verdict.
import type { PrismaClient } from '../db';
import type { RestaurantBot } from '../generated/prisma/client';
import type { TwilioClient } from '../twilio/client';
import { createContentTemplate } from '../twilio/content';
import { TEMPLATE_KINDS, TEMPLATE_LANGUAGES, templateDefinition, type TemplateKind } from './kinds';
import { noteApproval, noteCreated, noteSubmitted, SETTLED_APPROVALS, templateRow, type WhatsAppTemplate } from './store';
import type { Language } from '../dialogue/types';

/** WhatsApp's category for messages about a transaction the customer started. */
const CATEGORY = 'UTILITY';

async function submit(client: TwilioClient, row: WhatsAppTemplate & { contentSid: string }): Promise<string> {
  const answer = await client.content.v1.contents(row.contentSid).approvalCreate.create({ name: row.friendlyName, category: CATEGORY });
  return answer.status || 'received';
}

async function verdict(client: TwilioClient, contentSid: string): Promise<{ status: string; rejectionReason?: string }> {
  const answer = await client.content.v1.contents(contentSid).approvalFetch().fetch();
  const whatsapp = (answer.whatsapp ?? {}) as { status?: string; rejection_reason?: string };
  return { status: whatsapp.status || 'unsubmitted', rejectionReason: whatsapp.rejection_reason };
}

/** WhatsApp's verdict on a submitted template, read from Twilio now and stored when it changed. */
export async function refreshVerdict(prisma: PrismaClient, client: TwilioClient, row: WhatsAppTemplate): Promise<WhatsAppTemplate> {
  if (!row.contentSid || row.approvalStatus === 'unsubmitted' || SETTLED_APPROVALS.has(row.approvalStatus)) return row;
  const { status, rejectionReason } = await verdict(client, row.contentSid);
  return status === row.approvalStatus ? row : noteApproval(prisma, row.id, status, rejectionReason);
}

/** One template brought one step further: created, submitted, or its verdict read. */
async function advance(
  prisma: PrismaClient,
  client: TwilioClient,
  tenant: RestaurantBot,
  kind: TemplateKind,
  language: Language,
): Promise<WhatsAppTemplate> {
  let row = await templateRow(prisma, tenant.id, tenant.twilioAccountSid, kind, language);
  if (!row.contentSid)
    row = await noteCreated(prisma, row.id, (await createContentTemplate(client, templateDefinition(kind, language))).sid);
  const contentSid = row.contentSid!;
  if (row.approvalStatus === 'unsubmitted') return noteSubmitted(prisma, row.id, await submit(client, { ...row, contentSid }));
  return refreshVerdict(prisma, client, row);
}

/** Every kind and language of the restaurant's templates one step further; how many still wait. */
export async function provisionTemplates(prisma: PrismaClient, client: TwilioClient, tenant: RestaurantBot): Promise<{ waiting: number }> {
  let waiting = 0;
  for (const kind of TEMPLATE_KINDS) {
    for (const language of TEMPLATE_LANGUAGES) {
      const row = await advance(prisma, client, tenant, kind, language);
      if (!SETTLED_APPROVALS.has(row.approvalStatus)) waiting += 1;
    }
  }
  return { waiting };
}
