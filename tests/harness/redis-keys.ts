import Redis from 'ioredis';

/** A key prefix of its own for a suite (queues, caches) on the shared test Redis. */
export const uniqueRedisPrefix = (label = 'tofimotia-test'): string =>
  `${label}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;

/** Deletes the keys under `prefix:` (never FLUSH: other runs use the same server). No-op without REDIS_URL. */
export const dropRedisKeys = async (prefix: string): Promise<void> => {
  if (!process.env.REDIS_URL) return;
  const redis = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
};
