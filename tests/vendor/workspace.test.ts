import crypto from 'node:crypto';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime } from '../harness/bookings';
import { smtpEnv, startSmtpSink, type SmtpSink } from '../harness/smtp';
import { createStaff, STAFF_PASSWORD, type Staff } from '../harness/staff';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

jest.setTimeout(300_000);

/**
 * The vendor workspace in the admin panel (both run modes): approving a vendor creates (or links) its admin user
 * with the Vendor role and e-mails Strapi's registration link; suspension blocks it, reinstatement unblocks it;
 * the Vendor role holds the workspace action only; every workspace admin route is scoped to the caller's own
 * vendor profile (someone else's venue or booking → 404, no profile → 403), and staff with the vendors
 * permission read a workspace "as" a vendor, read-only.
 */
const ZONE = 'Europe/Berlin';
const VENDOR_PASSWORD = 'Vendor-Workspace-2026';
const PROFILE = 'api::vendor-profile.vendor-profile';

let app: TestApp;
let sink: SmtpSink;
let manager: Staff;
let moderator: Staff;

const adminPost = (path: string, auth: Record<string, string>, body: object = {}) => app.http().post(path).set(auth).send(body);
const adminGet = (path: string, auth: Record<string, string>) => app.http().get(path).set(auth);
const ws = (path: string) => `/vendor-dashboard/workspace${path}`;

const profileRow = async (documentId: string) =>
  (await app.strapi.db.query(PROFILE).findOne({
    where: { documentId },
    populate: { admin_user: { select: ['id', 'email', 'isActive', 'blocked', 'registrationToken'] } },
  })) as {
    verification_status: string;
    workspace_invited_at: string | null;
    admin_user: { id: number; email: string; isActive: boolean; blocked: boolean; registrationToken: string | null } | null;
  };

const rolesOf = async (adminUserId: number) =>
  (
    (await app.strapi.db.query('admin::user').findOne({ where: { id: adminUserId }, populate: { roles: true } })) as {
      roles: { code: string }[];
    }
  ).roles
    .map((role) => role.code)
    .sort();

const staffAction = (vendor: TestVendor, action: string, body: object = {}) =>
  adminPost(`/control-center/vendors/${vendor.profile.documentId}/${action}`, manager.auth, body);

const invitationTo = (email: string, after = 0) =>
  sink.waitFor((mail) => mail.to.includes(email.toLowerCase()) && mail.receivedAt >= after && /workspace/i.test(mail.subject));

const tokenIn = (text: string): string => {
  const match = /\/admin\/auth\/register\?registrationToken=([A-Za-z0-9%]+)/.exec(text);
  if (!match) throw new Error(`no registration link in: ${text}`);
  return decodeURIComponent(match[1]);
};

const adminLogin = (email: string, password: string) => app.http().post('/admin/login').send({ email, password });

/** Approves a pending vendor as staff, registers its admin user through the e-mailed link and signs it in. */
const onboard = async (vendor: TestVendor): Promise<{ auth: Record<string, string>; adminUserId: number }> => {
  const started = Date.now();
  expect((await staffAction(vendor, 'approve')).status).toBe(200);
  const mail = await invitationTo(vendor.email, started);
  const registered = await app
    .http()
    .post('/admin/register')
    .send({
      registrationToken: tokenIn(mail.text),
      userInfo: { firstname: 'Vera', lastname: 'Vendor', password: VENDOR_PASSWORD },
    });
  expect([registered.status, registered.body.error?.message]).toEqual([200, undefined]);
  const login = await adminLogin(vendor.email, VENDOR_PASSWORD);
  expect(login.status).toBe(200);
  return {
    auth: { Authorization: `Bearer ${login.body.data.token}` },
    adminUserId: (await profileRow(vendor.profile.documentId)).admin_user!.id,
  };
};

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await startApp({ env: { ...smtpEnv(sink.port), REDIS_PREFIX: `ws-${crypto.randomBytes(3).toString('hex')}` } });
  manager = await createStaff(app, 'platformManager');
  moderator = await createStaff(app, 'moderator');
}, 600_000);
afterAll(async () => {
  await app?.stop();
  await sink?.close();
});

