import { startApp, type TestApp } from '../harness/app';
import { localTime } from '../harness/bookings';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { auditOf, notificationsOf, upcomingConfirmedBooking } from './helpers';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * Management (both run modes): vendor, venue and user transitions through the content-api tree with an API token
 * and through the admin routes; legal and illegal (409) transitions, reasons, notifications, one audit row per
 * action in the same transaction (a failing action leaves none), suspension hiding venues and refusing bookings
 * while confirmed bookings stay (their customers told), and the lists with their filters.
 */
let app: TestApp;
let token: ApiToken;
let admin: Staff;

const api = (path: string) => app.api(`/admin/management${path}`);
const post = (path: string, body: object = {}, auth: Record<string, string> = token.auth) =>
  app.http().post(api(path)).set(auth).send(body);
const get = (path: string, auth: Record<string, string> = token.auth) => app.http().get(api(path)).set(auth);
const vendorRow = (documentId: string) =>
  app.strapi.db.query('api::vendor-profile.vendor-profile').findOne({ where: { documentId } });
const venueRow = (documentId: string) => app.strapi.db.query('api::venue.venue').findOne({ where: { documentId } });
const ZONE = 'Europe/Berlin';

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  admin = await createStaff(app, 'platformManager');
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('vendors', () => {
  it('approves a pending vendor once: status, notification, one audit row naming the token and the request', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const res = await post(`/vendors/${vendor.profile.documentId}/approve`).set('X-Request-Id', 'req-approve-0001');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: vendor.profile.documentId, verification_status: 'approved' });
    expect((await vendorRow(vendor.profile.documentId)).verified_at).toBeTruthy();

    const audit = await auditOf(app, vendor.profile.documentId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action_type: 'vendor.approve',
      target_type: 'vendor-profile',
      admin_id: null,
      request_id: 'req-approve-0001',
    });
    expect(audit[0].api_token_id).toEqual(expect.any(Number));
    expect(audit[0].action_data.before).toMatchObject({ verification_status: 'pending' });
    expect(audit[0].action_data.after).toMatchObject({ verification_status: 'approved' });
    expect(await notificationsOf(app, vendor, 'vendor_approved')).toHaveLength(1);

    const again = await post(`/vendors/${vendor.profile.documentId}/approve`);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ name: 'ConflictError', details: { reason: 'ILLEGAL_TRANSITION' } });
    expect(await auditOf(app, vendor.profile.documentId)).toHaveLength(1);
  });

  it('rejects only with a reason; a rejected vendor can be approved later', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const id = vendor.profile.documentId;
    const missing = await post(`/vendors/${id}/reject`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['reason']);
    const unknown = await post(`/vendors/${id}/reject`, { reason: 'x', status: 'approved' });
    expect(unknown.status).toBe(400);

    const rejected = await post(`/vendors/${id}/reject`, { reason: 'Documents unreadable' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({ verification_status: 'rejected', rejection_reason: 'Documents unreadable' });
    const [notice] = await notificationsOf(app, vendor, 'vendor_rejected');
    expect(notice.body).toContain('Documents unreadable');
    expect((await post(`/vendors/${id}/suspend`, { reason: 'x' })).status).toBe(409);
    expect((await post(`/vendors/${id}/reinstate`)).status).toBe(409);

    const approved = await post(`/vendors/${id}/approve`);
    expect(approved.body.data).toMatchObject({ verification_status: 'approved', rejection_reason: null });
    expect((await auditOf(app, id)).map((row) => row.action_type)).toEqual(['vendor.reject', 'vendor.approve']);
  });

  it('suspension hides the venues and refuses new bookings; confirmed bookings stay and their customers are told', async () => {
    const vendor = await createVendor(app);
    const venue = await createVenue(app, vendor, { location: { address: '1 Way', city: 'Suspendville', country: 'DE' } });
    const customer = await createCustomer(app);
    const booking = await upcomingConfirmedBooking(app, customer, venue);
    const search = () => app.http().get(app.api('/venues/search')).query({ city: 'Suspendville' });
    expect((await search()).body.data.map((v: { documentId: string }) => v.documentId)).toEqual([venue.documentId]);

    expect((await post(`/vendors/${vendor.profile.documentId}/suspend`)).status).toBe(400); // reason required
    const res = await post(`/vendors/${vendor.profile.documentId}/suspend`, { reason: 'Chargebacks' });
    expect(res.status).toBe(200);
    expect(res.body.data.verification_status).toBe('suspended');

    expect((await search()).body.data).toEqual([]);
    const other = await createCustomer(app);
    const attempt = await app
      .http()
      .post(app.api('/bookings/create'))
      .set(other.auth)
      .send({ venue: venue.documentId, start: localTime(ZONE, 10, '10:00'), end: localTime(ZONE, 10, '12:00'), guests: 2 });
    expect(attempt.status).toBe(404);

    const kept = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId: booking.documentId } });
    expect(kept.status).toBe('confirmed');
    const told = await notificationsOf(app, customer, 'vendor_suspended');
    expect(told).toHaveLength(1);
    expect(told[0].data).toMatchObject({ booking: booking.documentId });
    expect(await notificationsOf(app, vendor, 'vendor_suspended')).toHaveLength(1);
    const [audit] = await auditOf(app, vendor.profile.documentId);
    expect(audit.action_data).toMatchObject({ reason: 'Chargebacks', customers_informed_of_bookings: [booking.documentId] });

    const back = await post(`/vendors/${vendor.profile.documentId}/reinstate`);
    expect(back.body.data.verification_status).toBe('approved');
    expect((await search()).body.data).toHaveLength(1);
    expect(await notificationsOf(app, vendor, 'vendor_reinstated')).toHaveLength(1);
  });

  it('a failing action leaves no change and no audit row (same transaction)', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    // Fail the last step of the action (the vendor's notification), after the update and the audit row.
    const remove = app.strapi.documents.use(async (ctx, next) => {
      if (ctx.uid === 'api::notification.notification' && ctx.action === 'create') throw new Error('injected failure');
      return next();
    }) as unknown as () => void;
    try {
      const res = await post(`/vendors/${vendor.profile.documentId}/approve`);
      expect(res.status).toBe(500);
    } finally {
      remove();
    }
    expect((await vendorRow(vendor.profile.documentId)).verification_status).toBe('pending');
    expect(await auditOf(app, vendor.profile.documentId)).toEqual([]);
    expect((await post(`/vendors/${vendor.profile.documentId}/approve`)).status).toBe(200);
    expect(await auditOf(app, vendor.profile.documentId)).toHaveLength(1);
  });

  it('shows verification documents to staff only; unknown ids are 404', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const res = await get(`/vendors/${vendor.profile.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: vendor.profile.documentId, documents: [], venues: 0 });
    expect((await get('/vendors/nope-not-there')).status).toBe(404);
    expect((await post('/vendors/nope-not-there/approve')).status).toBe(404);
    expect((await post('/vendors/bad id!/approve')).status).toBe(400);
  });

  it('lists with status, q, city, created range and pagination', async () => {
    const tag = `Zebra${Date.now()}`;
    const a = await createVendor(app, { status: 'pending', profile: { business_name: `${tag} One` } });
    const b = await createVendor(app, { status: 'rejected', profile: { business_name: `${tag} Two` } });
    await createVenue(app, b, { location: { address: '1 Way', city: `${tag}City`, country: 'DE' } });
    const list = await get(`/vendors?q=${tag}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((v: { documentId: string }) => v.documentId).sort()).toEqual(
      [a.profile.documentId, b.profile.documentId].sort()
    );
    expect(list.body.meta.pagination).toMatchObject({ page: 1, total: 2 });
    expect((await get(`/vendors?q=${tag}&status=rejected`)).body.data).toHaveLength(1);
    expect((await get(`/vendors?city=${tag}City`)).body.data.map((v: { documentId: string }) => v.documentId)).toEqual([
      b.profile.documentId,
    ]);
    const page2 = await get(`/vendors?q=${tag}&pageSize=1&page=2`);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.meta.pagination).toMatchObject({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`/vendors?q=${tag}&created_from=${today}&created_to=${today}`)).body.data).toHaveLength(2);
    expect((await get(`/vendors?q=${tag}&created_to=2000-01-01`)).body.data).toHaveLength(0);
    expect((await get('/vendors?status=sleeping')).status).toBe(400);
    expect((await get('/vendors?created_from=yesterday')).status).toBe(400);
    expect((await get('/vendors?sort=id')).status).toBe(400);
  });
});

