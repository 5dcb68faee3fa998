// Replies with options as WhatsApp buttons or list pickers, through Twilio's Content API (SPEC §6),
// for restaurants with interactive messages on. A template is one *shape* (quick reply with n
// buttons, or list with n rows) in one language, its body, titles and IDs content variables
// ({{1}}, {{2}}, …) filled in at send time: so an account holds a few templates however many carts
// and customers there are, and none holds a customer's details. Each template's SID is cached
// (worker memory, then Redis for the other workers). Anything that does not fit WhatsApp's
// limits, or any trouble with the Content API, leaves the reply in text form.
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

/** Bumped when the shapes' layout changes, so templates of the old layout are not reused. */
const LAYOUT = 'v2';

const CACHE_TTL_S = 30 * 86_400;

const length = (text: string): number => [...text].length;

const clip = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

/** A reply as a template of its shape plus the values of the template's variables. */
export interface InteractiveContent {
  template: ContentTemplate;
  /** ContentVariables: "1" → the body, then the options' IDs and titles (and descriptions). */
  variables: Record<string, string>;
  /** The body the customer reads (Twilio reports it as the message's body). */
  body: string;
}

/** Numbers the variables in the order they are added: `{{1}}`, `{{2}}`, … */
class Variables {
  readonly values: Record<string, string> = {};
  private next = 1;

  add(value: string): string {
    const key = String(this.next++);
    this.values[key] = value;
    return `{{${key}}}`;
  }
}

/** The content (template and variables) for a reply, or undefined when the reply stays text. */
export function interactiveContent(reply: Reply, language: Language): InteractiveContent | undefined {
  const options = reply.options ?? [];
  if (options.length === 0 || options.length > MAX_LIST_ROWS || reply.mediaUrl) return undefined;
  const buttons = options.length <= MAX_BUTTONS && options.every((o) => length(o.title) <= MAX_BUTTON_TITLE);
  // A row cut to fit loses words: the numbered text then goes in the body, so nothing is lost.
  const clipped = !buttons && options.some((o) => length(o.title) > MAX_ROW_TITLE || length(o.description ?? '') > MAX_ROW_DESCRIPTION);
  const body = clipped ? renderText(reply) : reply.body;
  if (length(body) > MAX_BODY) return undefined;

  const vars = new Variables();
  const bodyVar = vars.add(body);
  let shape: string;
  let interactive: ContentTemplate['types'];
  if (buttons) {
    shape = `buttons${options.length}`;
    const actions = options.map(({ id, title }) => ({ id: vars.add(id), title: vars.add(title) }));
    interactive = { 'twilio/quick-reply': { body: bodyVar, actions } };
  } else {
    // Rows with and without a description are different shapes (an empty variable is not allowed).
    shape = `list${options.length}_${options.map((o) => (o.description ? 'd' : 'n')).join('')}`;
    const items = options.map(({ id, title, description }) => ({
      id: vars.add(id),
      item: vars.add(clip(title, MAX_ROW_TITLE)),
      ...(description ? { description: vars.add(clip(description, MAX_ROW_DESCRIPTION)) } : {}),
    }));
    interactive = { 'twilio/list-picker': { body: bodyVar, button: LIST_BUTTON[language], items } };
  }
  const text = vars.add(renderText(reply));
  const template: ContentTemplate = {
    friendly_name: `sufrah_${LAYOUT}_${shape}_${language}`,
    language,
    types: { ...interactive, 'twilio/text': { body: text } },
  };
  return { template, variables: vars.values, body };
}

export class ContentSids {
  private readonly sids = new Map<string, string>();
  /** Creates under way in this worker: concurrent sends of one new shape share one create. */
  private readonly creating = new Map<string, Promise<string>>();

  constructor(private readonly deps: ActivityDeps) {}

  /** The template's Content SID in this account, created on first use. Throws on Content API errors. */
  async sidFor(client: TwilioClient, accountSid: string, template: ContentTemplate): Promise<string> {
    const key = `twilio:content:${accountSid}:${template.friendly_name}`;
    const known = this.sids.get(key) ?? (await this.deps.redis.get(key).catch(() => null));
    if (known) {
      this.sids.set(key, known);
      return known;
    }
    const pending = this.creating.get(key) ?? this.create(client, key, template);
    this.creating.set(key, pending);
    try {
      return await pending;
    } finally {
      this.creating.delete(key);
    }
  }

  private async create(client: TwilioClient, key: string, template: ContentTemplate): Promise<string> {
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
