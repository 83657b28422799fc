import type { Core } from '@strapi/strapi';

const s3Host = (endpoint: string): string[] => {
  try {
    return endpoint ? [new URL(endpoint).origin] : [];
  } catch {
    return [];
  }
};

/** Browser origins allowed to call the API with credentials; a wildcard is refused in production. */
const corsOrigins = (env: Core.Config.Shared.ConfigParams['env']): string[] => {
  const origins = env.array('CORS_ORIGINS', ['http://localhost:3000', 'http://localhost:1337']) as string[];
  if (env('NODE_ENV', 'development') === 'production' && origins.some((origin) => origin.trim() === '*')) {
    throw new Error(
      'CORS_ORIGINS must list the allowed origins in production: "*" with credentials would let any site act as the user'
    );
  }
  return origins;
};

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const mediaSources = ["'self'", 'data:', 'blob:', ...s3Host(env('S3_PUBLIC_URL', env('S3_ENDPOINT', '')))];
  return [
    // Gives every request its X-Request-Id before anything logs (src/middlewares/request-id.ts).
    'global::request-id',
    // Times every request (prom-client) and serves GET /metrics to METRICS_TOKEN holders: first, so it sees all.
    'global::http-metrics',
    'strapi::logger',
    'strapi::errors',
    'global::domain-errors',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            'connect-src': ["'self'", 'https:', 'ws:', 'wss:'],
            'img-src': mediaSources,
            'media-src': mediaSources,
            upgradeInsecureRequests: null,
          },
        },
      },
    },
    {
      name: 'strapi::cors',
      config: {
        origin: corsOrigins(env),
        credentials: true,
      },
    },
    'strapi::poweredBy',
    'strapi::query',
    {
      name: 'strapi::body',
      // Keep the raw body for webhook signature checks (Stripe signs the exact bytes).
      config: { includeUnparsed: true, jsonLimit: '1mb', formLimit: '1mb', textLimit: '1mb' },
    },
    'global::content-manager-status',
    'global::rate-limit',
    'strapi::session',
    'global::query-limits',
    'strapi::favicon',
    'strapi::public',
  ];
};
