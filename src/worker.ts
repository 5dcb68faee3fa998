// Worker process: runs conversation workflows and their activities on TEMPORAL_TASK_QUEUE.
// Scale out by running more copies. Exposes Prometheus metrics (ours and the Temporal SDK's).
import { createServer, Server } from 'node:http';
import { NativeConnection, Runtime, Worker, WorkerOptions } from '@temporalio/worker';
import { loadConfigOrExit, Config } from './config';
import { createActivities, ActivityDeps } from './activities';
import { closeConnections, openConnections } from './connections';
import { createLogger } from './logger';
import { createMetrics, metricsRequestAllowed, Metrics } from './metrics';
import { temporalConnectionOptions } from './temporal/connection';
import { TWILIO_REQUEST_TIMEOUT_MS, TwilioClientCache } from './twilio/client';

/** The worker's composition root: connections, metrics, logger and the Twilio clients. */
export function createActivityDeps(config: Config, metrics: Metrics = createMetrics('worker')): ActivityDeps {
  const log = createLogger(config.LOG_LEVEL, 'worker');
  const twilioClients = new TwilioClientCache({ apiBaseUrl: config.TWILIO_API_BASE_URL, timeoutMs: TWILIO_REQUEST_TIMEOUT_MS });
  return { config, ...openConnections(config, log), metrics, log, twilioClients };
}

/** Where the workflow code comes from: a prebuilt bundle in production and tests, source in dev. */
export function workflowSource(config: Config): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (config.WORKFLOW_BUNDLE_PATH) return { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } };
  return { workflowsPath: require.resolve('./workflows') };
}

export async function createConversationWorker(
  connection: NativeConnection,
  deps: ActivityDeps,
  overrides: Partial<WorkerOptions> = {},
): Promise<Worker> {
  const { config } = deps;
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowSource(config),
    activities: createActivities(deps),
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    // A conversation's turn runs its activities as local activities: the same limit holds for both.
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentLocalActivityExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    nonStickyToStickyPollRatio: config.WORKER_NONSTICKY_POLL_RATIO,
    ...overrides,
  });
}

/** GET /metrics (ours), with the bearer METRICS_TOKEN when one is set. */
function serveMetrics(metrics: Metrics, config: Config): Server {
  return createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    if (!metricsRequestAllowed(req.headers.authorization, config.METRICS_TOKEN)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  }).listen(config.WORKER_METRICS_PORT);
}

const sdkMetricsAddress = ({ TEMPORAL_SDK_METRICS_HOST: host, TEMPORAL_SDK_METRICS_PORT: port }: Config) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The SDK's own metrics (task latencies, slots, polls) on a Prometheus endpoint of their own. It
  // cannot ask for METRICS_TOKEN, so it listens on TEMPORAL_SDK_METRICS_HOST (loopback by default).
  const sdkMetrics = config.TEMPORAL_SDK_METRICS_PORT > 0 ? sdkMetricsAddress(config) : undefined;
  if (sdkMetrics) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: sdkMetrics } } } });
  const deps = createActivityDeps(config);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createConversationWorker(connection, deps);
  const metricsServer = serveMetrics(deps.metrics, config);
  deps.log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, sdkMetrics }, 'worker polling');
  // The SDK drains the worker on SIGINT/SIGTERM by itself; run() resolves once it has stopped.
  await worker.run();
  metricsServer.close();
  await Promise.allSettled([connection.close(), closeConnections(deps)]);
  deps.log.info('worker stopped');
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
