import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_ADMIN, DEMO_STAFF, DEMO_STAFF_PASSWORD, screenshot, signIn, type AdminSite } from '../harness/browser';
import { api, confirmDialog, eventually, open, row, searchHit, startSiteUnderLoad, userJwt } from './control-center-helpers';

/**
 * One real action per operations page of the control center, end to end through the production admin build and
 * checked where the marketplace shows it: public search, venue ratings, the user's notifications, price quotes.
 */

const CUSTOMER = { email: 'customer@tofimotia.local', password: 'Tofimotia-demo-2026' };

let site: AdminSite;
const pages: Page[] = [];
const signedIn = async (email: string, password: string) => {
  const page = await site.newPage();
  pages.push(page);
  await signIn(site, page, email, password);
  return page;
};

beforeAll(async () => {
  site = await startSiteUnderLoad();
}, 800_000);
afterAll(async () => {
  for (const page of pages) await page.context().close();
  await site?.stop();
});

it('vendors: approve an application; suspend a vendor → its venue leaves public search; reinstate → back', async () => {
  const business = `Browser Test Events ${Date.now()}`;
  const email = `browser-vendor-${Date.now()}@example.test`;
  const registered = await api(site, '/auth/register', {
    method: 'POST',
    body: JSON.stringify({
      username: `bv${Date.now()}`,
      email,
      password: 'Correct-Horse-9',
      role: 'vendor',
      business_name: business,
    }),
  });
  expect([200, 201]).toContain(registered.status);

  const page = await signedIn(DEMO_STAFF.platformManager, DEMO_STAFF_PASSWORD);
  await open(site, page, 'vendors', 'Vendors');
  await row(page, business).waitFor({ timeout: 60_000 });
  await screenshot(page, 'control-center-vendors');
  await row(page, business).getByRole('button', { name: 'Approve' }).click();
  await confirmDialog(page, 'Approve', `${business}: Approve done`);
  await page.goto(`${site.server.baseUrl}/admin/plugins/control-center/vendors?status=approved`);
  await row(page, business).waitFor({ timeout: 60_000 });

  // A vendor's performance in its detail.
  await row(page, 'Spree Halls GmbH').getByRole('button', { name: 'View' }).click();
  const details = page.getByRole('dialog');
  await details.getByText('Performance').waitFor({ timeout: 60_000 });
  expect(await details.innerText()).toMatch(/Venues by status:\s*approved [1-9]/);
  expect(await details.innerText()).toMatch(/Bookings, last 30 days:/);
  expect(await details.innerText()).toMatch(/Gross revenue, last 30 days:/);
  expect(await details.innerText()).toMatch(/Cancellation rate:/);
  expect(await details.innerText()).toMatch(/Rating:/);
  await screenshot(page, 'control-center-vendor-performance');
  await details.getByRole('button', { name: 'Close' }).last().click();

  expect(await searchHit(site, 'Spree Loft', 'spree-loft')).toBeDefined();
  await row(page, 'Spree Halls GmbH').getByRole('button', { name: 'Suspend' }).click();
  await confirmDialog(page, 'Suspend', 'Spree Halls GmbH: Suspend done', 'Verification documents expired');
  expect(await searchHit(site, 'Spree Loft', 'spree-loft')).toBeUndefined();

  await page.goto(`${site.server.baseUrl}/admin/plugins/control-center/vendors?status=suspended`);
  await row(page, 'Spree Halls GmbH').getByRole('button', { name: 'Reinstate' }).click();
  await confirmDialog(page, 'Reinstate', 'Spree Halls GmbH: Reinstate done');
  expect(await searchHit(site, 'Spree Loft', 'spree-loft')).toBeDefined();
}, 240_000);

it('venues: feature a venue → public search marks it featured', async () => {
  const page = await signedIn(DEMO_STAFF.platformManager, DEMO_STAFF_PASSWORD);
  await open(site, page, 'venues', 'Venues');
  await screenshot(page, 'control-center-venues');
  expect((await searchHit(site, 'Kreuzberg Night Studio', 'kreuzberg-night-studio'))?.featured).toBe(false);
  await page.goto(`${site.server.baseUrl}/admin/plugins/control-center/venues?status=approved`);
  await row(page, 'Kreuzberg Night Studio').getByRole('button', { name: 'Feature', exact: true }).click();
  await confirmDialog(page, 'Feature', 'Kreuzberg Night Studio: Feature done');
  expect((await searchHit(site, 'Kreuzberg Night Studio', 'kreuzberg-night-studio'))?.featured).toBe(true);
}, 180_000);

it('moderation: hiding a review changes the venue’s rating; an open report is resolved', async () => {
  const before = await searchHit(site, 'Brooklyn Workshop Loft', 'brooklyn-workshop-loft');
  expect(before?.rating.count).toBeGreaterThan(0);
  const page = await signedIn(DEMO_STAFF.moderator, DEMO_STAFF_PASSWORD);
  await open(site, page, 'moderation', 'Moderation');
  const review = row(page, 'Good space, parking was tight.');
  await review.waitFor({ timeout: 60_000 });
  await screenshot(page, 'control-center-moderation');
  await review.getByRole('button', { name: 'Hide' }).click();
  await confirmDialog(page, 'Hide', 'The review is hidden', 'Personal attack on the staff');
  await eventually(
    async () =>
      (await searchHit(site, 'Brooklyn Workshop Loft', 'brooklyn-workshop-loft'))?.rating.count ===
      (before?.rating.count ?? 0) - 1,
    'the hidden review leaves the venue rating'
  );

  // Hiding the review may already have closed its report; an open one is dismissed here.
  await page.getByRole('tab', { name: 'Reports' }).click();
  const report = row(page, 'Looks like it was written by a competitor');
  await report.or(page.getByText('No reports match these filters')).first().waitFor({ timeout: 60_000 });
  if ((await report.count()) > 0) {
    await report.getByRole('button', { name: 'Dismiss' }).click();
    await confirmDialog(page, 'Dismiss', 'The report is dismissed', 'Handled by hiding the review');
  }
  await screenshot(page, 'control-center-moderation-reports');
}, 180_000);

