// The Express app: every HTTP route of SPEC §4, mounted in one place, and the one hand-off of
// stored work (webhooks, staff actions) to the workflows. stop() lets the background work
// (hand-over, audit rows) finish before the connections close.
import express from 'express';
import helmet from 'helmet';
import { createWorkHandoff } from '../dispatch/handoff';
import { countFailedSends } from '../messages/outbox';
import { dispatchDepsOf, type ApiDeps } from './deps';
import { badRequest, errorHandler, notFoundHandler } from './errors';
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

/** A request target in absolute form (`POST http://host/path`) is no URL we sign or route: 400. */
const originFormOnly: express.RequestHandler = (req, _res, next) => {
  next(req.url.startsWith('/') ? undefined : badRequest('the request target must be a path (origin form)'));
};

export function createApp(deps: ApiDeps): ApiApp {
  const app = express();
  app.disable('x-powered-by');
  // Behind a load balancer: trust its X-Forwarded-* for client IPs (signatures use PUBLIC_BASE_URL).
  app.set('trust proxy', true);
  app.use(helmet());
  app.use(originFormOnly);
  app.use(healthRouter(deps));
  const handoff = createWorkHandoff(dispatchDepsOf(deps));
  const webhooks = webhooksRouter(deps, handoff);
  app.use(webhooks.router);
  deps.metrics.trackFailedSends(() => countFailedSends(deps.prisma));
  app.use('/api/admin', adminRouter(deps));
  app.use(restaurantPickerRouter(deps));
  app.use(dashboardRouter(deps, handoff));
  app.use(webRouter(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.log));
  return {
    app,
    async stop() {
      await Promise.all([webhooks.stop(), handoff.drain()]);
    },
  };
}
