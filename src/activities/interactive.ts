// Replies with options as WhatsApp buttons or list pickers, through Twilio's Content API (SPEC §6),
// for restaurants with interactive messages on. Each distinct template is created once per Twilio
// account and its SID cached (worker memory, then Redis for the other workers). Anything that does
// not fit WhatsApp's limits, or any trouble with the Content API, leaves the reply in text form.
import { createHash } from 'node:crypto';
import { renderText } from '../dialogue/render';
import type { Language, Reply } from '../dialogue/types';
import type { TwilioClient } from '../twilio/client';
import { createContentTemplate, type ContentTemplate } from '../twilio/content';
import type { ActivityDeps } from './deps';

// WhatsApp's limits for session messages.
const MAX_BUTTONS = 3;
const MAX_BUTTON_TITLE = 20;
const MAX_LIST_ROWS = 10;
const MAX_ROW_TITLE = 24;
const MAX_ROW_DESCRIPTION = 72;
const MAX_BODY = 1024;

/** The list picker's open button. Not dialogue wording, so it is kept here beside the limits. */
const LIST_BUTTON = { ar: 'الخيارات', en: 'Options' } as const;

const CACHE_TTL_S = 30 * 86_400;

const clip = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** The content template for a reply, or undefined when the reply stays text. */
export function interactiveTemplate(reply: Reply, language: Language): ContentTemplate | undefined {
  const options = reply.options ?? [];
  if (options.length === 0 || options.length > MAX_LIST_ROWS || reply.mediaUrl || [...reply.body].length > MAX_BODY) return undefined;
  const buttons = options.length <= MAX_BUTTONS && options.every((o) => [...o.title].length <= MAX_BUTTON_TITLE);
  const interactive = buttons
    ? { 'twilio/quick-reply': { body: reply.body, actions: options.map(({ id, title }) => ({ id, title })) } }
    : {
        'twilio/list-picker': {
          body: reply.body,
          button: LIST_BUTTON[language],
          items: options.map(({ id, title, description }) => ({
            id,
            item: clip(title, MAX_ROW_TITLE),
            ...(description ? { description: clip(description, MAX_ROW_DESCRIPTION) } : {}),
          })),
        },
      };
  const types = { ...interactive, 'twilio/text': { body: renderText(reply) } };
  const hash = createHash('sha256').update(JSON.stringify({ language, types })).digest('hex').slice(0, 32);
  return { friendly_name: `sufrah_${hash}`, language, types };
}

export class ContentSids {
  private readonly sids = new Map<string, string>();

  constructor(private readonly deps: ActivityDeps) {}

  /** The template's Content SID in this account, created on first use. Throws on Content API errors. */
  async sidFor(client: TwilioClient, accountSid: string, template: ContentTemplate): Promise<string> {
    const key = `twilio:content:${accountSid}:${template.friendly_name}`;
    const known = this.sids.get(key) ?? (await this.deps.redis.get(key).catch(() => null));
    if (known) {
      this.sids.set(key, known);
      return known;
    }
    const { sid } = await createContentTemplate(client, template);
    this.sids.set(key, sid);
    await this.deps.redis.set(key, sid, 'EX', CACHE_TTL_S).catch(() => undefined);
    return sid;
  }

  /** Forgets a SID Twilio refused (e.g. deleted template), so the next use creates it again. */
  async forget(accountSid: string, template: ContentTemplate): Promise<void> {
    const key = `twilio:content:${accountSid}:${template.friendly_name}`;
    this.sids.delete(key);
    await this.deps.redis.del(key).catch(() => undefined);
  }
}
