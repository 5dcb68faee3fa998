// All activities (the conversation's and the webhook deliveries'), built from injected dependencies.
// The worker owns the connections; each activity is timed into sufrah_activity_duration_seconds.
import type { ConversationActivities, TemplateActivities, WebhookActivities } from '../workflows/contract';
import type { ActivityDeps } from './deps';
import { contextActivities, MenuCache } from './context';
import { conversationActivities } from './conversations';
import { inboundActivities } from './inbound';
import { instrumented } from './instrument';
import { orderActivities } from './orders';
import { outboundActivities } from './outbound';
import { templateActivities } from './templates';
import { webhookActivities } from './webhooks';

export type { ActivityDeps };

export const createActivities = (deps: ActivityDeps): ConversationActivities & WebhookActivities & TemplateActivities =>
  instrumented(deps, {
    ...contextActivities(deps, new MenuCache()),
    ...inboundActivities(deps),
    ...outboundActivities(deps),
    ...orderActivities(deps),
    ...conversationActivities(deps),
    ...webhookActivities(deps),
    ...templateActivities(deps),
  });
