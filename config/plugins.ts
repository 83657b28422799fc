import type { Core } from '@strapi/strapi';
import { secret } from '../src/infra/env';

const MB = 1024 * 1024;

/** S3 (any S3-compatible server: endpoint + path-style) when S3_BUCKET is set, local public/uploads otherwise. */
const uploadConfig = (env: Core.Config.Shared.ConfigParams['env']) => {
  const base = { sizeLimit: env.int('UPLOAD_SIZE_LIMIT_MB', 10) * MB };
  if (!env('S3_BUCKET', '')) return { config: base };
  const endpoint = env('S3_ENDPOINT', '');
  return {
    config: {
      ...base,
      provider: 'aws-s3',
      providerOptions: {
        baseUrl: env('S3_PUBLIC_URL', '') || undefined,
        rootPath: env('S3_ROOT_PATH', '') || undefined,
        s3Options: {
          region: env('S3_REGION', 'us-east-1'),
          endpoint: endpoint || undefined,
          forcePathStyle: env('S3_FORCE_PATH_STYLE', '') === '' ? Boolean(endpoint) : env.bool('S3_FORCE_PATH_STYLE', false),
          credentials: {
            accessKeyId: env('S3_ACCESS_KEY_ID'),
            secretAccessKey: env('S3_SECRET_ACCESS_KEY'),
          },
          // Streamed bodies otherwise get aws-chunked framing stored inside the object on some S3 servers.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          params: { Bucket: env('S3_BUCKET') },
        },
      },
      actionOptions: { upload: {}, uploadStream: {}, delete: {} },
    },
  };
};

/**
 * SMTP when SMTP_HOST is set. The embedded default uses nodemailer's JSON transport:
 * messages are fully built (so templates are exercised) but nothing leaves the machine.
 */
const emailConfig = (env: Core.Config.Shared.ConfigParams['env']) => {
  const from = env('SMTP_FROM', 'Tofimotia <no-reply@tofimotia.local>');
  const smtpHost = env('SMTP_HOST', '');
  const providerOptions = smtpHost
    ? {
        host: smtpHost,
        port: env.int('SMTP_PORT', 587),
        secure: env.bool('SMTP_SECURE', false),
        ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
        auth: env('SMTP_USER', '') ? { user: env('SMTP_USER'), pass: env('SMTP_PASSWORD', '') } : undefined,
      }
    : { jsonTransport: true };
  return {
    config: {
      provider: 'nodemailer',
      providerOptions,
      settings: { defaultFrom: from, defaultReplyTo: from },
    },
  };
};

export default ({ env }: Core.Config.Shared.ConfigParams) => ({
  'users-permissions': {
    config: {
      jwtSecret: secret('JWT_SECRET'),
      // Short-lived access JWTs plus rotating refresh tokens (Strapi's SessionManager), see
      // src/extensions/users-permissions/sessions.ts.
      jwtManagement: 'refresh',
      sessions: {
        accessTokenLifespan: env.int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60),
        idleRefreshTokenLifespan: env.int('REFRESH_TOKEN_IDLE_TTL_SECONDS', 14 * 24 * 3600),
        maxRefreshTokenLifespan: env.int('REFRESH_TOKEN_MAX_TTL_SECONDS', 30 * 24 * 3600),
      },
      register: { allowedFields: [] },
      // users-permissions' own per-process limiter is replaced by global::rate-limit (shared through Redis).
      ratelimit: { enabled: false },
    },
  },
  // Local plugins (src/plugins/<name>): TypeScript compiled with the app, loaded through strapi-server.js.
  payments: { enabled: true, resolve: './src/plugins/payments' },
  realtime: { enabled: true, resolve: './src/plugins/realtime' },
  'vendor-dashboard': { enabled: true, resolve: './src/plugins/vendor-dashboard' },
  'control-center': { enabled: true, resolve: './src/plugins/control-center' },
  upload: uploadConfig(env),
  email: emailConfig(env),
});
