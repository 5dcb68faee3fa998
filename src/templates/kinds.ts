// The WhatsApp templates the service uses outside the 24-hour window (SPEC §7): one per kind and
// language, the same for every restaurant, with the variable parts as Content API variables
// ({{1}}, {{2}}, ...). Meta refuses templates that start or end with a variable, so each starts
// with words of its own. Category utility: they are about an order or a conversation in progress.
import { texts } from '../dialogue/catalogue';
import type { Language, OrderStatus, ReplyNotice } from '../dialogue/types';
import type { ContentTemplate } from '../twilio/content';

export const TEMPLATE_KINDS = ['order_status', 'rating_request', 'agent_followup'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_LANGUAGES: readonly Language[] = ['ar', 'en'];

const BODIES: Record<TemplateKind, Record<Language, string>> = {
  order_status: {
    en: 'Hello from {{1}}. Your order {{2}} is now {{3}}. Reply to this message if you need anything.',
    ar: 'مرحباً من {{1}}. طلبك {{2}} حالته الآن: {{3}}. ردّ على هذه الرسالة إذا احتجت أي شيء.',
  },
  rating_request: {
    en: 'Hello from {{1}}. Your order {{2}} has been {{3}}. How was it? Reply with a number from 1 to 5.',
    ar: 'مرحباً من {{1}}. طلبك {{2}}: {{3}}. كيف كانت تجربتك؟ ردّ برقم من 1 إلى 5.',
  },
  agent_followup: {
    en: 'Hello from {{1}}. Our team has a message for you about your conversation with us. Reply to this message to read it.',
    ar: 'مرحباً من {{1}}. لدى فريقنا رسالة لك بخصوص محادثتك معنا. ردّ على هذه الرسالة لقراءتها.',
  },
};

/** Sample values WhatsApp's reviewers see with each template. */
const SAMPLES: Record<TemplateKind, Record<Language, Record<string, string>>> = {
  order_status: {
    en: { 1: 'Olaya Grill', 2: 'ORD-7K3F2', 3: 'out for delivery' },
    ar: { 1: 'مشويات العليا', 2: 'ORD-7K3F2', 3: 'في الطريق إليك' },
  },
  rating_request: { en: { 1: 'Olaya Grill', 2: 'ORD-7K3F2', 3: 'delivered' }, ar: { 1: 'مشويات العليا', 2: 'ORD-7K3F2', 3: 'تم توصيله' } },
  agent_followup: { en: { 1: 'Olaya Grill' }, ar: { 1: 'مشويات العليا' } },
};

/** The template's name in the restaurant's Twilio account (and its WhatsApp template name). */
export const templateName = (kind: TemplateKind, language: Language): string => `sufrah_${kind}_${language}`;

export function templateDefinition(kind: TemplateKind, language: Language): ContentTemplate {
  return {
    friendly_name: templateName(kind, language),
    language,
    variables: SAMPLES[kind][language],
    types: { 'twilio/text': { body: BODIES[kind][language] } },
  };
}

/** The template kind a message takes outside the window: agents' follow-ups have their own. */
export function kindOf(sender: 'bot' | 'agent' | 'customer', notice: ReplyNotice | undefined): TemplateKind | undefined {
  return sender === 'agent' ? 'agent_followup' : notice?.kind;
}

/** The content variables for one send, in the customer's language. */
export function templateVariables(
  kind: TemplateKind,
  language: Language,
  restaurantName: string,
  notice: ReplyNotice | undefined,
): Record<string, string> {
  if (kind === 'agent_followup' || !notice) return { 1: restaurantName };
  return { 1: restaurantName, 2: notice.orderReference, 3: texts(language).status[notice.status] };
}

/** The text WhatsApp shows for a template send: its body with the variables in. */
export function renderTemplate(kind: TemplateKind, language: Language, variables: Record<string, string>): string {
  return BODIES[kind][language].replace(/\{\{(\d+)\}\}/g, (whole, n: string) => variables[n] ?? whole);
}

export function replyNoticeOf(value: unknown): ReplyNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, orderReference, status } = value as Record<string, unknown>;
  if ((kind === 'order_status' || kind === 'rating_request') && typeof orderReference === 'string' && typeof status === 'string') {
    return { kind, orderReference, status: status as OrderStatus };
  }
  return undefined;
}