describe('identity: the Vendor admin role and the vendor admin user', () => {
  it('the Vendor role holds the workspace action and nothing else', async () => {
    const role = (await app.strapi.db.query('admin::role').findOne({ where: { code: 'tofimotia-vendor' } })) as {
      id: number;
      name: string;
    };
    expect(role.name).toBe('Vendor');
    const permissions = (await app.strapi.db.query('admin::permission').findMany({ where: { role: { id: role.id } } })) as {
      action: string;
    }[];
    expect(permissions.map((p) => p.action)).toEqual(['plugin::vendor-dashboard.workspace']);
  });

  it('approval creates an inactive admin user with the Vendor role, links it and e-mails the registration link', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const started = Date.now();
    const res = await staffAction(vendor, 'approve');
    expect(res.status).toBe(200);
    const row = await profileRow(vendor.profile.documentId);
    expect(row.admin_user).toMatchObject({ email: vendor.email.toLowerCase(), isActive: false, blocked: false });
    expect(row.admin_user?.registrationToken).toEqual(expect.any(String));
    expect(row.workspace_invited_at).toBeTruthy();
    expect(await rolesOf(row.admin_user!.id)).toEqual(['tofimotia-vendor']);

    const mail = await invitationTo(vendor.email, started);
    expect(tokenIn(mail.text)).toBe(row.admin_user?.registrationToken);
    expect(mail.html).toContain('/admin/auth/register?registrationToken=');

    // Strapi's registration page accepts the token, then the vendor signs in; the link works once.
    const info = await app.http().get(`/admin/registration-info?registrationToken=${encodeURIComponent(tokenIn(mail.text))}`);
    expect(info.status).toBe(200);
    expect(info.body.data.email).toBe(vendor.email.toLowerCase());
    const registered = await app
      .http()
      .post('/admin/register')
      .send({
        registrationToken: tokenIn(mail.text),
        userInfo: { firstname: 'Vera', lastname: 'Vendor', password: VENDOR_PASSWORD },
      });
    expect(registered.status).toBe(200);
    expect((await profileRow(vendor.profile.documentId)).admin_user).toMatchObject({ isActive: true, registrationToken: null });
    expect((await adminLogin(vendor.email, VENDOR_PASSWORD)).status).toBe(200);
    const again = await app
      .http()
      .post('/admin/register')
      .send({ registrationToken: tokenIn(mail.text), userInfo: { firstname: 'X', lastname: 'Y', password: 'Another-Pass-1' } });
    expect(again.status).toBe(400);
  });

  it('links an existing admin user with the vendor e-mail (adds the Vendor role, creates no second user)', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const supportRole = (await app.strapi.db.query('admin::role').findOne({ where: { code: 'tofimotia-support' } })) as {
      id: number;
    };
    const existing = (await app.strapi.service('admin::user').create({
      email: vendor.email.toLowerCase(),
      firstname: 'Already',
      lastname: 'Staff',
      password: STAFF_PASSWORD,
      isActive: true,
      registrationToken: null,
      roles: [supportRole.id],
    })) as { id: number };
    const before = await app.strapi.db.query('admin::user').count({});
    expect((await staffAction(vendor, 'approve')).status).toBe(200);
    expect(await app.strapi.db.query('admin::user').count({})).toBe(before);
    const row = await profileRow(vendor.profile.documentId);
    expect(row.admin_user?.id).toBe(existing.id);
    expect(row.admin_user).toMatchObject({ isActive: true, blocked: false });
    expect(await rolesOf(existing.id)).toEqual(['tofimotia-support', 'tofimotia-vendor']);
    // Already registered: no invitation.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.to(vendor.email).filter((mail) => /workspace/i.test(mail.subject))).toHaveLength(0);
  });

  it('suspension blocks (and deactivates) the admin user: no login, no workspace; reinstatement restores both', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const { auth, adminUserId } = await onboard(vendor);
    expect((await adminGet(ws('/overview'), auth)).status).toBe(200);

    expect((await staffAction(vendor, 'suspend', { reason: 'Unpaid fees' })).status).toBe(200);
    expect((await profileRow(vendor.profile.documentId)).admin_user).toMatchObject({
      id: adminUserId,
      blocked: true,
      isActive: false,
    });
    expect((await adminGet(ws('/overview'), auth)).status).toBe(401);
    expect((await adminLogin(vendor.email, VENDOR_PASSWORD)).status).toBe(400);

    expect((await staffAction(vendor, 'reinstate')).status).toBe(200);
    expect((await profileRow(vendor.profile.documentId)).admin_user).toMatchObject({ blocked: false, isActive: true });
    const login = await adminLogin(vendor.email, VENDOR_PASSWORD);
    expect(login.status).toBe(200);
    expect((await adminGet(ws('/overview'), { Authorization: `Bearer ${login.body.data.token}` })).status).toBe(200);
  });

  it('suspension before registration voids the link; reinstatement e-mails a fresh one', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    const started = Date.now();
    expect((await staffAction(vendor, 'approve')).status).toBe(200);
    const first = tokenIn((await invitationTo(vendor.email, started)).text);
    expect((await staffAction(vendor, 'suspend', { reason: 'Documents expired' })).status).toBe(200);
    expect((await profileRow(vendor.profile.documentId)).admin_user).toMatchObject({ blocked: true, registrationToken: null });
    const refused = await app
      .http()
      .post('/admin/register')
      .send({ registrationToken: first, userInfo: { firstname: 'V', lastname: 'V', password: VENDOR_PASSWORD } });
    expect(refused.status).toBe(400);

    const reinstated = Date.now();
    expect((await staffAction(vendor, 'reinstate')).status).toBe(200);
    const second = tokenIn((await invitationTo(vendor.email, reinstated)).text);
    expect(second).not.toBe(first);
    expect((await profileRow(vendor.profile.documentId)).admin_user).toMatchObject({ blocked: false, registrationToken: second });
  });

  it('rejecting a pending vendor creates no admin user', async () => {
    const vendor = await createVendor(app, { status: 'pending' });
    expect((await staffAction(vendor, 'reject', { reason: 'Incomplete' })).status).toBe(200);
    expect((await profileRow(vendor.profile.documentId)).admin_user).toBeNull();
  });
});

