// GET /api/restaurants — the dashboard's restaurant picker with a dashboard JWT: an admin token
// lists every restaurant, any other token only its own. (The admin API's list needs X-Admin-Key,
// which a browser holding only a JWT does not have.)
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { claimsOf, requireDashboardToken } from '../auth/middleware';
import { pageParams } from '../paging';
import { listRestaurantSummaries } from '../../tenants/directory';
import { dashboardRateLimit } from './rate-limit';

export function restaurantPickerRouter(deps: ApiDeps): Router {
  const router = Router();
  router.get('/api/restaurants', requireDashboardToken(deps), dashboardRateLimit(deps), async (req, res) => {
    const claims = claimsOf(req);
    const onlyId = claims.role === 'admin' ? undefined : claims.restaurantId;
    res.json(await listRestaurantSummaries(deps.prisma, pageParams(req.query), onlyId));
  });
  return router;
}
