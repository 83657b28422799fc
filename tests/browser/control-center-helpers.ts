import type { Page } from 'playwright-core';
import { startAdminSite, type AdminSite } from '../harness/browser';

/** Helpers of the control-center browser suites (pages, side navigation, dialogs, public API calls). */

export const CC = '/admin/plugins/control-center';

/** Side-navigation labels per page path (the order of admin/src/pages/registry.ts). */
export const NAV: Array<{ path: string; label: string; area: string }> = [
  { path: 'dashboard', label: 'Dashboard', area: 'dashboard' },
  { path: 'vendors', label: 'Vendors', area: 'vendors' },
  { path: 'venues', label: 'Venues', area: 'venues' },
  { path: 'moderation', label: 'Moderation', area: 'moderation' },
  { path: 'tickets', label: 'Support', area: 'tickets' },
  { path: 'users', label: 'Users', area: 'users' },
  { path: 'settings', label: 'Settings', area: 'settings' },
  { path: 'audit', label: 'Audit log', area: 'audit' },
  { path: 'reports', label: 'Reports', area: 'reports' },
  { path: 'health', label: 'System health', area: 'dashboard' },
];

export const NO_PERMISSION = "You don't have the permissions to access that content";

/** Opens a control-center page and waits for its title. */
export const open = async (site: AdminSite, page: Page, path: string, title: string) => {
  await page.goto(`${site.server.baseUrl}${CC}/${path}`);
  await page.getByRole('heading', { level: 1, name: title }).waitFor({ timeout: 60_000 });
};

/** The labels of the control center's side navigation. */
export const sideNav = async (page: Page) => {
  const nav = page.getByRole('navigation', { name: 'Control center' });
  await nav.waitFor({ timeout: 60_000 });
  return (await nav.getByRole('link').allInnerTexts()).map((text) => text.trim());
};

/** Confirms the open action dialog (with a reason when given) and waits for the success notification. */
export const confirmDialog = async (page: Page, confirm: string, success: string | RegExp, reason?: string) => {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (reason !== undefined) await dialog.locator('textarea[name=reason]').fill(reason);
  await dialog.getByRole('button', { name: confirm, exact: true }).click();
  await page.getByText(success).first().waitFor({ timeout: 30_000 });
  await dialog.waitFor({ state: 'detached' });
};

/** A row of the page's table containing `text`. */
export const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/** JSON from the server's public REST API. */
export const api = async <T = unknown>(
  site: AdminSite,
  path: string,
  init: RequestInit = {}
): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${site.server.baseUrl}/api/v1${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
};

/** A storefront user's JWT (password login through the public API). */
export const userJwt = async (site: AdminSite, identifier: string, password: string) => {
  const { status, body } = await api<{ jwt: string }>(site, '/auth/local', {
    method: 'POST',
    body: JSON.stringify({ identifier, password }),
  });
  if (status !== 200) throw new Error(`login of ${identifier}: ${status} ${JSON.stringify(body)}`);
  return body.jwt;
};

interface SearchHit {
  documentId: string;
  slug: string;
  featured: boolean;
  rating: { average: number; count: number };
}

/** The public search hit of a venue (by its name as the text query), or undefined when search does not list it. */
export const searchHit = async (site: AdminSite, name: string, slug: string) => {
  const { status, body } = await api<{ data: SearchHit[] }>(site, `/venues/search?q=${encodeURIComponent(name)}&pageSize=50`);
  if (status !== 200) throw new Error(`search: ${status} ${JSON.stringify(body)}`);
  return body.data.find((hit) => hit.slug === slug);
};

/** Polls `check` until it returns true (effects that follow a commit), failing after `timeoutMs`. */
export const eventually = async (check: () => Promise<boolean>, what: string, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};

/**
 * startAdminSite, tried a second time when the seeded server did not come up within the harness's boot timeout
 * (a loaded CI machine); a second failure fails the suite.
 */
export const startSiteUnderLoad = async (): Promise<AdminSite> => {
  try {
    return await startAdminSite();
  } catch (error) {
    console.warn(`[browser] admin site did not start, retrying once: ${(error as Error).message.split('\n')[0]}`);
    return startAdminSite();
  }
};