describe('venues', () => {
  let vendor: TestVendor;
  beforeAll(async () => {
    vendor = await createVendor(app);
  });

  it('walks the venue state machine; feature/unfeature only on approved venues', async () => {
    const venue = await createVenue(app, vendor, { status: 'pending_approval' });
    const id = venue.documentId;
    expect((await post(`/venues/${id}/feature`)).status).toBe(409);
    expect((await post(`/venues/${id}/suspend`, { reason: 'x' })).status).toBe(409);
    expect((await post(`/venues/${id}/approve`)).body.data).toMatchObject({ status: 'approved', featured: false });
    expect((await post(`/venues/${id}/approve`)).status).toBe(409);
    expect((await post(`/venues/${id}/reject`, { reason: 'x' })).status).toBe(409);
    expect((await post(`/venues/${id}/feature`)).body.data).toMatchObject({ status: 'approved', featured: true });
    expect((await post(`/venues/${id}/feature`)).status).toBe(409);
    expect((await post(`/venues/${id}/unfeature`)).body.data.featured).toBe(false);
    expect((await post(`/venues/${id}/unfeature`)).status).toBe(409);
    await post(`/venues/${id}/feature`);
    const suspended = await post(`/venues/${id}/suspend`, { reason: 'Fire safety' });
    expect(suspended.body.data).toMatchObject({ status: 'suspended', featured: false, rejection_reason: 'Fire safety' });
    expect((await post(`/venues/${id}/unfeature`)).status).toBe(409);
    expect((await post(`/venues/${id}/approve`)).body.data).toMatchObject({ status: 'approved', rejection_reason: null });

    const audit = await auditOf(app, id);
    expect(audit.map((row) => row.action_type)).toEqual([
      'venue.approve',
      'venue.feature',
      'venue.unfeature',
      'venue.feature',
      'venue.suspend',
      'venue.approve',
    ]);
    expect(audit.every((row) => row.target_type === 'venue')).toBe(true);
    expect(await notificationsOf(app, vendor, 'venue_moderated')).toHaveLength(6);
    expect((await venueRow(id)).status).toBe('approved');
  });

  it('rejects a pending venue with a reason; a rejected or draft venue cannot be approved by staff', async () => {
    const venue = await createVenue(app, vendor, { status: 'pending_approval' });
    expect((await post(`/venues/${venue.documentId}/reject`)).status).toBe(400);
    const res = await post(`/venues/${venue.documentId}/reject`, { reason: 'Photos missing' });
    expect(res.body.data).toMatchObject({ status: 'rejected', rejection_reason: 'Photos missing' });
    expect((await post(`/venues/${venue.documentId}/approve`)).status).toBe(409);
    const draft = await createVenue(app, vendor, { status: 'draft' });
    expect((await post(`/venues/${draft.documentId}/approve`)).status).toBe(409);
  });

  it('lists venues by status, city, featured and search', async () => {
    const city = `Venuetown${Date.now()}`;
    const a: TestVenue = await createVenue(app, vendor, { location: { address: '1', city, country: 'DE' } });
    await createVenue(app, vendor, { status: 'pending_approval', location: { address: '2', city, country: 'DE' } });
    await post(`/venues/${a.documentId}/feature`);
    expect((await get(`/venues?city=${city}`)).body.meta.pagination.total).toBe(2);
    const featured = await get(`/venues?city=${city}&featured=true`);
    expect(featured.body.data.map((v: { documentId: string }) => v.documentId)).toEqual([a.documentId]);
    expect(featured.body.data[0]).toMatchObject({ city, vendor: { documentId: vendor.profile.documentId } });
    expect((await get(`/venues?city=${city}&status=pending_approval`)).body.data).toHaveLength(1);
    expect((await get(`/venues?q=${a.slug}`)).body.data.map((v: { documentId: string }) => v.documentId)).toEqual([a.documentId]);
  });
});

