import type { Page } from 'playwright-core';
import {
  DEMO_ADMIN,
  DEMO_STAFF,
  DEMO_STAFF_PASSWORD,
  screenshot,
  signIn,
  startAdminSite,
  type AdminSite,
} from '../harness/browser';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../harness/smtp';
import { api, confirmDialog, open, row } from './control-center-helpers';

/**
 * The vendor workspace in the admin panel, end to end through the production build: staff approve a vendor → the
 * invitation reaches the SMTP sink → the vendor sets a password through Strapi's registration page → sees only the
 * workspace in the menu → its overview; the seeded Berlin vendor's overview shows its figures; another vendor
 * opening the Berlin vendor's venue by URL gets the not-found page.
 */

const WS = '/admin/plugins/vendor-dashboard';
const BERLIN = { email: 'vendor.berlin@tofimotia.local', password: 'Tofimotia-demo-2026' };
const NEW_PASSWORD = 'Vendor-Workspace-2026';

let site: AdminSite;
let sink: SmtpSink;
const pages: Page[] = [];
const newPage = async () => {
  const page = await site.newPage();
  pages.push(page);
  return page;
};

beforeAll(async () => {
  sink = await startSmtpSink();
  try {
    site = await startAdminSite(smtpEnv(sink.port));
  } catch (error) {
    console.warn(`[browser] admin site did not start, retrying once: ${(error as Error).message.split('\n')[0]}`);
    site = await startAdminSite(smtpEnv(sink.port));
  }
}, 800_000);
afterAll(async () => {
  for (const page of pages) await page.context().close();
  await site?.stop();
  await sink?.close();
});

const business = `Workspace Browser Events ${Date.now()}`;
const email = `ws-browser-${Date.now()}@example.test`;

it('staff approve a vendor → invitation e-mail → the vendor registers → only the workspace menu → its overview', async () => {
  const registered = await api(site, '/auth/register', {
    method: 'POST',
    body: JSON.stringify({
      username: `wsb${Date.now()}`,
      email,
      password: 'Correct-Horse-9',
      role: 'vendor',
      business_name: business,
    }),
  });
  expect([200, 201]).toContain(registered.status);

  const staff = await newPage();
  await signIn(site, staff, DEMO_STAFF.platformManager, DEMO_STAFF_PASSWORD);
  await open(site, staff, 'vendors', 'Vendors');
  await row(staff, business).waitFor({ timeout: 60_000 });
  await row(staff, business).getByRole('button', { name: 'Approve' }).click();
  await confirmDialog(staff, 'Approve', `${business}: Approve done`);

  const mail = await sink.waitFor((m) => m.to.includes(email) && /workspace/i.test(m.subject), 60_000);
  const link = /https?:\/\/\S+\/admin\/auth\/register\?registrationToken=([A-Za-z0-9%]+)/.exec(mail.text);
  expect(link).not.toBeNull();
  // The token is what matters: the child server's own idea of its public URL may name another host.
  const vendor = await newPage();
  await vendor.goto(`${site.server.baseUrl}/admin/auth/register?registrationToken=${link![1]}`);
  await vendor.locator('input[name=firstname]').waitFor({ timeout: 60_000 });
  await screenshot(vendor, 'vendor-workspace-register');
  await vendor.fill('input[name=firstname]', 'Wanda');
  await vendor.fill('input[name=lastname]', 'Workspace');
  await vendor.fill('input[name=password]', NEW_PASSWORD);
  await vendor.fill('input[name=confirmPassword]', NEW_PASSWORD);
  await vendor.click('button[type=submit]');
  await vendor.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });

  const menu = vendor.getByRole('navigation').first();
  await vendor.getByRole('link', { name: 'Vendor workspace' }).waitFor({ timeout: 60_000 });
  expect(await vendor.getByRole('link', { name: 'Content Manager' }).count()).toBe(0);
  expect(await vendor.getByRole('link', { name: 'Media Library' }).count()).toBe(0);
  expect(await vendor.getByRole('link', { name: 'Control center' }).count()).toBe(0);
  expect(await menu.count()).toBeGreaterThan(0);
  await screenshot(vendor, 'vendor-workspace-menu');

  await vendor.getByRole('link', { name: 'Vendor workspace' }).click();
  await vendor.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 60_000 });
  await vendor.getByTestId('workspace-vendor').getByText(business).waitFor({ timeout: 30_000 });
  expect((await vendor.getByTestId('figure-requests').innerText()).replace(/\s+/g, ' ')).toContain('0');
  await screenshot(vendor, 'vendor-workspace-overview-new-vendor');
}, 400_000);

it('the seeded Berlin vendor sees its figures, venues and requests; another vendor gets the not-found page for its venue', async () => {
  const berlin = await newPage();
  await signIn(site, berlin, BERLIN.email, BERLIN.password);
  await berlin.goto(`${site.server.baseUrl}${WS}/overview`);
  await berlin.getByTestId('workspace-vendor').getByText('Spree Halls GmbH').waitFor({ timeout: 60_000 });
  const requests = Number((await berlin.getByTestId('figure-requests').locator('p').innerText()).trim());
  expect(requests).toBeGreaterThanOrEqual(1);
  expect(await berlin.getByTestId('figure-revenue').locator('p').innerText()).toMatch(/€|EUR/);
  // The seeded Berlin venues have one published review: singular.
  expect((await berlin.getByTestId('figure-rating').innerText()).replace(/\s+/g, ' ')).toMatch(/5 ★ 1 review$/);
  await screenshot(berlin, 'vendor-workspace-overview');

  await berlin.goto(`${site.server.baseUrl}${WS}/bookings`);
  await berlin.getByRole('heading', { level: 1, name: 'Booking requests' }).waitFor({ timeout: 60_000 });
  await berlin.getByRole('button', { name: 'Approve' }).first().waitFor({ timeout: 30_000 });
  await screenshot(berlin, 'vendor-workspace-bookings');

  await berlin.goto(`${site.server.baseUrl}${WS}/venues`);
  await berlin.getByRole('link', { name: 'Spree Loft' }).waitFor({ timeout: 60_000 });
  await screenshot(berlin, 'vendor-workspace-venues');
  await berlin.getByRole('link', { name: 'Spree Loft' }).click();
  await berlin.getByTestId('venue-detail').waitFor({ timeout: 30_000 });
  const venueUrl = berlin.url();
  await screenshot(berlin, 'vendor-workspace-venue');

  // The vendor registered in the first test opens the Berlin vendor's venue by URL.
  const other = await newPage();
  await signIn(site, other, email, NEW_PASSWORD);
  await other.goto(venueUrl);
  await other.getByTestId('venue-not-found').waitFor({ timeout: 60_000 });
  expect(await other.getByTestId('venue-detail').count()).toBe(0);
  await screenshot(other, 'vendor-workspace-venue-not-found');
}, 300_000);

it('a Super Admin (every action, no vendor profile) sees whose workspace this is, not a failed load', async () => {
  const admin = await newPage();
  await signIn(site, admin, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await admin.goto(`${site.server.baseUrl}${WS}/overview`);
  await admin.getByTestId('workspace-forbidden').waitFor({ timeout: 60_000 });
  expect(await admin.getByTestId('workspace-forbidden').innerText()).toContain('belongs to approved vendor accounts');
  expect(await admin.getByRole('button', { name: 'Try again' }).count()).toBe(0);
  await screenshot(admin, 'vendor-workspace-super-admin');
}, 200_000);