describe('scoping: every workspace route answers for the caller’s own vendor only', () => {
  let first: TestVendor;
  let second: TestVendor;
  let firstAuth: Record<string, string>;
  let secondAuth: Record<string, string>;
  let hall: TestVenue;
  let requestHall: TestVenue;
  let secondHall: TestVenue;
  let secondRequestHall: TestVenue;
  let customer: TestUser;
  const requests: Record<string, string> = {};

  beforeAll(async () => {
    first = await createVendor(app, { status: 'pending' });
    second = await createVendor(app, { status: 'pending' });
    firstAuth = (await onboard(first)).auth;
    secondAuth = (await onboard(second)).auth;
    hall = await createVenue(app, first);
    requestHall = await createVenue(app, first, { booking_mode: 'request' });
    secondHall = await createVenue(app, second);
    secondRequestHall = await createVenue(app, second, { booking_mode: 'request' });
    customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
    for (const [key, venue, day] of [
      ['a1', requestHall, 3],
      ['a2', requestHall, 4],
      ['b1', secondRequestHall, 3],
    ] as const) {
      const res = await createBooking(app, customer, {
        venue: venue.documentId,
        start: localTime(ZONE, day, '10:00'),
        end: localTime(ZONE, day, '12:00'),
        guests: 4,
      });
      expect([res.status, res.body.data?.status]).toEqual([201, 'requested']);
      requests[key] = res.body.data.documentId;
    }
  });

  it('overview: the vendor’s own figures', async () => {
    const res = await adminGet(ws('/overview'), firstAuth);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      vendor: { documentId: first.profile.documentId, verification_status: 'approved' },
      read_only: false,
      requests_waiting: { total: 2 },
      venues: { total: 2, by_status: { approved: 2 } },
      rating: { average: null, count: 0 },
      payouts: expect.objectContaining({ connected: false }),
    });
    expect(res.body.data.upcoming.total + res.body.data.today.total).toBe(2);
    expect(res.body.data.revenue_this_month.totals).toEqual(expect.any(Array));
  });

  it('venues: list and detail of its own; another vendor’s venue is a 404', async () => {
    const list = await adminGet(ws('/venues'), firstAuth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((v: { documentId: string }) => v.documentId).sort()).toEqual(
      [hall.documentId, requestHall.documentId].sort()
    );
    expect(list.body.meta.pagination.total).toBe(2);
    expect((await adminGet(ws(`/venues/${hall.documentId}`), firstAuth)).body.data).toMatchObject({
      documentId: hall.documentId,
    });
    expect((await adminGet(ws(`/venues/${hall.documentId}`), secondAuth)).status).toBe(404);
    expect((await adminGet(ws(`/venues/${secondHall.documentId}`), firstAuth)).status).toBe(404);
    expect((await adminGet(ws('/venues?status=nonsense'), firstAuth)).status).toBe(400);
  });

  it('booking requests: list, approve and decline its own; another vendor’s request is a 404', async () => {
    const list = await adminGet(ws('/bookings/requests'), firstAuth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((b: { documentId: string }) => b.documentId)).toEqual([requests.a1, requests.a2]);

    expect((await adminPost(ws(`/bookings/requests/${requests.a1}/approve`), secondAuth)).status).toBe(404);
    expect((await adminPost(ws(`/bookings/requests/${requests.b1}/decline`), firstAuth, { reason: 'x' })).status).toBe(404);

    const approved = await adminPost(ws(`/bookings/requests/${requests.a1}/approve`), firstAuth);
    expect([approved.status, approved.body.data?.status]).toEqual([200, 'confirmed']);
    const declined = await adminPost(ws(`/bookings/requests/${requests.a2}/decline`), firstAuth, { reason: 'Fully booked' });
    expect([declined.status, declined.body.data?.status]).toEqual([200, 'rejected']);
    expect((await adminPost(ws(`/bookings/requests/${requests.a2}/approve`), firstAuth)).status).toBe(409);
    expect((await adminPost(ws(`/bookings/requests/${requests.a1}/decline`), firstAuth, { surprise: 1 })).status).toBe(400);
    // The second vendor's request is untouched.
    expect(
      (await adminGet(ws('/bookings/requests'), secondAuth)).body.data.map((b: { documentId: string }) => b.documentId)
    ).toEqual([requests.b1]);
  });

  it('an admin user with the Vendor role but no vendor profile gets 403', async () => {
    const role = (await app.strapi.db.query('admin::role').findOne({ where: { code: 'tofimotia-vendor' } })) as { id: number };
    const email = `orphan-${crypto.randomBytes(3).toString('hex')}@staff.test`;
    await app.strapi.service('admin::user').create({
      email,
      firstname: 'No',
      lastname: 'Profile',
      password: STAFF_PASSWORD,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
    const login = await adminLogin(email, STAFF_PASSWORD);
    const auth = { Authorization: `Bearer ${login.body.data.token}` };
    expect((await adminGet(ws('/overview'), auth)).status).toBe(403);
    expect((await adminGet(ws('/venues'), auth)).status).toBe(403);
  });

  it('the Vendor role reaches no Content Manager, upload, control-center or settings route', async () => {
    for (const path of [
      '/content-manager/collection-types/api::venue.venue',
      '/upload/files',
      '/control-center/vendors',
      '/admin/users',
      '/admin/roles',
    ]) {
      expect([path, (await adminGet(path, firstAuth)).status]).toEqual([path, 403]);
    }
  });

  it('staff with the vendors permission read a workspace as the vendor, read-only; others cannot', async () => {
    const as = `?as=${first.profile.documentId}`;
    const overview = await adminGet(ws(`/overview${as}`), manager.auth);
    expect(overview.status).toBe(200);
    expect(overview.body.data).toMatchObject({ vendor: { documentId: first.profile.documentId }, read_only: true });
    const venues = await adminGet(ws(`/venues${as}`), manager.auth);
    expect(venues.body.meta.pagination.total).toBe(2);
    expect((await adminGet(ws(`/venues/${secondHall.documentId}${as}`), manager.auth)).status).toBe(404);
    expect((await adminGet(ws(`/bookings/requests${as}&status=confirmed`), manager.auth)).status).toBe(200);

    expect(
      (await adminPost(ws(`/bookings/requests/${requests.b1}/approve?as=${second.profile.documentId}`), manager.auth)).status
    ).toBe(403);
    expect((await adminGet(ws('/overview'), manager.auth)).status).toBe(403);
    expect((await adminGet(ws('/overview?as=unknown-vendor'), manager.auth)).status).toBe(404);
    expect((await adminGet(ws(`/overview${as}`), moderator.auth)).status).toBe(403);
    // A vendor cannot read another vendor "as" it.
    expect((await adminGet(ws(`/overview?as=${second.profile.documentId}`), firstAuth)).status).toBe(403);
    expect((await adminGet(ws('/overview'), {})).status).toBe(401);
  });
});
