import { startApp, type TestApp } from '../harness/app';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { createVenue } from '../harness/venues';

let app: TestApp;
let customer: TestUser;

beforeAll(async () => {
  app = await startApp();
  customer = await createCustomer(app);
});
afterAll(async () => {
  await app.stop();
});

const INTERNAL_COLLECTIONS = [
  '/bookings',
  '/payments',
  '/invoices',
  '/users',
  '/support-tickets',
  '/system-settings',
  '/admin-actions',
  '/analytics-events',
  '/notifications',
  '/conversations',
  '/messages',
  '/reports',
  '/reviews',
  '/blocked-periods',
  '/pricing-rules',
];

describe('nothing is public by accident', () => {
  it.each(INTERNAL_COLLECTIONS)('public GET %s is refused', async (path) => {
    const res = await app.http().get(app.api(path));
    expect([401, 403, 404]).toContain(res.status);
    expect(res.body.data).toBeNull();
  });

  // GET /conversations is the contract's chat list (the caller's own conversations, src/api/conversation), and
  // GET /support-tickets the caller's own tickets (src/api/support-ticket).
  const OWN_LISTS = ['/conversations', '/support-tickets'];
  const GENERATED_ONLY = INTERNAL_COLLECTIONS.filter((path) => !OWN_LISTS.includes(path));
  it.each(GENERATED_ONLY)('a signed-in customer cannot list %s through the generated API either', async (path) => {
    const res = await app.http().get(app.api(path)).set(customer.auth);
    expect([403, 404]).toContain(res.status);
  });

  it('GET /conversations lists only the caller’s own conversations, never the generated collection', async () => {
    const other = await createCustomer(app);
    await app.strapi
      .documents('api::conversation.conversation')
      .create({ data: { kind: 'support', status: 'open', participants: [other.id] } as never });
    const res = await app.http().get(app.api('/conversations')).set(customer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it('GET /support-tickets lists only the caller’s own tickets, never the generated collection', async () => {
    const other = await createCustomer(app);
    await app.strapi
      .documents('api::support-ticket.support-ticket')
      .create({ data: { user: other.id, type: 'other', subject: 'Private', status: 'open', priority: 'normal' } as never });
    const res = await app.http().get(app.api('/support-tickets')).set(customer.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
  });

  it.each([
    ['POST', '/venues'],
    ['POST', '/amenities'],
    ['POST', '/bookings'],
    ['PUT', '/bookings/abc'],
    ['POST', '/system-settings'],
    ['POST', '/vendor-profiles'],
  ])('public %s %s is refused', async (method, path) => {
    const http = app.http();
    const res = await http[method.toLowerCase() as 'post' | 'put'](app.api(path)).send({ data: { name: 'x' } });
    expect([401, 403, 404, 405]).toContain(res.status);
  });

  it('generated booking writes do not exist at all (only the guarded booking service writes bookings)', async () => {
    const admin = await app.strapi.service('admin::api-token').create({
      name: 'full-access-test',
      kind: 'content-api',
      type: 'full-access',
      lifespan: null,
      description: '',
    });
    const res = await app
      .http()
      .post(app.api('/bookings'))
      .set('Authorization', `Bearer ${admin.accessKey}`)
      .send({ data: { guests: 1 } });
    expect([404, 405]).toContain(res.status);
  });
});

describe('public catalogue shows approved venues of approved vendors only', () => {
  it('hides draft, pending, rejected and suspended venues and venues of unapproved vendors', async () => {
    const approved = await createVendor(app, { status: 'approved' });
    const pending = await createVendor(app, { status: 'pending' });
    const suspended = await createVendor(app, { status: 'suspended' });
    const visible = await createVenue(app, approved);
    const hidden = [
      await createVenue(app, approved, { status: 'draft' }),
      await createVenue(app, approved, { status: 'pending_approval' }),
      await createVenue(app, approved, { status: 'rejected' }),
      await createVenue(app, approved, { status: 'suspended' }),
      await createVenue(app, pending),
      await createVenue(app, suspended),
    ];

    const list = await app.http().get(app.api('/venues?pagination[pageSize]=100'));
    expect(list.status).toBe(200);
    const ids = list.body.data.map((v: { documentId: string }) => v.documentId);
    expect(ids).toContain(visible.documentId);
    for (const venue of hidden) expect(ids).not.toContain(venue.documentId);
    expect(list.body.meta.pagination).toMatchObject({ page: 1, pageSize: 100, total: 1 });

    // A filter trying to widen the visibility is ANDed, not ORed.
    const widened = await app
      .http()
      .get(app.api('/venues?filters[$or][0][status][$eq]=draft&filters[$or][1][status][$eq]=approved'));
    expect(widened.body.data.map((v: { documentId: string }) => v.documentId)).toEqual([visible.documentId]);

    expect((await app.http().get(app.api(`/venues/${visible.documentId}`))).status).toBe(200);
    for (const venue of hidden) {
      const one = await app.http().get(app.api(`/venues/${venue.documentId}`));
      expect(one.status).toBe(404);
      expect(one.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    }

    const vendors = await app.http().get(app.api('/vendor-profiles?pagination[pageSize]=100'));
    const vendorIds = vendors.body.data.map((v: { documentId: string }) => v.documentId);
    expect(vendorIds).toContain(approved.profile.documentId);
    expect(vendorIds).not.toContain(pending.profile.documentId);
    expect(vendorIds).not.toContain(suspended.profile.documentId);
  });

  it('nested populate cannot reach hidden venues through amenities or vendors', async () => {
    const approved = await createVendor(app, { status: 'approved' });
    await createVenue(app, approved, { status: 'draft', name: 'Secret Draft Hall' });
    for (const path of ['/vendor-profiles?populate=*', '/vendor-profiles?populate[venues]=*', '/amenities?populate[venues]=*']) {
      const res = await app.http().get(app.api(path));
      expect(res.status).toBeLessThan(500);
      expect(JSON.stringify(res.body)).not.toContain('Secret Draft Hall');
    }
  });

  it.each([
    'pagination[pageSize]=101',
    'pagination[pageSize]=1000',
    'pagination[limit]=5000',
    'pageSize=abc',
    'pagination[pageSize]=0',
  ])('rejects %s with 400', async (query) => {
    const res = await app.http().get(app.api(`/venues?${query}`));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
  });

  it('defaults to 25 per page and accepts 100', async () => {
    expect((await app.http().get(app.api('/venues'))).body.meta.pagination.pageSize).toBe(25);
    expect((await app.http().get(app.api('/venues?pagination[pageSize]=100'))).status).toBe(200);
  });
});
