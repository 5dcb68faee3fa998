// The Express app: every HTTP route of SPEC §4, mounted in one place. stop() lets the routes'
// background work (webhook hand-over, audit rows) finish before the connections close.
import express from 'express';
import helmet from 'helmet';
import { countFailedSends } from '../messages/outbox';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './errors';
import { healthRouter } from './health';
import { webhooksRouter } from './webhooks/router';
import { adminRouter } from './admin/router';
import { dashboardRouter } from './dashboard/router';
import { restaurantPickerRouter } from './dashboard/restaurants';
import { webRouter } from './web';

export interface ApiApp {
  app: express.Express;
  stop(): Promise<void>;
}

export function createApp(deps: ApiDeps): ApiApp {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer: trust its X-Forwarded-* for client IPs (signatures use PUBLIC_BASE_URL).
  app.set('trust proxy', true);
  app.use(helmet());
  app.use(healthRouter(deps));
  const webhooks = webhooksRouter(deps);
  app.use(webhooks.router);
  deps.metrics.trackFailedSends(() => countFailedSends(deps.prisma));
  app.use('/api/admin', adminRouter(deps));
  app.use(restaurantPickerRouter(deps));
  app.use(dashboardRouter(deps));
  app.use(webRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.log));
  return { app, stop: () => webhooks.stop() };
}
