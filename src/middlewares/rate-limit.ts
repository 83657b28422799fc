import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { createRequire } from 'node:module';
import jwt from 'jsonwebtoken';
import type { Context, Next } from 'koa';
import ratelimit from 'koa-ratelimit';
import { getRedis } from '../infra/redis';
import { appService } from '../api/app-services';

import { MINUTE } from '../domain/time';
const SETTINGS_TTL = 30_000;
/** The rate_limits.* settings are per minute; tests shorten the window (RATE_LIMIT_WINDOW_MS) to wait it out. */
const windowMs = () => {
  const value = Number(process.env.RATE_LIMIT_WINDOW_MS);
  return Number.isInteger(value) && value > 0 ? value : MINUTE;
};

/**
 * koa-ratelimit's drivers stamp windows on their own clock, the wall time when they were loaded plus the monotonic
 * time since (async-ratelimiter's microtime, in ms; the memory driver builds the same clock in µs when loaded with
 * it), not on Date.now(): after a clock step or a suspend the two drift apart, so waits are measured on theirs.
 */
const limiterClock = createRequire(require.resolve('koa-ratelimit'))('async-ratelimiter/src/microtime') as { now: () => number };

/**
 * Milliseconds until a budget frees up, from the reset (epoch seconds on the driver clock) koa-ratelimit reports,
 * rounded so that it is never short: the Redis driver floors the reset to whole seconds, so the real one lies within
 * the following second; the memory driver's fractional reset is exact up to the <1 ms between the two clocks' bases.
 */
const resetWaitMs = (resetSeconds: number, redis: boolean) => {
  const resetMs = redis ? (Math.floor(resetSeconds) + 1) * 1000 : resetSeconds * 1000 + 1;
  return Math.max(0, resetMs - limiterClock.now());
};

interface Verdict {
  scope: string;
  allowed: boolean;
  limit: number;
  /** Requests left in the window after this one. */
  remaining: number;
  waitMs: number;
}

/** Auth endpoints limited per client IP and per identifier (e-mail / username), both. */
const AUTH_PATHS = new Set([
  '/auth/login',
  '/auth/local',
  '/auth/register',
  '/auth/local/register',
  '/auth/refresh-token',
  '/auth/logout',
  '/auth/forgot-password',
  '/auth/reset-password',
  '/auth/change-password',
  '/auth/email-confirmation',
  '/auth/send-email-confirmation',
]);

interface Limits {
  general: number;
  user: number;
  auth: number;
}

const identifierOf = (body: unknown): string | null => {
  const record = (body ?? {}) as Record<string, unknown>;
  const value = record.identifier ?? record.email ?? record.username;
  return typeof value === 'string' && value.trim() ? value.trim().toLowerCase().slice(0, 255) : null;
};

