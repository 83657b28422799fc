import { startApp, type TestApp } from '../harness/app';
import { appDir } from '../harness/test-env';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.stop();
});

const counts = async () => {
  const uids = [
    'api::amenity.amenity',
    'api::venue.venue',
    'api::vendor-profile.vendor-profile',
    'api::booking.booking',
    'api::review.review',
    'api::report.report',
    'api::support-ticket.support-ticket',
    'api::message.message',
    'api::admin-action.admin-action',
    'plugin::users-permissions.user',
    'plugin::upload.file',
    'admin::user',
  ];
  return Object.fromEntries(await Promise.all(uids.map(async (uid) => [uid, await app.strapi.db.query(uid as never).count()])));
};

describe('demo data', () => {
  it('seeds a browsable marketplace, idempotently', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
    const { seedDemoData } = require(`${appDir}/dist/src/seed`);
    const lines: string[] = [];
    await seedDemoData(app.strapi, { log: (line: string) => lines.push(line) });
    const first = await counts();
    expect(first).toMatchObject({
      'api::amenity.amenity': 8,
      // 5 public venues, plus 2 awaiting approval (one of them of a pending vendor application).
      'api::venue.venue': 7,
      'api::vendor-profile.vendor-profile': 4,
      'api::booking.booking': 9,
      'api::review.review': 4,
      'api::report.report': 1,
      'api::support-ticket.support-ticket': 2,
      'plugin::users-permissions.user': 6,
      'plugin::upload.file': 2,
      // Super Admin, three staff, the Berlin vendor's workspace user.
      'admin::user': 5,
    });
    expect(lines.some((l) => l.includes('venues 5/5'))).toBe(true);
    expect(lines.some((l) => l.includes('customer@tofimotia.local'))).toBe(true);
    // One demo admin per staff role, holding exactly that role.
    const staff = await app.strapi.db
      .query('admin::user')
      .findMany({ where: { email: { $endsWith: '@tofimotia.local' } }, populate: { roles: { select: ['code'] } } });
    const roleOf = Object.fromEntries(
      staff.map((u: { email: string; roles: { code: string }[] }) => [u.email, u.roles.map((r) => r.code).join()])
    );
    expect(roleOf).toEqual({
      'admin@tofimotia.local': 'strapi-super-admin',
      'manager@tofimotia.local': 'tofimotia-platform-manager',
      'moderator@tofimotia.local': 'tofimotia-moderator',
      'support@tofimotia.local': 'tofimotia-support',
      'vendor.berlin@tofimotia.local': 'tofimotia-vendor',
    });

    await seedDemoData(app.strapi, { log: () => undefined });
    expect(await counts()).toEqual(first);

    const res = await app.http().get(app.api('/venues?populate[location]=true&populate[images]=true&pagination[pageSize]=100'));
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(5);
    const zones = new Set(res.body.data.map((v: { timezone: string }) => v.timezone));
    expect(zones).toEqual(new Set(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata']));
    const imageUrl = res.body.data[0].images[0].url;
    expect(imageUrl).toMatch(/^\/uploads\/demo_/);
    const image = await app.http().get(imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');

    // Reviews: one hidden by moderation, one with an open report, one answered by its vendor; ratings count published ones.
    const reviews = await app.strapi.db.query('api::review.review').findMany({ populate: { venue: { select: ['slug'] } } });
    expect(reviews.filter((r: { status: string }) => r.status === 'hidden')).toHaveLength(1);
    expect(reviews.filter((r: { vendor_response: string | null }) => r.vendor_response)).toHaveLength(1);
    const [report] = await app.strapi.db.query('api::report.report').findMany();
    expect(report).toMatchObject({ target_type: 'review', status: 'open' });
    expect(reviews.find((r: { documentId: string }) => r.documentId === report.target_id).status).toBe('published');
    const chelsea = await app.strapi.db.query('api::venue.venue').findOne({ where: { slug: 'chelsea-rooftop' } });
    expect(Number(chelsea.rating_count)).toBe(0);
    const spree = await app.strapi.db.query('api::venue.venue').findOne({ where: { slug: 'spree-loft' } });
    expect({ average: Number(spree.rating_average), count: spree.rating_count }).toEqual({ average: 5, count: 1 });
    // Two tickets in different states, each with its conversation.
    const tickets = await app.strapi.db
      .query('api::support-ticket.support-ticket')
      .findMany({ populate: { conversation: true }, orderBy: { id: 'asc' } });
    expect(tickets.map((t: { status: string }) => t.status)).toEqual(['pending_user', 'resolved']);
    expect(tickets.every((t: { conversation: unknown }) => t.conversation)).toBe(true);

    // The Berlin vendor's workspace user is linked to its profile and signs in to the admin panel.
    const berlin = await app.strapi.db
      .query('api::vendor-profile.vendor-profile')
      .findOne({ where: { user: { email: 'vendor.berlin@tofimotia.local' } }, populate: { admin_user: { select: ['email'] } } });
    expect(berlin.admin_user).toEqual(expect.objectContaining({ email: 'vendor.berlin@tofimotia.local' }));
    const vendorLogin = await app
      .http()
      .post('/admin/login')
      .send({ email: 'vendor.berlin@tofimotia.local', password: 'Tofimotia-demo-2026' });
    expect(vendorLogin.status).toBe(200);

    // Demo logins work.
    const login = await app
      .http()
      .post(app.api('/auth/local'))
      .send({ identifier: 'customer@tofimotia.local', password: 'Tofimotia-demo-2026' });
    expect(login.status).toBe(200);
  });

  it('onlyIfEmpty leaves an existing catalogue alone', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
    const { seedDemoData } = require(`${appDir}/dist/src/seed`);
    const result = await seedDemoData(app.strapi, { onlyIfEmpty: true, log: () => undefined });
    expect(result).toEqual({ skipped: true });
  });
});