it('support: a reply to a ticket reaches the user as a notification', async () => {
  const jwt = await userJwt(site, CUSTOMER.email, CUSTOMER.password);
  const notifications = async () =>
    (
      await api<{ data: unknown[]; meta: { pagination: { total: number } } }>(site, '/users/notifications', {
        headers: { Authorization: `Bearer ${jwt}` },
      })
    ).body.meta.pagination.total;
  const before = await notifications();

  const page = await signedIn(DEMO_STAFF.support, DEMO_STAFF_PASSWORD);
  await open(site, page, 'tickets', 'Support');
  await page.getByRole('link', { name: 'Company name on my invoice' }).click();
  await page.getByRole('heading', { level: 1, name: 'Company name on my invoice' }).waitFor({ timeout: 60_000 });
  // The thread, oldest first: the customer's question, then the seeded staff answer.
  const thread = page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
  await thread.first().waitFor({ timeout: 60_000 });
  const messages = await thread.allInnerTexts();
  expect(messages[0]).toMatch(/\(customer\)/);
  expect(messages[0]).toContain('could the invoice of my Brooklyn booking show my company name, Demo Ltd?');
  expect(messages[1]).toMatch(/\(staff\)/);
  expect(messages[1]).toContain('invoices show the name on your profile');
  await page.locator('textarea[name=reply]').fill('Your invoice is re-issued with Demo Ltd as the company name.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.getByText('Reply sent to the user').first().waitFor({ timeout: 30_000 });
  // The reply is appended at the end of the thread.
  await eventually(async () => (await thread.count()) === messages.length + 1, 'the reply in the thread');
  expect(await thread.last().innerText()).toContain('Your invoice is re-issued with Demo Ltd as the company name.');
  expect(await thread.last().innerText()).toMatch(/\(staff\)/);
  await screenshot(page, 'control-center-ticket');
  await eventually(async () => (await notifications()) > before, 'a notification of the reply for the ticket owner');
}, 180_000);

it('settings: the server’s validation message shows on the field; a new platform fee shows in a new quote', async () => {
  // A weekday slot three weeks ahead, 2 hours inside Spree Loft's opening hours.
  const day = new Date(Date.now() + 21 * 86_400_000);
  while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  const date = day.toISOString().slice(0, 10);
  const venue = await searchHit(site, 'Spree Loft', 'spree-loft');
  const quote = async () => {
    const { status, body } = await api<{ data: { platform_fee: number; subtotal: number; discount: number } }>(
      site,
      `/venues/${venue?.documentId}/quote?start=${date}T12:00:00Z&end=${date}T14:00:00Z&guests=10`
    );
    if (status !== 200) throw new Error(`quote: ${status} ${JSON.stringify(body)}`);
    return body.data;
  };
  const before = await quote();

  const page = await signedIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
  await open(site, page, 'settings', 'Settings');
  await page.getByRole('tab', { name: 'Fees' }).click();
  const fee = page.getByLabel('fees.platform_fee_percent');
  await fee.waitFor({ timeout: 60_000 });
  await fee.fill('80');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('must be at most 50').first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'control-center-settings-error');
  await fee.fill('17');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved').first().waitFor({ timeout: 30_000 });
  await page.getByRole('row').filter({ hasText: 'fees.platform_fee_percent' }).first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'control-center-settings');

  const after = await quote();
  expect(Math.abs(after.platform_fee - ((after.subtotal - after.discount) * 17) / 100)).toBeLessThanOrEqual(1);
  expect(after.platform_fee).not.toBe(before.platform_fee);
}, 180_000);

it('users: blocking an account stops its sign-in; unblocking restores it', async () => {
  const page = await signedIn(DEMO_STAFF.platformManager, DEMO_STAFF_PASSWORD);
  await open(site, page, 'users', 'Users');
  await row(page, 'guest@tofimotia.local').waitFor({ timeout: 60_000 });
  await screenshot(page, 'control-center-users');
  await row(page, 'guest@tofimotia.local').getByRole('button', { name: 'Block' }).click();
  await confirmDialog(page, 'Block', 'demo-guest is blocked', 'Repeated advertising in reviews');
  const blocked = await api(site, '/auth/local', {
    method: 'POST',
    body: JSON.stringify({ identifier: 'guest@tofimotia.local', password: 'Tofimotia-demo-2026' }),
  });
  expect(blocked.status).toBeGreaterThanOrEqual(400);
  await row(page, 'guest@tofimotia.local').getByRole('button', { name: 'Unblock' }).click();
  await confirmDialog(page, 'Unblock', 'demo-guest is unblocked');
  expect(await userJwt(site, 'guest@tofimotia.local', 'Tofimotia-demo-2026')).toBeTruthy();
}, 180_000);

it('audit log: the staff actions above are listed and export as CSV', async () => {
  const page = await signedIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto(`${site.server.baseUrl}/admin/plugins/control-center/audit?action_type=vendor.`);
  await row(page, 'vendor.suspend').waitFor({ timeout: 60_000 });
  await screenshot(page, 'control-center-audit');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = fs.readFileSync((await download.path()) as string, 'utf8');
  expect(csv).toMatch(/vendor\.suspend/);
  expect(csv).not.toMatch(/settings\.update/);
}, 180_000);
