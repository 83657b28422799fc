import Redis from 'ioredis';

/**
 * One lazily created Redis connection per process, only when REDIS_URL is set.
 * Callers treat `null` as "embedded default": in-process cache, limits and socket adapter.
 */
let client: Redis | null = null;

export const redisConfigured = (): boolean => Boolean(process.env.REDIS_URL);

export const getRedis = (): Redis | null => {
  if (!redisConfigured()) return null;
  if (!client) {
    client = new Redis(process.env.REDIS_URL as string, {
      lazyConnect: false,
      connectTimeout: 2_000,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Errors surface through commands and the health check; the event handler keeps ioredis from crashing the process.
    client.on('error', () => undefined);
  }
  return client;
};

export type DependencyState = 'up' | 'down' | 'disabled';

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });

export const redisState = async (timeoutMs = 1_500): Promise<DependencyState> => {
  const redis = getRedis();
  if (!redis) return 'disabled';
  try {
    return (await withTimeout(redis.ping(), timeoutMs)) === 'PONG' ? 'up' : 'down';
  } catch {
    return 'down';
  }
};

export const closeRedis = async (): Promise<void> => {
  const current = client;
  client = null;
  if (current) await current.quit().catch(() => current.disconnect());
};

export { withTimeout };

/**
 * Prefix of every Redis key and channel this app owns outside the rate limiter (socket adapter stream and
 * sessions, chat counters): REDIS_PREFIX, default `tofimotia`. Several deployments (or test suites) can share
 * one Redis server when each has its own.
 */
export const redisPrefix = (): string => process.env.REDIS_PREFIX || 'tofimotia';
