// WhatsApp templates of each restaurant: the one owner of the WhatsAppTemplate table. A row per
// kind and language, tied to the Twilio account its Content SID belongs to, with WhatsApp's
// approval state as Twilio last reported it.
import type { Db } from '../db';
import type { Locale, WhatsAppTemplate } from '../generated/prisma/client';
import { templateName, type TemplateKind } from './kinds';

export type { WhatsAppTemplate };

/** WhatsApp's verdicts that end the wait (Twilio's names). */
export const SETTLED_APPROVALS: ReadonlySet<string> = new Set(['approved', 'rejected', 'paused', 'disabled']);

const byKind = (restaurantId: string, kind: TemplateKind, language: Locale) => ({
  restaurantId_kind_language: { restaurantId, kind, language },
});

/** The template of this kind and language in the restaurant's current Twilio account, whatever its state. */
export function findTemplate(
  db: Db,
  restaurantId: string,
  accountSid: string,
  kind: TemplateKind,
  language: Locale,
): Promise<WhatsAppTemplate | null> {
  return db.whatsAppTemplate.findFirst({ where: { restaurantId, kind, language, accountSid } });
}

/** The row for (kind, language), created unsubmitted; a row of another account starts over. */
export async function templateRow(
  db: Db,
  restaurantId: string,
  accountSid: string,
  kind: TemplateKind,
  language: Locale,
): Promise<WhatsAppTemplate> {
  const fresh = { accountSid, contentSid: null, approvalStatus: 'unsubmitted', rejectionReason: null, submittedAt: null, approvedAt: null };
  const row = await db.whatsAppTemplate.upsert({
    where: byKind(restaurantId, kind, language),
    create: { restaurantId, kind, language, friendlyName: templateName(kind, language), ...fresh },
    update: {},
  });
  if (row.accountSid === accountSid) return row;
  return db.whatsAppTemplate.update({ where: { id: row.id }, data: fresh });
}

export function noteCreated(db: Db, id: string, contentSid: string): Promise<WhatsAppTemplate> {
  return db.whatsAppTemplate.update({ where: { id }, data: { contentSid } });
}

export function noteApproval(db: Db, id: string, status: string, rejectionReason?: string | null): Promise<WhatsAppTemplate> {
  const now = new Date();
  return db.whatsAppTemplate.update({
    where: { id },
    data: {
      approvalStatus: status,
      rejectionReason: rejectionReason || null,
      ...(status === 'approved' ? { approvedAt: now } : {}),
    },
  });
}

export function noteSubmitted(db: Db, id: string, status: string): Promise<WhatsAppTemplate> {
  return db.whatsAppTemplate.update({ where: { id }, data: { approvalStatus: status, submittedAt: new Date() } });
}
