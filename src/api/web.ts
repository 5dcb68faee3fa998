// The two web pages of SPEC §9, built by Vite (web/ → dist/web): GET /dashboard for restaurant
// staff, and GET /phone, the customer's phone, only when the local Twilio emulator runs (it hands
// its routes in as ApiDeps.phone). Each page gets a Content-Security-Policy allowing exactly what
// it uses: its own scripts and styles, same-origin fetch/WebSocket/SSE, and menu images over https.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { RequestHandler, Router } from 'express';
import type { ApiDeps } from './deps';
import { HttpError, notFound } from './errors';

export const WEB_DIST = join(__dirname, '..', '..', 'dist', 'web');

export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Menu item images and WhatsApp media live on the restaurant's own https hosts.
  "img-src 'self' data: https:",
  "font-src 'self'",
  // REST, the dashboard's /ws and the phone's event stream, all on this origin.
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(file: string): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    const path = join(WEB_DIST, file);
    if (!existsSync(path)) return next(new HttpError(503, 'not_built', 'the web pages are not built: run `npm run build`'));
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path);
  };
}

export function webRouter(deps: Pick<ApiDeps, 'phone'>): Router {
  const router = Router();
  // File names carry a content hash, so they can be cached for good.
  router.use('/assets', express.static(join(WEB_DIST, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  router.get('/', (_req, res) => res.redirect(302, '/dashboard'));
  router.get('/dashboard', page('dashboard/index.html'));
  if (deps.phone) {
    router.get('/phone', page('phone/index.html'));
    router.use('/phone/api', deps.phone);
  } else {
    router.use('/phone', (_req, _res, next) =>
      next(notFound('the phone simulator runs only with the local Twilio emulator (npm run dev)')),
    );
  }
  return router;
}
