import fs from 'node:fs';
import { DEMO_ADMIN, DEMO_STAFF, DEMO_STAFF_PASSWORD, screenshot, signIn, SCREENSHOTS, type AdminSite } from '../harness/browser';
import { CC, NAV, NO_PERMISSION, eventually, open, sideNav, startSiteUnderLoad } from './control-center-helpers';

/**
 * The control center in the production admin build: each staff role sees exactly its areas in the side navigation
 * and gets Strapi's no-permission page on a direct URL to another area; the dashboard, reports and health pages
 * work against the seeded data. Screenshots of every page land in .tmp/screenshots/.
 */

let site: AdminSite;
beforeAll(async () => {
  site = await startSiteUnderLoad();
}, 800_000);
afterAll(async () => {
  await site?.stop();
});

const ROLES = [
  {
    name: 'Super Admin',
    email: DEMO_ADMIN.email,
    password: DEMO_ADMIN.password,
    areas: ['dashboard', 'users', 'vendors', 'venues', 'moderation', 'tickets', 'settings', 'audit', 'reports'],
    forbidden: null,
  },
  {
    name: 'Platform Manager',
    email: DEMO_STAFF.platformManager,
    password: DEMO_STAFF_PASSWORD,
    areas: ['dashboard', 'users', 'vendors', 'venues', 'moderation', 'tickets', 'audit', 'reports'],
    forbidden: 'settings',
  },
  {
    name: 'Moderator',
    email: DEMO_STAFF.moderator,
    password: DEMO_STAFF_PASSWORD,
    areas: ['moderation'],
    forbidden: 'tickets',
  },
  {
    name: 'Support',
    email: DEMO_STAFF.support,
    password: DEMO_STAFF_PASSWORD,
    areas: ['tickets'],
    forbidden: 'moderation',
  },
] as const;

describe.each(ROLES)('$name', (role) => {
  it('sees exactly its areas in the side navigation and no other area’s page', async () => {
    const page = await site.newPage();
    await signIn(site, page, role.email, role.password);
    if ((role.areas as readonly string[]).includes('dashboard')) {
      // The homepage widget with the dashboard's figures (shown only to staff holding the dashboard action).
      await page.getByText('Marketplace, last 30 days').waitFor({ timeout: 60_000 });
      await page.getByText('Open the dashboard').waitFor({ timeout: 60_000 });
      await screenshot(page, `control-center-${role.name.toLowerCase().replace(/ /g, '-')}-home-widget`);
    }
    await page.goto(`${site.server.baseUrl}${CC}`);
    const expected = NAV.filter((entry) => (role.areas as readonly string[]).includes(entry.area)).map((e) => e.label);
    expect(await sideNav(page)).toEqual(expected);
    // The landing page is the first allowed page.
    const first = NAV.find((entry) => (role.areas as readonly string[]).includes(entry.area));
    await page.waitForURL(`**${CC}/${first?.path}`);
    await screenshot(page, `control-center-${role.name.toLowerCase().replace(/ /g, '-')}-landing`);
    if (role.forbidden) {
      await page.goto(`${site.server.baseUrl}${CC}/${role.forbidden}`);
      await page.getByText(NO_PERMISSION).waitFor({ timeout: 60_000 });
      await screenshot(page, `control-center-${role.name.toLowerCase().replace(/ /g, '-')}-no-permission`);
    }
    await page.context().close();
  }, 180_000);
});

describe('Super Admin pages', () => {
  let page: Awaited<ReturnType<AdminSite['newPage']>>;
  beforeAll(async () => {
    page = await site.newPage();
    await signIn(site, page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
  });

  it('dashboard: figures of the seeded marketplace with the previous period, charts, figures linking to their lists', async () => {
    await open(site, page, 'dashboard', 'Dashboard');
    await page
      .getByTestId('kpi-revenue-gross')
      .or(page.getByText('Could not load this data'))
      .first()
      .waitFor({ timeout: 90_000 });
    await screenshot(page, 'control-center-dashboard');
    expect(await page.getByText('Could not load this data').count()).toBe(0);
    // Seeded completed bookings fall into the last 30 days: the bookings figure is not zero.
    const created = await page.getByTestId('kpi-bookings-created').innerText();
    expect(created).toMatch(/created\s+[1-9]/i);
    // The seed's payments all fall in the last 30 days: the previous period has no revenue data, so the card says
    // so instead of "previous: €0"; every card uses one of the two wordings, never both.
    expect(await page.getByTestId('kpi-revenue-gross').innerText()).toMatch(/no previous figure|previous:/);
    for (const card of await page.locator('[data-testid^="kpi-"]').all()) {
      const text = await card.innerText();
      expect(text.includes('no previous figure') && text.includes('previous:')).toBe(false);
    }
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(3);
    // A figure opens its list.
    await page.getByTestId('kpi-vendors-pending').getByRole('link').click();
    await page.waitForURL(`**${CC}/vendors?status=pending`);
  }, 180_000);

  it('reports: a CSV export downloads the series of the chosen range', async () => {
    await open(site, page, 'reports', 'Reports');
    await screenshot(page, 'control-center-reports');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.locator('button[name=export-bookings]').click(),
    ]);
    const file = await download.path();
    const csv = fs.readFileSync(file as string, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/period_start/);
    expect(csv.trim().split('\n').length).toBeGreaterThan(20);
    await page.getByText('The CSV file was downloaded').first().waitFor();
  }, 120_000);

  it('system health: measured figures, refreshed automatically', async () => {
    await open(site, page, 'health', 'System health');
    await page.getByTestId('health-status').waitFor({ timeout: 60_000 });
    const first = await page.getByText(/^Checked /).innerText();
    await screenshot(page, 'control-center-health');
    // Auto-refresh every 15 s: the check time moves on without a reload.
    await eventually(async () => (await page.getByText(/^Checked /).innerText()) !== first, 'the next health check', 40_000);
  }, 120_000);

  it('leaves screenshots of the pages it visited', () => {
    for (const name of ['control-center-dashboard', 'control-center-reports', 'control-center-health']) {
      expect(fs.existsSync(`${SCREENSHOTS}/${name}.png`)).toBe(true);
    }
  });
});
