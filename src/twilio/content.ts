// Content API templates (quick-reply buttons, list pickers) in Twilio's wire format.
// twilio-node types ContentCreateRequest with camelCase keys (`friendlyName`, `twilioQuickReply`)
// but sends the object verbatim as JSON, and Twilio only understands `friendly_name` and
// "twilio/quick-reply". So templates are built in wire form and cast here, in one place.
import type { ContentCreateRequest, ContentInstance } from 'twilio/lib/rest/content/v1/content';
import type { TwilioClient } from './client';

export interface QuickReplyAction {
  title: string;
  id: string;
}

export interface ListPickerItem {
  item: string;
  id: string;
  description?: string;
}

export interface ContentTypes {
  'twilio/text'?: { body: string };
  'twilio/quick-reply'?: { body: string; actions: QuickReplyAction[] };
  'twilio/list-picker'?: { body: string; button: string; items: ListPickerItem[] };
}

export interface ContentTemplate {
  friendly_name: string;
  language: string;
  /** Default values of {{1}}, {{2}}, ... placeholders. */
  variables?: Record<string, string>;
  types: ContentTypes;
}

export function createContentTemplate(client: TwilioClient, template: ContentTemplate): Promise<ContentInstance> {
  return client.content.v1.contents.create(template as unknown as ContentCreateRequest);
}
