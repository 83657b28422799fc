import { baseDatabaseUrl } from './services';
import { createDatabase, databaseUrl, dropStaleDatabases } from './postgres';
import { appDir, distDir, PG_SUITE_PREFIX, PG_TEMPLATE_PREFIX, TEST_ENV } from './test-env';

/**
 * Runs once per `npm test`: compiles the TypeScript app into dist/ and, with PostgreSQL configured,
 * builds a schema-synced template database that every suite clones (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup(): Promise<void> {
  Object.assign(process.env, TEST_ENV);
  // Pure domain tests need no app: `TOFIMOTIA_SKIP_COMPILE=1 npx jest tests/domain` starts instantly.
  if (process.env.TOFIMOTIA_SKIP_COMPILE === '1') return;
  const started = Date.now();
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir, ignoreDiagnostics: false });
  // eslint-disable-next-line no-console
  console.log(`\n[tests] compiled app in ${Date.now() - started} ms`);

  const baseUrl = baseDatabaseUrl();
  if (!baseUrl) return;
  process.env.TOFIMOTIA_TEST_PG_BASE_URL = baseUrl;
  await dropStaleDatabases(baseUrl, PG_TEMPLATE_PREFIX);
  await dropStaleDatabases(baseUrl, PG_SUITE_PREFIX);
  const template = `${PG_TEMPLATE_PREFIX}${process.pid}`;
  await createDatabase(baseUrl, template);
  process.env.TOFIMOTIA_TEST_PG_TEMPLATE = template;
  process.env.DATABASE_URL = databaseUrl(baseUrl, template);
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  strapi.log.level = 'error';
  await strapi.load();
  await strapi.destroy();
  process.env.DATABASE_URL = baseUrl;
  // eslint-disable-next-line no-console
  console.log(`[tests] PostgreSQL template ${template} ready in ${Date.now() - started} ms`);
}
