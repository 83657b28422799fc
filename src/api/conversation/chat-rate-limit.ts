import { FixedWindowCounter, windowEnd, type WindowHit } from '../../domain/chat/fixed-window';
import { getRedis, redisPrefix } from '../../infra/redis';
import { MINUTE } from '../../domain/time';

const WINDOW_MS = MINUTE;

/** Messages a user (or staff member) may send per minute: CHAT_MESSAGES_PER_MINUTE, default 30. */
export const chatMessagesPerMinute = (): number => {
  const configured = Number(process.env.CHAT_MESSAGES_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 30;
};

let memory: { limit: number; counter: FixedWindowCounter } | null = null;

const memoryHit = (key: string, limit: number, now: number): WindowHit => {
  if (!memory || memory.limit !== limit) memory = { limit, counter: new FixedWindowCounter(limit, WINDOW_MS) };
  return memory.counter.hit(key, now);
};

/**
 * Counts one chat message of `sender` (e.g. `user:12`) in the current minute. With REDIS_URL the count
 * is shared by every instance (INCR on a key per sender and minute, under REDIS_PREFIX); without it, or
 * when Redis does not answer, an in-process counter.
 */
export const hitChatRateLimit = async (sender: string, now = Date.now()): Promise<WindowHit> => {
  const limit = chatMessagesPerMinute();
  const redis = getRedis();
  if (!redis) return memoryHit(sender, limit, now);
  const resetAt = windowEnd(now, WINDOW_MS);
  const key = `${redisPrefix()}:chat:rate:${sender}:${resetAt}`;
  try {
    const results = await redis
      .multi()
      .incr(key)
      .pexpire(key, WINDOW_MS + 5_000)
      .exec();
    const count = Number(results?.[0]?.[1]);
    if (!Number.isFinite(count)) throw new Error('unexpected INCR reply');
    return { allowed: count <= limit, count, resetAt };
  } catch {
    return memoryHit(sender, limit, now);
  }
};
