import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import jwt from 'jsonwebtoken';
import type { Context, Next } from 'koa';
import ratelimit from 'koa-ratelimit';
import { getRedis } from '../infra/redis';

const MINUTE = 60_000;
const SETTINGS_TTL = 30_000;

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

interface Limits { general: number; user: number; auth: number }

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
 * Retry-After and X-RateLimit-*. RATE_LIMIT=off switches it off (behind a gateway that limits).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  if ((process.env.RATE_LIMIT ?? 'on') === 'off') return (_ctx: Context, next: Next) => next();

  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  const namespace = process.env.RATE_LIMIT_PREFIX || 'tofimotia:rl';
  const memory = new Map();
  const store = () => {
    const redis = getRedis();
    return redis ? { driver: 'redis' as const, db: redis } : { driver: 'memory' as const, db: memory };
  };

  // Settings are read at most every 30 s: a limit changed in the admin panel applies within that time.
  let cached: { at: number; limits: Limits } | null = null;
  const limits = async (): Promise<Limits> => {
    if (cached && Date.now() - cached.at < SETTINGS_TTL) return cached.limits;
    const values = await strapi.service('api::system-setting.settings').getMany([
      'rate_limits.general_per_minute',
      'rate_limits.user_per_minute',
      'rate_limits.auth_per_minute',
    ]);
    const n = (key: string, fallback: number) => (typeof values[key] === 'number' && (values[key] as number) > 0 ? (values[key] as number) : fallback);
    cached = {
      at: Date.now(),
      limits: { general: n('rate_limits.general_per_minute', 300), user: n('rate_limits.user_per_minute', 600), auth: n('rate_limits.auth_per_minute', 5) },
    };
    return cached.limits;
  };

  const verifiedUserId = (ctx: Context): string | null => {
    const header = ctx.get('Authorization');
    if (!header.startsWith('Bearer ')) return null;
    try {
      const claims = jwt.verify(header.slice(7), strapi.config.get('plugin::users-permissions.jwtSecret') as string) as { userId?: string; id?: number };
      const id = claims.userId ?? claims.id;
      return id === undefined ? null : String(id);
    } catch {
      return null;
    }
  };

  const enforce = async (ctx: Context, scope: string, id: string, max: number) => {
    let allowed = false;
    const limiter = ratelimit({ ...store(), id: () => id, max, duration: MINUTE, namespace: `${namespace}:${scope}` });
    await limiter(ctx, async () => {
      allowed = true;
    });
    if (!allowed) {
      const retryAfter = Number(ctx.response.get('Retry-After')) || 1;
      throw new errors.RateLimitError(`Too many requests; retry in ${retryAfter} s`, { scope, retry_after: retryAfter });
    }
  };

  return async (ctx: Context, next: Next) => {
    // Health probes come from load balancers at a steady rate; they are not clients.
    if (!ctx.path.startsWith(prefix) || ctx.path === `${prefix}/health`) return next();
    try {
      const budget = await limits();
      if (ctx.method === 'POST' && AUTH_PATHS.has(ctx.path.slice(prefix.length))) {
        await enforce(ctx, 'auth-ip', ctx.ip, budget.auth);
        const identifier = identifierOf(ctx.request.body);
        if (identifier) await enforce(ctx, 'auth-id', identifier, budget.auth);
      }
      const userId = verifiedUserId(ctx);
      if (userId) await enforce(ctx, 'user', userId, budget.user);
      else await enforce(ctx, 'ip', ctx.ip, budget.general);
    } catch (error) {
      if (error instanceof errors.RateLimitError) throw error;
      // A limiter that cannot reach Redis must not take the API down with it.
      strapi.log.warn(`[rate-limit] limiter unavailable, request allowed: ${(error as Error).message}`);
    }
    return next();
  };
};
