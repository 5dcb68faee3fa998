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
  });

  test.each([
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: expected a URL like postgresql:/],
    ['PORT', 'eighty', /PORT:/],
    ['CREDENTIALS_KEY', 'short', /CREDENTIALS_KEY: expected 32 random bytes/],
    ['TEMPORAL_ADDRESS', 'no-port', /TEMPORAL_ADDRESS: expected host:port/],
    ['REDIS_URL', 'localhost', /REDIS_URL:/],
    ['TEMPORAL_TLS', 'maybe', /TEMPORAL_TLS: expected true or false/],
  ])('a malformed %s is rejected with its name', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  test('production refuses to start on development secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required when NODE_ENV=production/);
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
