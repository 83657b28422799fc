import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import supertest from 'supertest';
import { baseDatabaseUrl } from './services';
import { createDatabase, databaseUrl, dropDatabase } from './postgres';
import { appDir, distDir, PG_SUITE_PREFIX, TEST_ENV } from './test-env';

export interface TestApp {
  strapi: Core.Strapi;
  /** supertest bound to the app's listening HTTP server (one listener for the whole suite). */
  http: () => ReturnType<typeof supertest>;
  baseUrl: string;
  api: (pathname: string) => string;
  database: { client: 'postgres' | 'sqlite'; name: string };
  stop: () => Promise<void>;
}

let suiteCounter = 0;

const freshDatabase = async () => {
  const baseUrl = baseDatabaseUrl();
  const suffix = `${process.pid}_${Date.now()}_${suiteCounter++}`;
  if (baseUrl) {
    const name = `${PG_SUITE_PREFIX}${suffix}`;
    await createDatabase(baseUrl, name, process.env.TOFIMOTIA_TEST_PG_TEMPLATE);
    return {
      client: 'postgres' as const,
      name,
      env: { DATABASE_URL: databaseUrl(baseUrl, name) },
      drop: () => dropDatabase(baseUrl, name),
    };
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tofimotia-test-'));
  const filename = path.join(stateDir, 'data.db');
  // A copy of the schema-synced template (global-setup) boots without creating the tables.
  const template = process.env.TOFIMOTIA_TEST_SQLITE_TEMPLATE;
  if (template && fs.existsSync(template)) fs.copyFileSync(template, filename);
  return {
    client: 'sqlite' as const,
    name: filename,
    env: { DATABASE_FILENAME: filename, TOFIMOTIA_STATE_DIR: stateDir },
    drop: async () => fs.rmSync(stateDir, { recursive: true, force: true }),
  };
};

/**
 * Boots a real Strapi in-process on a fresh database (SQLite temp file, or a clone of the
 * PostgreSQL template when DATABASE_URL is set). `env` overrides apply to this boot only.
 */
export const startApp = async (options: { env?: Record<string, string | undefined> } = {}): Promise<TestApp> => {
  const database = await freshDatabase();
  const previous = { ...process.env };
  Object.assign(process.env, TEST_ENV, database.env);
  if (baseDatabaseUrl()) process.env.TOFIMOTIA_TEST_PG_BASE_URL = baseDatabaseUrl();
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Strapi is loaded once this boot's env is in process.env
  const { createStrapi } = require('@strapi/strapi');
  const strapi: Core.Strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  strapi.log.level = 'error';
  await strapi.load();
  strapi.log.level = 'error';
  strapi.server.mount();
  const server = strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('test server did not bind a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    strapi,
    http: () => supertest(baseUrl),
    baseUrl,
    api: (pathname) => `/api/v1${pathname}`,
    database: { client: database.client, name: database.name },
    stop: async () => {
      await strapi.destroy();
      await database.drop();
      process.env = previous;
    },
  };
};