describe('users', () => {
  it('blocks (sessions cut, notified) and unblocks; illegal repeats are 409', async () => {
    const user: TestUser = await createCustomer(app);
    expect((await app.http().get(app.api('/users/me')).set(user.auth)).status).toBe(200);
    const res = await post(`/users/${user.documentId}/block`, { reason: 'Spam' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: user.documentId, blocked: true, role: 'customer' });
    expect((await app.http().get(app.api('/users/me')).set(user.auth)).status).toBe(401);
    expect((await post(`/users/${user.documentId}/block`)).status).toBe(409);
    expect(await notificationsOf(app, user, 'account_status')).toHaveLength(1);

    expect((await post(`/users/${user.documentId}/unblock`)).body.data.blocked).toBe(false);
    expect((await post(`/users/${user.documentId}/unblock`)).status).toBe(409);
    expect((await auditOf(app, user.documentId)).map((row) => row.action_type)).toEqual(['user.block', 'user.unblock']);
  });

  it('lists customer and vendor accounts with status and role filters', async () => {
    const vendor = await createVendor(app);
    const list = await get(`/users?q=${vendor.username}`);
    expect(list.body.data).toEqual([expect.objectContaining({ documentId: vendor.documentId, role: 'vendor', blocked: false })]);
    expect((await get(`/users?q=${vendor.username}&role=customer`)).body.data).toEqual([]);
    expect((await get(`/users?q=${vendor.username}&status=blocked`)).body.data).toEqual([]);
  });
});

describe('admin routes (the panel)', () => {
  it('records the admin user on the audit row', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const res = await app.http().post(`/control-center/vendors/${vendor.profile.documentId}/approve`).set(admin.auth).send({});
    expect(res.status).toBe(200);
    const [row] = await auditOf(app, vendor.profile.documentId);
    expect(row).toMatchObject({ action_type: 'vendor.approve', admin_id: admin.id, api_token_id: null });
    expect(row.request_id).toEqual(expect.any(String));
    const list = await app.http().get('/control-center/vendors').query({ status: 'approved' }).set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.meta.pagination.total).toBeGreaterThan(0);
  });
});
