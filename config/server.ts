import type { Core } from '@strapi/strapi';
import { cronTasks } from '../src/cron/tasks';
import { secretList } from '../src/infra/env';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Behind a load balancer, TRUST_PROXY hops of X-Forwarded-* are trusted (client IP for rate limits).
  proxy: env.int('TRUST_PROXY', 0) > 0 ? { koa: true } : false,
  app: { keys: secretList('APP_KEYS') },
  webhooks: { populateRelations: false },
  cron: { enabled: env.bool('CRON_ENABLED', true), tasks: cronTasks },
});
