// Once per `npm test`: one Temporal dev server (search attributes registered), one fresh migrated
// database, one workflow bundle. Test files read what they need from process.env.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { DialogueStepAttr, OrderReferenceAttr, OrderStatusAttr, RestaurantIdAttr } from '../../src/workflows/contract';
import { createTestDatabase } from './database';

const ROOT = join(__dirname, '..', '..');

declare global {
  var __SUFRAH_TEST__: { temporal: TestWorkflowEnvironment; dropDatabase: () => Promise<void> } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const temporalPath = execFileSync('bash', [join(ROOT, 'scripts/ensure-temporal.sh')], { encoding: 'utf8' }).trim();
  // The SDK gives the dev server 5 s to answer, with no option to wait longer: started alone, not
  // beside the bundling and the migrations, which on two busy cores once made it miss that (CI).
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalPath },
      searchAttributes: [RestaurantIdAttr, DialogueStepAttr, OrderStatusAttr, OrderReferenceAttr],
      ui: false,
      // Server warnings (e.g. tasks cancelled at teardown) are noise in test output.
      log: { format: 'pretty', level: 'error' },
    },
  });
  const [database, bundle] = await Promise.all([
    createTestDatabase(),
    bundleWorkflowCode({ workflowsPath: join(ROOT, 'src/workflows/index.ts'), logger: quietLogger }),
  ]);
  const bundlePath = join(mkdtempSync(join(tmpdir(), 'sufrah-bundle-')), 'workflows.js');
  writeFileSync(bundlePath, bundle.code);

  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace ?? 'default',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    WORKFLOW_BUNDLE_PATH: bundlePath,
    // Not the built-in development secrets, which a public PUBLIC_BASE_URL (some tests use one) refuses.
    JWT_SECRET: randomBytes(24).toString('hex'),
    ADMIN_API_KEY: randomBytes(16).toString('hex'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64'),
  });
  globalThis.__SUFRAH_TEST__ = { temporal, dropDatabase: database.drop };
  process.stdout.write(`\n[test stack] Temporal ${temporal.address}, database ${database.name}, ready in ${Date.now() - started} ms\n`);
}

const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  log: () => undefined,
};
