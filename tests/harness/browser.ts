import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startInstance, type TestInstance } from './instance';
import { createDatabase, databaseUrl, dropDatabase } from './postgres';
import { baseDatabaseUrl } from './services';
import { adminBuildIsFresh } from './admin-build';
import { appDir, PG_SUITE_PREFIX } from './test-env';

/**
 * Browser tests of the admin panel: a production build (made by global-setup) served by a child Strapi on a fresh
 * database with the demo data, driven by playwright-core in Debian's Chromium (`.ci/run` installs it).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SCREENSHOTS = path.join(appDir, '.tmp', 'screenshots');

export const DEMO_ADMIN = { email: 'admin@tofimotia.local', password: 'Tofimotia-admin-2026' };
export const DEMO_STAFF_PASSWORD = 'Tofimotia-demo-2026';
export const DEMO_STAFF = {
  platformManager: 'manager@tofimotia.local',
  moderator: 'moderator@tofimotia.local',
  support: 'support@tofimotia.local',
} as const;

export interface AdminSite {
  server: TestInstance;
  browser: Browser;
  /** A new page (own context: own cookies and storage) at 1280×900. */
  newPage: () => Promise<Page>;
  stop: () => Promise<void>;
}

let databaseCounter = 0;

/** Starts the seeded production server and Chromium. */
export const startAdminSite = async (env: Record<string, string | undefined> = {}): Promise<AdminSite> => {
  if (!adminBuildIsFresh())
    throw new Error('no admin build of the current sources: run the browser suites through jest (global-setup builds it)');
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const baseUrl = baseDatabaseUrl();
  const suffix = `${process.pid}_${Date.now()}_browser${databaseCounter++}`;
  let database: { env: Record<string, string | undefined>; drop: () => Promise<void> };
  if (baseUrl) {
    const name = `${PG_SUITE_PREFIX}${suffix}`;
    await createDatabase(baseUrl, name, process.env.TOFIMOTIA_TEST_PG_TEMPLATE);
    database = { env: { DATABASE_URL: databaseUrl(baseUrl, name) }, drop: async () => void (await dropDatabase(baseUrl, name)) };
  } else {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tofimotia-browser-'));
    const template = process.env.TOFIMOTIA_TEST_SQLITE_TEMPLATE;
    if (template && fs.existsSync(template)) fs.copyFileSync(template, path.join(stateDir, 'data.db'));
    database = {
      env: { DATABASE_URL: undefined, DATABASE_FILENAME: path.join(stateDir, 'data.db'), TOFIMOTIA_STATE_DIR: stateDir },
      drop: async () => fs.rmSync(stateDir, { recursive: true, force: true }),
    };
  }
  const server = await startInstance({
    databaseUrl: database.env.DATABASE_URL ?? '',
    // The seeded production server boots in ~30 s alone, minutes on a loaded machine.
    bootTimeoutMs: 360_000,
    env: {
      ...database.env,
      NODE_ENV: 'production',
      TOFIMOTIA_INSTANCE_SERVE_ADMIN: 'true',
      SERVE_ADMIN_PANEL: 'true',
      TOFIMOTIA_SEED_ON_START: 'true',
      ...env,
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    newPage: async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      return context.newPage();
    },
    stop: async () => {
      await browser.close();
      await server.stop();
      await database.drop();
    },
  };
};

/** Signs in through the admin login form and waits for the panel's home page. */
export const signIn = async (site: AdminSite, page: Page, email: string, password: string) => {
  await page.goto(`${site.server.baseUrl}/admin/auth/login`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
};

/** Saves a full-page screenshot under .tmp/screenshots/<name>.png. */
export const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
