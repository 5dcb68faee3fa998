// Configuration from the environment, validated once at start-up (SPEC §2).
// Development defaults work on a developer machine; NODE_ENV=production requires real secrets, and
// neither production nor a public PUBLIC_BASE_URL starts on the built-in development secrets.
import { z } from 'zod';

const DEV_CREDENTIALS_KEY = Buffer.alloc(32, 7).toString('base64');

/** The built-in development secrets (also what .env.example sets): refused outside a developer machine. */
const DEV_SECRETS = {
  JWT_SECRET: 'dev-jwt-secret-change-me-please',
  ADMIN_API_KEY: 'dev-admin-key',
  CREDENTIALS_KEY: DEV_CREDENTIALS_KEY,
} as const;

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const url = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `expected a URL like ${example}` },
  );

const credentialsKey = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, {
  message: 'expected 32 random bytes, base64-encoded (openssl rand -base64 32)',
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: url(['http:', 'https:'], 'https://bot.example.com').default('http://localhost:3000'),

  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgresql://user:pass@host:5432/db').default(
    'postgresql://postgres@127.0.0.1:5432/sufrah',
  ),
  DATABASE_POOL_SIZE: positiveInt(10),
  REDIS_URL: url(['redis:', 'rediss:', 'redis+sentinel:', 'redis+cluster:'], 'redis://host:6379').default('redis://127.0.0.1:6379'),

  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'expected host:port')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('sufrah-conversations'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),

  JWT_SECRET: z.string().min(16, 'expected at least 16 characters').default(DEV_SECRETS.JWT_SECRET),
  ADMIN_API_KEY: z.string().min(12, 'expected at least 12 characters').default(DEV_SECRETS.ADMIN_API_KEY),
  CREDENTIALS_KEY: credentialsKey.default(DEV_SECRETS.CREDENTIALS_KEY),
  /** The key before the last rotation: still decrypts, never encrypts (npm run ops -- rotate-credentials-key). */
  CREDENTIALS_KEY_PREVIOUS: credentialsKey.optional(),
  TWILIO_API_BASE_URL: url(['http:', 'https:'], 'http://127.0.0.1:4010').optional(),

  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt(40),
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt(100),
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt(1000),
  /** Share of the worker's workflow-task polls that ask for new conversations (the task queue) rather
   * than cached ones (its sticky queue). The SDK's 0.2 starves new conversations while cached ones
   * keep the sticky queue busy: at 200 customers a first reply waited up to 70 s (BENCHMARKS.md). */
  WORKER_NONSTICKY_POLL_RATIO: z.coerce.number().gt(0).max(1).default(1),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** The Temporal SDK's own Prometheus metrics; 0 turns them off. */
  TEMPORAL_SDK_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  /** Where the SDK's metrics listen: they take no token, so loopback unless a deployment opens them. */
  TEMPORAL_SDK_METRICS_HOST: z.ipv4().or(z.ipv6()).default('127.0.0.1'),
  /** When set, both processes serve /metrics only with `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  /** The failed-sends gauge counts from the database at most this often; scrapes read the last count. */
  METRICS_FAILED_SENDS_REFRESH_MS: positiveInt(15_000),
  OUTBOUND_SEND_CONCURRENCY: positiveInt(20),
  /** After a Twilio create whose answer was lost, no other attempt touches the send this long. */
  SEND_AMBIGUITY_WINDOW_MS: positiveInt(60_000),
  /** Longest wait for one of the OUTBOUND_SEND_CONCURRENCY slots before the attempt is retried. */
  SEND_SLOT_WAIT_MS: positiveInt(5_000),
  INBOUND_MAX_PER_MINUTE: positiveInt(20),
  CART_IDLE_MINUTES: positiveInt(30),
  CONVERSATION_IDLE_HOURS: positiveInt(24),
  /** Continue-as-new at this history length (Temporal may suggest it earlier). */
  CONVERSATION_MAX_HISTORY_EVENTS: positiveInt(2000),
  DISPATCH_INTERVAL_MS: positiveInt(2000),
  /** The dispatcher leaves messages younger than this to the webhook's own signal. */
  DISPATCH_MIN_AGE_MS: positiveInt(5000),
  DISPATCH_BATCH_SIZE: positiveInt(100),
  /** WhatsApp templates (SPEC §7): how often a template awaiting WhatsApp's verdict is checked, and how many times. */
  TEMPLATE_APPROVAL_POLL_SECONDS: positiveInt(900),
  TEMPLATE_APPROVAL_MAX_POLLS: positiveInt(672),
  /** Deadline of the background signal-with-start after a webhook is stored and answered (200). */
  WEBHOOK_SIGNAL_TIMEOUT_MS: positiveInt(2000),
  /** Webhooks cache a restaurant's number and token this long (0: no cache); deactivation applies within it. */
  WEBHOOK_TENANT_CACHE_MS: z.coerce.number().int().min(0).default(5000),
  /** Restaurants' webhook URLs may be http and point at private or loopback addresses (development, tests). */
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.default(false),
  /** Outgoing webhooks: first retry after this long, doubling up to WEBHOOK_RETRY_MAX_MS. */
  WEBHOOK_RETRY_INITIAL_MS: positiveInt(10_000),
  WEBHOOK_RETRY_MAX_MS: positiveInt(3_600_000),
  /** An outgoing webhook not delivered this long after it was queued is marked failed (replayable). */
  WEBHOOK_GIVE_UP_SECONDS: positiveInt(86_400),
  DASHBOARD_RATE_LIMIT_PER_MIN: positiveInt(600),
  /** A dashboard WebSocket client with more than this many bytes unsent is dropped, not buffered. */
  WS_MAX_BUFFERED_BYTES: positiveInt(1_048_576),
  WS_HEARTBEAT_MS: positiveInt(30_000),
});

export type Config = z.infer<typeof schema>;

const PRODUCTION_SECRETS = ['JWT_SECRET', 'ADMIN_API_KEY', 'CREDENTIALS_KEY'] as const;

export class ConfigError extends Error {}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A developer machine's URL: localhost, *.localhost or a loopback address. */
function isLocalUrl(value: string): boolean {
  const { hostname } = new URL(value);
  return LOCAL_HOSTS.has(hostname) || hostname.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Parses the environment; throws ConfigError with one line naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production') {
    const missing = PRODUCTION_SECRETS.find((name) => !present[name]);
    if (missing) throw new ConfigError(`Invalid configuration: ${missing}: required when NODE_ENV=production`);
  }
  if (config.NODE_ENV === 'production' || !isLocalUrl(config.PUBLIC_BASE_URL)) {
    const why = config.NODE_ENV === 'production' ? 'NODE_ENV=production' : `PUBLIC_BASE_URL ${config.PUBLIC_BASE_URL} is not localhost`;
    const dev = PRODUCTION_SECRETS.find((name) => config[name] === DEV_SECRETS[name]);
    if (dev)
      throw new ConfigError(
        `Invalid configuration: ${dev}: the built-in development value cannot be used when ${why}; set a secret of your own`,
      );
  }
  return config;
}

/** For process entry points: the config, or one clear line on stderr and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