/**
 * Rate limits with koa-ratelimit: in Redis when REDIS_URL is set (so every instance shares the
 * counters), in memory otherwise. Tiers come from system settings (rate_limits.*): per IP for
 * anonymous calls, per user for signed-in ones (the token is verified first, so nobody can spend
 * someone else's budget), and a strict budget on auth endpoints counted per IP AND per identifier,
 * so neither rotating e-mails nor rotating IPs gets around it. 429 in Strapi's error shape with
 * Retry-After (never short of the real wait) and X-RateLimit-* of the refusing budget. RATE_LIMIT=off switches it
 * off (behind a gateway that limits).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  if ((process.env.RATE_LIMIT ?? 'on') === 'off') return (_ctx: Context, next: Next) => next();

  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  const namespace = process.env.RATE_LIMIT_PREFIX || 'tofimotia:rl';
  const window = windowMs();
  const memory = new Map();
  const store = () => {
    const redis = getRedis();
    return redis ? { driver: 'redis' as const, db: redis } : { driver: 'memory' as const, db: memory };
  };

  // Settings are read at most every 30 s: a limit changed in the admin panel applies within that time.
  let cached: { at: number; limits: Limits } | null = null;
  const limits = async (): Promise<Limits> => {
    if (cached && Date.now() - cached.at < SETTINGS_TTL) return cached.limits;
    const values = await appService(strapi, 'api::system-setting.settings').getMany([
      'rate_limits.general_per_minute',
      'rate_limits.user_per_minute',
      'rate_limits.auth_per_minute',
    ]);
    const n = (key: string, fallback: number) =>
      typeof values[key] === 'number' && (values[key] as number) > 0 ? (values[key] as number) : fallback;
    cached = {
      at: Date.now(),
      limits: {
        general: n('rate_limits.general_per_minute', 300),
        user: n('rate_limits.user_per_minute', 600),
        auth: n('rate_limits.auth_per_minute', 5),
      },
    };
    return cached.limits;
  };

  const verifiedUserId = (ctx: Context): string | null => {
    const header = ctx.get('Authorization');
    if (!header.startsWith('Bearer ')) return null;
    try {
      const claims = jwt.verify(header.slice(7), strapi.config.get('plugin::users-permissions.jwtSecret') as string) as {
        userId?: string;
        id?: number;
      };
      const id = claims.userId ?? claims.id;
      return id === undefined ? null : String(id);
    } catch {
      return null;
    }
  };

  /** Counts one request against a budget; the verdict says how it stands, with the wait on the store's clock. */
  const count = async (ctx: Context, scope: string, id: string, max: number): Promise<Verdict> => {
    let allowed = false;
    const limiter = ratelimit({ ...store(), id: () => id, max, duration: window, namespace: `${namespace}:${scope}` });
    await limiter(ctx, async () => {
      allowed = true;
    });
    // koa-ratelimit hands the store's answer over in these headers only; its own Retry-After is truncated, dropped below.
    const reset = Number(ctx.response.get('X-RateLimit-Reset'));
    const remaining = Number(ctx.response.get('X-RateLimit-Remaining'));
    for (const header of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After']) ctx.remove(header);
    // The window opened at or before this request, so no budget waits longer than one window (the rounding above can
    // overshoot by up to a second).
    const waitMs = Math.min(window, resetWaitMs(reset, getRedis() !== null));
    return { scope, allowed, limit: max, remaining, waitMs };
  };

  /**
   * Retry-After and X-RateLimit-* describe one budget: the refusing one that frees up last, else the one closest to
   * running out. Throws the 429 when a budget refused.
   */
  const settle = (ctx: Context, verdicts: Verdict[]) => {
    const refused = verdicts.filter((v) => !v.allowed);
    const [shown] = refused.length
      ? refused.sort((a, b) => b.waitMs - a.waitMs)
      : [...verdicts].sort((a, b) => a.remaining - b.remaining || b.waitMs - a.waitMs);
    if (!shown) return;
    ctx.set('X-RateLimit-Limit', String(shown.limit));
    ctx.set('X-RateLimit-Remaining', String(shown.remaining));
    ctx.set('X-RateLimit-Reset', String(Math.ceil((Date.now() + shown.waitMs) / 1000)));
    if (shown.allowed) return;
    const retryAfter = Math.max(1, Math.ceil(shown.waitMs / 1000));
    ctx.set('Retry-After', String(retryAfter));
    throw new errors.RateLimitError(`Too many requests; retry in ${retryAfter} s`, {
      scope: shown.scope,
      retry_after: retryAfter,
    });
  };

  return async (ctx: Context, next: Next) => {
    // Health probes come from load balancers at a steady rate; they are not clients.
    if (!ctx.path.startsWith(prefix) || ctx.path === `${prefix}/health`) return next();
    try {
      const budget = await limits();
      const verdicts: Verdict[] = [];
      if (ctx.method === 'POST' && AUTH_PATHS.has(ctx.path.slice(prefix.length))) {
        // Both auth budgets are counted, so a refusal waits for whichever of them frees up last.
        verdicts.push(await count(ctx, 'auth-ip', ctx.ip, budget.auth));
        const identifier = identifierOf(ctx.request.body);
        if (identifier) verdicts.push(await count(ctx, 'auth-id', identifier, budget.auth));
        if (verdicts.some((v) => !v.allowed)) settle(ctx, verdicts);
      }
      const userId = verifiedUserId(ctx);
      verdicts.push(await (userId ? count(ctx, 'user', userId, budget.user) : count(ctx, 'ip', ctx.ip, budget.general)));
      settle(ctx, verdicts);
    } catch (error) {
      if (error instanceof errors.RateLimitError) throw error;
      // A limiter that cannot reach Redis must not take the API down with it.
      strapi.log.warn(`[rate-limit] limiter unavailable, request allowed: ${(error as Error).message}`);
    }
    return next();
  };
};
