// Redis connections. Accepts redis://, rediss://, and for HA setups
// redis+sentinel://host1:26379,host2:26379/<masterName>[/<db>] and redis+cluster://host1:6379,host2:6379.
import Redis, { Cluster, RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

// Fail fast while Redis is down instead of queueing commands without bound: callers degrade.
const RESILIENT: RedisOptions = {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  connectTimeout: 2000,
  retryStrategy: (times) => Math.min(times * 200, 2000),
};

function hostsOf(authority: string): { host: string; port: number }[] {
  return authority.split(',').map((entry) => {
    const [host, port] = entry.split(':');
    return { host: host || '127.0.0.1', port: Number(port) || 6379 };
  });
}

export function createRedis(url: string, overrides: RedisOptions = {}): RedisClient {
  const options = { ...RESILIENT, ...overrides };
  const match = /^redis\+(sentinel|cluster):\/\/(?:([^@]*)@)?([^/]+)\/?(.*)$/.exec(url);
  if (!match) return new Redis(url, options);
  const [, kind, auth, authority, rest] = match;
  const password = auth ? decodeURIComponent(auth.split(':').pop() ?? '') : undefined;
  if (kind === 'cluster') {
    return new Cluster(hostsOf(authority!), { redisOptions: { ...options, password }, enableOfflineQueue: false });
  }
  const [masterName, db] = (rest ?? '').split('/');
  return new Redis({ ...options, sentinels: hostsOf(authority!), name: masterName || 'mymaster', db: Number(db) || 0, password });
}

/** True when Redis answers PING within the timeout. */
export async function redisIsUp(redis: RedisClient, timeoutMs = 1000): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  try {
    const answer = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return answer === 'PONG';
  } catch {
    return false;
  }
}

/** Closes gracefully when connected; otherwise stops reconnect attempts at once. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit().catch(() => redis.disconnect());
  } else {
    redis.disconnect();
  }
}
