// Who may reach which dashboard route (SPEC §4 "Roles"): the one table, enforced by one middleware
// (`authorizeRoute`) in front of every route under /api/restaurants/:id. A route missing from this
// table answers 404 for every role, so a new route is unreachable until someone decides who may
// use it — and the role matrix test (tests/dashboard/roles.test.ts) enumerates this table.
import type { Request, RequestHandler } from 'express';
import { forbidden, notFound } from '../errors';
import type { Role } from './jwt';
import { claimsOf } from './middleware';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface DashboardRoute {
  method: Method;
  /** Relative to /api/restaurants/:id; `:name` matches one path segment. */
  path: string;
  roles: readonly Role[];
  /** Body fields an agent may send (others → 403); absent: any the route accepts. */
  agentFields?: readonly string[];
  /** Takes an Idempotency-Key header (src/api/dashboard/idempotency.ts). */
  idempotent?: boolean;
}

const EVERYONE = ['owner', 'agent', 'admin'] as const;
const NOT_AGENT = ['owner', 'admin'] as const;

export const DASHBOARD_ROUTES: readonly DashboardRoute[] = [
  { method: 'GET', path: '/conversations', roles: EVERYONE },
  { method: 'POST', path: '/conversations/:conversationId/read', roles: EVERYONE },
  { method: 'POST', path: '/conversations/:conversationId/send', roles: EVERYONE, idempotent: true },
  { method: 'POST', path: '/conversations/:conversationId/bot', roles: EVERYONE },
  { method: 'GET', path: '/messages', roles: EVERYONE },
  { method: 'GET', path: '/failed-sends', roles: EVERYONE },
  { method: 'POST', path: '/messages/:messageId/retry', roles: EVERYONE, idempotent: true },
  { method: 'GET', path: '/orders', roles: EVERYONE },
  { method: 'GET', path: '/orders/:orderId', roles: EVERYONE },
  { method: 'PATCH', path: '/orders/:orderId', roles: EVERYONE },
  // Agents read the menu to mark items sold out; prices are the owner's.
  { method: 'GET', path: '/menu', roles: EVERYONE },
  { method: 'PATCH', path: '/menu/items/:itemId', roles: EVERYONE, agentFields: ['isAvailable'] },
  { method: 'GET', path: '/stats', roles: NOT_AGENT },
  // Routes of open issues (outgoing webhooks, templates): decided here before their handlers land.
  { method: 'GET', path: '/webhook-deliveries', roles: NOT_AGENT },
  { method: 'POST', path: '/webhook-deliveries/:deliveryId/retry', roles: NOT_AGENT },
  { method: 'GET', path: '/templates', roles: EVERYONE },
];

/** Roles that may open GET /ws (each for its own restaurant; admin for any). */
export const WS_ROLES: readonly Role[] = EVERYONE;

const segments = (path: string) => path.split('/').filter(Boolean);

function matches(pattern: string, path: string): boolean {
  const want = segments(pattern);
  const got = segments(path);
  return want.length === got.length && want.every((part, i) => part.startsWith(':') || part === got[i]);
}

/** The table's entry for this request (HEAD is GET), or undefined. */
export function routeOf(method: string, path: string): DashboardRoute | undefined {
  const asked = method === 'HEAD' ? 'GET' : method;
  return DASHBOARD_ROUTES.find((route) => route.method === asked && matches(route.path, path));
}

const matched = new WeakMap<Request, DashboardRoute>();

/** The table entry authorizeRoute matched for this request. */
export const matchedRoute = (req: Request): DashboardRoute | undefined => matched.get(req);

/** 404 for a route not in the table, 403 for a role the table does not let in. Runs after the
 * token and restaurant checks and after the JSON body parser (agent field limits read the body). */
export const authorizeRoute: RequestHandler = (req, _res, next) => {
  const route = routeOf(req.method, req.path);
  if (!route) return next(notFound(`no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
  const { role } = claimsOf(req);
  if (!route.roles.includes(role)) return next(forbidden(`the ${role} role cannot use ${route.method} ${route.path}`));
  if (role === 'agent' && route.agentFields) {
    const body: unknown = req.body;
    const fields = body && typeof body === 'object' ? Object.keys(body) : [];
    const refused = fields.filter((field) => !route.agentFields!.includes(field));
    if (refused.length) return next(forbidden(`the agent role may change ${route.agentFields.join(', ')} only, not ${refused.join(', ')}`));
  }
  matched.set(req, route);
  next();
};
