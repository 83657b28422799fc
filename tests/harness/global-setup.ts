import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureAdminBuild } from './admin-build';
import { baseDatabaseUrl } from './services';
import { createDatabase, databaseUrl, dropStaleDatabases } from './postgres';
import { appDir, distDir, PG_SUITE_PREFIX, PG_TEMPLATE_PREFIX, TEST_ENV } from './test-env';

/** Whether this run includes the browser suites (a full run, or a path filter naming tests/browser). */
interface JestGlobalConfig {
  /** Jest 29: the path filters of the command line, joined into one pattern. */
  testPathPattern?: string;
  nonFlagArgs?: string[];
}
const runsBrowserTests = (config: JestGlobalConfig) => {
  if (process.env.TOFIMOTIA_BROWSER_TESTS === 'off') return false;
  const filters = [config.testPathPattern ?? '', ...(config.nonFlagArgs ?? [])].filter((filter) => filter !== '');
  return filters.length === 0 || filters.some((filter) => /browser/.test(filter));
};

/**
 * Runs once per `npm test`: compiles the TypeScript app into dist/ and, with PostgreSQL configured,
 * builds a schema-synced template database that every suite clones (CREATE DATABASE … TEMPLATE). When the
 * browser suites run, it also makes sure a production build of the admin panel exists (tests/harness/admin-build).
 */
export default async function globalSetup(config: JestGlobalConfig): Promise<void> {
  Object.assign(process.env, TEST_ENV);
  // Pure domain tests need no app: `TOFIMOTIA_SKIP_COMPILE=1 npx jest tests/domain` starts instantly.
  if (process.env.TOFIMOTIA_SKIP_COMPILE === '1') return;
  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when compiling (not with TOFIMOTIA_SKIP_COMPILE), after TEST_ENV is set
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  // compileStrapi writes over dist/ without clearing it: a module that became a folder (routes/x.ts →
  // routes/x/index.ts) would still resolve to the stale x.js. Clear it, keeping the admin build (dist/build).
  if (fs.existsSync(distDir)) {
    for (const entry of fs.readdirSync(distDir)) {
      if (entry !== 'build') fs.rmSync(path.join(distDir, entry), { recursive: true, force: true });
    }
  }
  await compileStrapi({ appDir, ignoreDiagnostics: false });
  console.log(`\n[tests] compiled app in ${Date.now() - started} ms`);
  // `strapi build` compiles the TypeScript again (same output) before bundling: done here, before any suite runs.
  if (runsBrowserTests(config)) ensureAdminBuild();

  const baseUrl = baseDatabaseUrl();
  if (!baseUrl) {
    await buildSqliteTemplate(started);
    return;
  }
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
  console.log(`[tests] PostgreSQL template ${template} ready in ${Date.now() - started} ms`);
}

/**
 * The embedded twin of the PostgreSQL template: one schema-synced SQLite file that every suite copies instead of
 * creating ~100 tables itself (tests/harness/app.ts). Removed by the global teardown.
 */
async function buildSqliteTemplate(started: number): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tofimotia-template-'));
  const filename = path.join(stateDir, 'data.db');
  Object.assign(process.env, { DATABASE_FILENAME: filename, TOFIMOTIA_STATE_DIR: stateDir });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the template's env is set
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  strapi.log.level = 'error';
  await strapi.load();
  await strapi.destroy();
  delete process.env.DATABASE_FILENAME;
  delete process.env.TOFIMOTIA_STATE_DIR;
  process.env.TOFIMOTIA_TEST_SQLITE_TEMPLATE = filename;
  console.log(`[tests] SQLite template ready in ${Date.now() - started} ms`);
}
