// Dashboard REST (SPEC §4 Dashboard) under /api/restaurants/:id: a verified JWT, a per-token rate
// limit, the token's own restaurant only (admins: any), then the role table (src/api/auth/roles.ts)
// and, where it says so, Idempotency-Key.
import { Request, Router } from 'express';
import type { WorkHandoff } from '../../dispatch/handoff';
import type { ApiDeps } from '../deps';
import { jsonBody } from '../json-body';
import { actorOf, claimsOf, requireDashboardToken, requireRestaurantAccess } from '../auth/middleware';
import { audited } from '../admin/audit';
import { authorizeRoute } from '../auth/roles';
import { conversationRoutes } from './conversations';
import { menuRoutes } from './menu';
import { messageRoutes } from './messages';
import { orderRoutes } from './orders';
import { readRoutes } from './read';
import { idempotency } from './idempotency';
import { dashboardRateLimit } from './rate-limit';
import type { DashboardServices } from './services';
import { statsRoutes } from './stats';
import { templateRoutes } from './templates';
import { webhookDeliveryRoutes } from './webhook-deliveries';
import { WebhookQueues } from '../../webhooks/queues';

export function dashboardServicesOf(deps: ApiDeps, handoff: WorkHandoff): DashboardServices {
  const queues = new WebhookQueues(deps.prisma, deps.log, deps.config);
  return {
    prisma: deps.prisma,
    events: deps.events,
    log: deps.log,
    handoff,
    wakeWebhook: (delivery) => queues.wake(deps.temporal.client, delivery),
  };
}

export function dashboardRouter(deps: ApiDeps, handoff: WorkHandoff): Router {
  const services = dashboardServicesOf(deps, handoff);
  const audit = (action: string) => audited(deps, 'agent', action, (req: Request) => actorOf(claimsOf(req)));
  const restaurant = Router({ mergeParams: true });
  restaurant.use(requireRestaurantAccess(deps));
  restaurant.use(jsonBody());
  restaurant.use(authorizeRoute, idempotency(deps));
  restaurant.use(conversationRoutes(services, audit));
  restaurant.use(readRoutes(services));
  restaurant.use(messageRoutes(services, audit));
  restaurant.use(orderRoutes(services, audit));
  restaurant.use(menuRoutes(services, audit));
  restaurant.use(statsRoutes(deps.prisma));
  restaurant.use(webhookDeliveryRoutes(services, audit));
  restaurant.use(templateRoutes(deps.prisma));

  const router = Router();
  router.use('/api/restaurants', requireDashboardToken(deps), dashboardRateLimit(deps));
  router.use('/api/restaurants/:id', restaurant);
  return router;
}
