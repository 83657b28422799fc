import path from 'node:path';

export const appDir = path.resolve(__dirname, '..', '..');
export const distDir = path.join(appDir, 'dist');

/** Fixed secrets and quiet defaults for every suite; a suite may override any of them before booting. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  APP_KEYS: 'test-key-1,test-key-2',
  API_TOKEN_SALT: 'test-api-token-salt',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
  RATE_LIMIT: 'off',
  SERVE_ADMIN_PANEL: 'false',
  // Jobs are driven explicitly by the tests that need them (with a frozen clock).
  CRON_ENABLED: 'false',
  // Queues (BullMQ, with REDIS_URL) of test apps never share keys with a development server on the same Redis;
  // suites that inspect their queue set a unique prefix of their own (tests/harness/redis-keys.ts).
  REDIS_PREFIX: 'tofimotia-test',
};

export const PG_TEMPLATE_PREFIX = 'tofimotia_tpl_';
export const PG_SUITE_PREFIX = 'tofimotia_test_';
