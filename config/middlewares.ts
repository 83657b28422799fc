import type { Core } from '@strapi/strapi';

const s3Host = (endpoint: string): string[] => {
  try {
    return endpoint ? [new URL(endpoint).origin] : [];
  } catch {
    return [];
  }
};

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const mediaSources = ["'self'", 'data:', 'blob:', ...s3Host(env('S3_PUBLIC_URL', env('S3_ENDPOINT', '')))];
  return [
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
        origin: env.array('CORS_ORIGINS', ['http://localhost:3000', 'http://localhost:1337']),
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
    'global::rate-limit',
    'strapi::session',
    'global::pagination-limit',
    'strapi::favicon',
    'strapi::public',
  ];
};
