// The Express app: every HTTP route of SPEC §4, mounted in one place.
import express from 'express';
import helmet from 'helmet';
import type { ApiDeps } from './deps';
import { errorHandler, notFoundHandler } from './errors';
import { healthRouter } from './health';
import { webhooksRouter } from './webhooks/router';
import { adminRouter } from './admin/router';
import { dashboardRouter } from './dashboard/router';
import { countFailedSends } from './dashboard/failed-sends';

export function createApp(deps: ApiDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer: trust its X-Forwarded-* for client IPs (signatures use PUBLIC_BASE_URL).
  app.set('trust proxy', true);
  app.use(helmet());
  app.use(healthRouter(deps));
  app.use(webhooksRouter(deps));
  deps.metrics.trackFailedSends(() => countFailedSends(deps.prisma));
  app.use('/api/admin', adminRouter(deps));
  app.use(dashboardRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.log));
  return app;
}
