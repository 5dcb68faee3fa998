import request from 'supertest';
import { loadConfig } from '../src/config';
import { createApiDeps, closeApiDeps, ApiDeps } from '../src/api/deps';
import { createApp } from '../src/api/app';

/** `connected`: wait for Temporal's first connection too (the health check's 1.5 s deadline is for
 * a connected client, not a first handshake on a busy machine). */
async function healthWith(env: Record<string, string>, connected = false) {
  const deps: ApiDeps = createApiDeps(loadConfig({ ...process.env, ...env }));
  try {
    // Give Redis a moment to connect (or to fail to).
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (connected) await deps.temporal.connection.ensureConnected();
    return await request(createApp(deps).app).get('/health');
  } finally {
    await closeApiDeps(deps);
  }
}

describe('GET /health', () => {
  test('200 with database, Redis and Temporal connected', async () => {
    const res = await healthWith({}, true);
    expect(res.body).toMatchObject({ status: 'ok', database: 'connected', redis: 'connected', temporal: 'connected' });
    expect(typeof res.body.uptime).toBe('number');
    expect(Date.parse(res.body.timestamp)).not.toBeNaN();
    expect(res.status).toBe(200);
  });

  test('503 naming redis when Redis is unreachable', async () => {
    const res = await healthWith({ REDIS_URL: 'redis://127.0.0.1:1' }, true);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ database: 'connected', redis: 'disconnected', temporal: 'connected', down: ['redis'] });
  });

  test('503 naming temporal and database when they are unreachable', async () => {
    const res = await healthWith({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' });
    expect(res.status).toBe(503);
    expect(res.body.down).toEqual(['database', 'temporal']);
  });

  test('/metrics speaks Prometheus text', async () => {
    const deps = createApiDeps(loadConfig(process.env));
    try {
      const res = await request(createApp(deps).app).get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toContain('sufrah_webhooks_total');
    } finally {
      await closeApiDeps(deps);
    }
  });
});
