import type { Core } from '@strapi/strapi';
import { cronTasks } from '../src/cron/tasks';
import { secretList } from '../src/infra/env';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Behind load balancers, TRUST_PROXY hops of X-Forwarded-For are trusted: the client IP (rate limits, logs)
  // is the address that many hops from the right, so a client cannot spoof it by sending the header itself.
  proxy: env.int('TRUST_PROXY', 0) > 0 ? { koa: true, maxIpsCount: env.int('TRUST_PROXY', 0) } : { koa: false },
  app: { keys: secretList('APP_KEYS') },
  webhooks: { populateRelations: false },
  // OpenAPI document of the content API at /api/v1/openapi.json (Strapi's generator): served in development,
  // off in production unless OPENAPI=public.
  openapi: {
    'content-api': {
      access:
        env('OPENAPI', env('NODE_ENV', 'development') === 'production' ? 'disabled' : 'public') === 'public'
          ? 'public'
          : 'disabled',
    },
  },
  cron: { enabled: env.bool('CRON_ENABLED', true), tasks: cronTasks },
});
