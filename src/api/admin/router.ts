// Admin API (SPEC §4 Admin), behind X-Admin-Key: tenants, menus, outgoing webhooks, dashboard tokens.
import { Request, Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../deps';
import { jsonBody } from '../json-body';
import { badRequest, conflict, notFound } from '../errors';
import { requireAdminKey } from '../auth/middleware';
import { ROLES, signDashboardToken } from '../auth/jwt';
import { audited, noteAudit } from './audit';
import { createTenantInput, updateTenantInput } from '../../tenants/schema';
import { createTenant, toPublicTenant, updateTenant } from '../../tenants/store';
import { announceTenantChange } from '../../tenants/changes';
import { menuInput } from '../../menu/schema';
import { readMenuDocument, replaceMenu } from '../../menu/store';
import { listPublicTenants } from '../../tenants/directory';
import { pageParams } from '../paging';
import { startTemplateProvisioning } from '../../templates/start';
import { webhookRoutes } from './webhook';

const tokenInput = z
  .object({
    restaurantId: z.string().min(1),
    role: z.enum(ROLES),
    sub: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

const prismaCode = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

const ADMIN_ACTOR = () => 'admin-key';

export function adminRouter(deps: ApiDeps): Router {
  const router = Router();
  const audit = (action: string) => audited(deps, 'admin', action, ADMIN_ACTOR);
  const { prisma, config } = deps;

  router.use(requireAdminKey(deps));
  router.use(jsonBody());

  const mustExist = async (id: string) => {
    const found = await prisma.restaurantBot.findUnique({ where: { id }, select: { id: true } });
    if (!found) throw notFound('restaurant not found');
  };

  const numberTaken = async (whatsappFrom: string | undefined, exceptId?: string) => {
    if (!whatsappFrom) return;
    const other = await prisma.restaurantBot.findUnique({ where: { whatsappFrom }, select: { id: true } });
    if (other && other.id !== exceptId) throw conflict(`whatsappFrom ${whatsappFrom} belongs to another restaurant`);
  };

  const asConflict = (err: unknown): never => {
    if (prismaCode(err) === 'P2002') throw conflict('whatsappFrom belongs to another restaurant');
    if (prismaCode(err) === 'P2025') throw notFound('restaurant not found');
    throw err;
  };

  router.post('/restaurants', audit('restaurant.create'), async (req, res) => {
    const input = createTenantInput.parse(req.body);
    await numberTaken(input.whatsappFrom);
    const tenant = await createTenant(prisma, config.CREDENTIALS_KEY, input).catch(asConflict);
    noteAudit(req, { restaurantId: tenant.id, details: { whatsappFrom: tenant.whatsappFrom } });
    // Its number may sit in an API copy's cache of unknown numbers.
    await announceTenantChange(deps.redis, deps.log, tenant.id);
    void startTemplateProvisioning(deps.temporal.client, config, deps.log, tenant.id);
    res.status(201).json(toPublicTenant(tenant));
  });

  router.get('/restaurants', async (req, res) => {
    res.json(await listPublicTenants(prisma, pageParams(req.query)));
  });

  router.patch('/restaurants/:id', audit('restaurant.update'), async (req: Request<{ id: string }>, res) => {
    const input = updateTenantInput.parse(req.body);
    if (Object.keys(input).length === 0) throw badRequest('nothing to update: send at least one field');
    await mustExist(req.params.id);
    await numberTaken(input.whatsappFrom, req.params.id);
    const tenant = await updateTenant(prisma, config.CREDENTIALS_KEY, req.params.id, input).catch(asConflict);
    // Field names only: values may be credentials.
    noteAudit(req, { details: { fields: Object.keys(input) } });
    // Before the answer: the next webhook on any API copy is judged by the new token or state.
    await announceTenantChange(deps.redis, deps.log, tenant.id);
    void startTemplateProvisioning(deps.temporal.client, config, deps.log, tenant.id);
    res.json(toPublicTenant(tenant));
  });

  router.put('/restaurants/:id/menu', audit('menu.replace'), async (req: Request<{ id: string }>, res) => {
    const menu = menuInput.parse(req.body);
    await mustExist(req.params.id);
    const stored = await replaceMenu(prisma, req.params.id, menu);
    noteAudit(req, {
      details: { branches: stored.branches.length, categories: stored.categories.length },
    });
    res.json(stored);
  });

  router.get('/restaurants/:id/menu', async (req: Request<{ id: string }>, res) => {
    await mustExist(req.params.id);
    res.json(await readMenuDocument(prisma, req.params.id));
  });

  router.use(webhookRoutes(deps, audit, mustExist));

  router.post('/tokens', audit('token.mint'), async (req, res) => {
    const input = tokenInput.parse(req.body);
    await mustExist(input.restaurantId);
    const token = await signDashboardToken(config.JWT_SECRET, input);
    noteAudit(req, { restaurantId: input.restaurantId, details: { role: input.role } });
    res.json({ token });
  });

  return router;
}
