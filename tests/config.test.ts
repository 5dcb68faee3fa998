import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../src/config';

const ROOT = join(__dirname, '..');

describe('configuration', () => {
  test('defaults work on a developer machine', () => {
    const config = loadConfig({});
    expect(config.TEMPORAL_ADDRESS).toBe('localhost:7233');
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
    expect(config.PORT).toBe(3000);
    // New conversations get their share of the worker's polls, not the SDK's 0.2 (BENCHMARKS.md).
    expect(config.WORKER_NONSTICKY_POLL_RATIO).toBe(1);
    expect(loadConfig({ WORKER_NONSTICKY_POLL_RATIO: '0.5' }).WORKER_NONSTICKY_POLL_RATIO).toBe(0.5);
  });

  test.each([
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a URL like postgresql:/],
    ['PORT', 'eighty', /PORT:/],
    ['CREDENTIALS_KEY', 'short', /CREDENTIALS_KEY: expected 32 random bytes/],
    ['TEMPORAL_ADDRESS', 'no-port', /TEMPORAL_ADDRESS: expected host:port/],
    ['REDIS_URL', 'localhost', /REDIS_URL:/],
    ['TEMPORAL_TLS', 'maybe', /TEMPORAL_TLS: expected true or false/],
    ['WORKER_NONSTICKY_POLL_RATIO', '0', /WORKER_NONSTICKY_POLL_RATIO:/],
    ['WORKER_NONSTICKY_POLL_RATIO', '1.5', /WORKER_NONSTICKY_POLL_RATIO:/],
  ])('a malformed %s is rejected with its name', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  test('production refuses to start on development secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
  });

  const DEV_ENV = {
    JWT_SECRET: 'dev-jwt-secret-change-me-please',
    ADMIN_API_KEY: 'dev-admin-key',
    CREDENTIALS_KEY: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=',
  };
  const OWN = {
    JWT_SECRET: 'a-real-secret-0123456789',
    ADMIN_API_KEY: 'a-real-admin-key',
    CREDENTIALS_KEY: Buffer.alloc(32, 9).toString('base64'),
  };

  test.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['a public PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'https://bot.example.com' }],
  ])('with %s, each built-in development secret is refused even when set explicitly', (_why, env) => {
    for (const name of ['JWT_SECRET', 'ADMIN_API_KEY', 'CREDENTIALS_KEY'] as const) {
      const attempt = () => loadConfig({ ...OWN, ...env, [name]: DEV_ENV[name] });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(new RegExp(`^Invalid configuration: ${name}: the built-in development value cannot be used`));
    }
    expect(loadConfig({ ...OWN, ...env }).JWT_SECRET).toBe(OWN.JWT_SECRET);
  });

  test.each(['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://shop.localhost'])(
    'the development secrets still work on a developer machine (%s)',
    (url) => {
      expect(loadConfig({ ...DEV_ENV, PUBLIC_BASE_URL: url }).ADMIN_API_KEY).toBe('dev-admin-key');
    },
  );

  test.each(['src/server.ts', 'src/worker.ts'])('%s refuses to start on the development secrets of .env.example in production', (entry) => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, entry)], {
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://bot.example.com', ...DEV_ENV },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: JWT_SECRET: the built-in development value cannot be used when NODE_ENV=production; set a secret of your own',
    ]);
  });

  test.each(['src/server.ts', 'src/worker.ts'])('%s exits non-zero with one line naming the variable', (entry) => {
    const result = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, entry)], {
      env: { PATH: process.env.PATH, DATABASE_URL: 'not a url' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Invalid configuration: DATABASE_URL: /)]);
  });
});
