import type { Core } from '@strapi/strapi';
import { winston } from '@strapi/logger';
import { logFormat } from '../src/infra/logging';

/** Strapi's logger with request ids on every line; JSON lines in production or with LOG_FORMAT=json. */
export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  level: env('LOG_LEVEL', 'http'),
  format: logFormat({ json: env('LOG_FORMAT', env('NODE_ENV') === 'production' ? 'json' : 'text') === 'json' }),
  transports: [new winston.transports.Console()],
});
