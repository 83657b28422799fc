import crypto from 'node:crypto';
import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * Detail views of the control center (both run modes): a user's recent bookings, payments and tickets with their
 * totals, and a vendor's performance figures (venues by status, bookings of the last 30 days by status, gross
 * revenue, cancellation rate, rating), on the admin routes and their content-api twins.
 */
let app: TestApp;
let token: ApiToken;
let manager: Staff;

const DAY = 86_400_000;
const management = (path: string) => app.api(`/admin/management${path}`);
const panel = (path: string) => `/control-center${path}`;

let slot = 0;
/** A booking row as given (Query Engine: fixtures with chosen creation times and statuses). */
const bookingRow = async (
  venue: TestVenue,
  customer: TestUser,
  fields: { status: string; createdAgoDays: number; total?: number; currency?: string }
): Promise<{ id: number; documentId: string; reference: string }> => {
  slot += 1;
  const created = Date.now() - fields.createdAgoDays * DAY;
  const start = Date.now() + 40 * DAY + slot * 3_600_000;
  const reference = `DT${crypto.randomBytes(5).toString('hex')}`;
  const row = (await app.strapi.db.query('api::booking.booking').create({
    data: {
      reference,
      venue: venue.id,
      customer: customer.id,
      start_datetime: new Date(start),
      end_datetime: new Date(start + 3_600_000),
      guests: 2,
      status: fields.status,
      payment_status: 'unpaid',
      total_amount: fields.total ?? 10000,
      currency: fields.currency ?? 'EUR',
      createdAt: new Date(created),
      updatedAt: new Date(created),
    },
  })) as { id: number; documentId: string };
  return { ...row, reference };
};

const paymentRow = async (
  booking: { id: number },
  customer: TestUser,
  fields: { status: string; amount: number; currency?: string; createdAgoDays?: number }
) => {
  const created = new Date(Date.now() - (fields.createdAgoDays ?? 0) * DAY);
  return (await app.strapi.db.query('api::payment.payment').create({
    data: {
      booking: booking.id,
      customer: customer.id,
      amount: fields.amount,
      currency: fields.currency ?? 'EUR',
      status: fields.status,
      provider: 'stripe',
      platform_fee: 0,
      amount_captured: ['failed', 'processing'].includes(fields.status) ? 0 : fields.amount,
      refunded_amount: 0,
      createdAt: created,
      updatedAt: created,
    },
  })) as { id: number; documentId: string };
};

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  manager = await createStaff(app, 'platformManager');
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('user details', () => {
  it('adds the 10 most recent bookings, payments and tickets with totals; both surfaces; unknown user 404', async () => {
    const vendor = await createVendor(app);
    const venue = await createVenue(app, vendor);
    const customer = await createCustomer(app);
    const other = await createCustomer(app);
    const bookings = [];
    for (let i = 0; i < 12; i += 1)
      bookings.push(await bookingRow(venue, customer, { status: 'confirmed', createdAgoDays: 12 - i }));
    await bookingRow(venue, other, { status: 'confirmed', createdAgoDays: 1 });
    await paymentRow(bookings[0], customer, { status: 'succeeded', amount: 10000, createdAgoDays: 11 });
    await paymentRow(bookings[1], customer, { status: 'failed', amount: 5000, createdAgoDays: 10 });
    await paymentRow(bookings[2], customer, { status: 'succeeded', amount: 2500, currency: 'USD', createdAgoDays: 9 });
    const ticket = await app
      .http()
      .post(app.api('/support-tickets'))
      .set(customer.auth)
      .send({ type: 'booking', subject: 'Where is my invoice', body: 'I need it for my employer' });
    expect(ticket.status).toBe(201);

    for (const res of [
      await app
        .http()
        .get(panel(`/users/${customer.documentId}`))
        .set(manager.auth),
      await app
        .http()
        .get(management(`/users/${customer.documentId}`))
        .set(token.auth),
    ]) {
      expect(res.status).toBe(200);
      const user = res.body.data;
      expect(user).toMatchObject({ documentId: customer.documentId, email: customer.email, blocked: false });
      expect(user.bookings.total).toBe(12);
      expect(user.bookings.recent).toHaveLength(10);
      // Newest first: the last booking created is the first row; the two oldest are only in the total.
      expect(user.bookings.recent.map((b: { reference: string }) => b.reference)).toEqual(
        bookings
          .slice(2)
          .reverse()
          .map((b) => b.reference)
      );
      expect(user.bookings.recent[0]).toMatchObject({
        status: 'confirmed',
        total_amount: 10000,
        currency: 'EUR',
        venue: { documentId: venue.documentId, name: venue.name },
      });
      expect(user.payments.total).toBe(3);
      expect(
        user.payments.recent.map((p: { status: string; booking: { reference: string } }) => [p.status, p.booking.reference])
      ).toEqual([
        ['succeeded', bookings[2].reference],
        ['failed', bookings[1].reference],
        ['succeeded', bookings[0].reference],
      ]);
      expect(user.payments.captured).toEqual([
        { currency: 'EUR', amount: 10000 },
        { currency: 'USD', amount: 2500 },
      ]);
      expect(user.tickets).toEqual({
        total: 1,
        recent: [
          expect.objectContaining({ documentId: ticket.body.data.documentId, subject: 'Where is my invoice', status: 'open' }),
        ],
      });
    }

    const fresh = await createCustomer(app);
    const empty = await app
      .http()
      .get(panel(`/users/${fresh.documentId}`))
      .set(manager.auth);
    expect(empty.body.data).toMatchObject({
      bookings: { total: 0, recent: [] },
      payments: { total: 0, captured: [], recent: [] },
      tickets: { total: 0, recent: [] },
    });
    expect((await app.http().get(panel('/users/nobody-here')).set(manager.auth)).status).toBe(404);
  });
});

describe('vendor performance', () => {
  let vendor: TestVendor;
  let customer: TestUser;

  beforeAll(async () => {
    vendor = await createVendor(app);
    customer = await createCustomer(app);
  });

  it('counts venues by status, the last 30 days of bookings, gross revenue, cancellations and ratings', async () => {
    const hall = await createVenue(app, vendor);
    const loft = await createVenue(app, vendor, { status: 'approved' });
    await createVenue(app, vendor, { status: 'pending_approval' });
    await createVenue(app, vendor, { status: 'draft' });
    // Another vendor's venue, bookings and reviews count nowhere here.
    const rival = await createVendor(app);
    const rivalHall = await createVenue(app, rival);
    const rivalBooking = await bookingRow(rivalHall, customer, { status: 'confirmed', createdAgoDays: 2 });
    await paymentRow(rivalBooking, customer, { status: 'succeeded', amount: 99900 });

    const confirmed = await bookingRow(hall, customer, { status: 'confirmed', createdAgoDays: 3, total: 20000 });
    const completed = await bookingRow(loft, customer, { status: 'completed', createdAgoDays: 10, total: 15000 });
    const usd = await bookingRow(loft, customer, { status: 'confirmed', createdAgoDays: 5, total: 7000, currency: 'USD' });
    await bookingRow(hall, customer, { status: 'cancelled', createdAgoDays: 4 });
    await bookingRow(hall, customer, { status: 'expired', createdAgoDays: 1 });
    const old = await bookingRow(hall, customer, { status: 'cancelled', createdAgoDays: 45 });
    await paymentRow(confirmed, customer, { status: 'succeeded', amount: 20000, createdAgoDays: 3 });
    await paymentRow(completed, customer, { status: 'partially_refunded', amount: 15000, createdAgoDays: 10 });
    await paymentRow(usd, customer, { status: 'succeeded', amount: 7000, currency: 'USD', createdAgoDays: 5 });
    await paymentRow(usd, customer, { status: 'failed', amount: 7000, currency: 'USD', createdAgoDays: 5 });
    await paymentRow(old, customer, { status: 'succeeded', amount: 50000, createdAgoDays: 45 });

    const review = (venue: TestVenue, rating: number, status: 'published' | 'hidden') =>
      app.strapi.db.query('api::review.review').create({
        data: { venue: venue.id, author: customer.id, rating, comment: 'Fine', status, booking_key: crypto.randomUUID() },
      });
    await review(hall, 5, 'published');
    await review(loft, 4, 'published');
    await review(loft, 4, 'published');
    await review(hall, 1, 'hidden');
    await review(rivalHall, 1, 'published');

    for (const res of [
      await app
        .http()
        .get(panel(`/vendors/${vendor.profile.documentId}`))
        .set(manager.auth),
      await app
        .http()
        .get(management(`/vendors/${vendor.profile.documentId}`))
        .set(token.auth),
    ]) {
      expect(res.status).toBe(200);
      expect(res.body.data.venues).toBe(4);
      const performance = res.body.data.performance;
      expect(performance).toMatchObject({
        window_days: 30,
        venues_by_status: { approved: 2, draft: 1, pending_approval: 1 },
        bookings_by_status: { cancelled: 1, completed: 1, confirmed: 2, expired: 1 },
        bookings_total: 5,
        gross_revenue: [
          { currency: 'EUR', amount: 35000 },
          { currency: 'USD', amount: 7000 },
        ],
        rating: { average: 4.33, count: 3 },
      });
      // 1 cancelled of 4 confirmed, completed or cancelled (the expired hold is not a booking that was kept).
      expect(performance.cancellation_rate).toBeCloseTo(0.25, 10);
    }
  });

  it('a vendor without venues has zero figures and no rates', async () => {
    const newcomer = await createVendor(app, { status: 'pending' });
    const res = await app
      .http()
      .get(panel(`/vendors/${newcomer.profile.documentId}`))
      .set(manager.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.performance).toMatchObject({
      venues_by_status: {},
      bookings_by_status: {},
      bookings_total: 0,
      gross_revenue: [],
      cancellation_rate: null,
      rating: { average: null, count: 0 },
    });
  });
});

describe('venue approvals: what changed since the last approval', () => {
  it('an approval keeps a snapshot; the queue lists the material fields changed since, on both surfaces', async () => {
    const vendor = await createVendor(app);
    const venue = await createVenue(app, vendor, { status: 'pending_approval' });
    const queue = async (auth: Record<string, string>, base: (path: string) => string) => {
      const res = await app.http().get(base('/venues')).query({ status: 'pending_approval', q: venue.slug }).set(auth);
      expect(res.status).toBe(200);
      return res.body.data as { documentId: string; last_approval: unknown }[];
    };
    // Never approved: nothing to compare with.
    expect((await queue(token.auth, management))[0]).toMatchObject({ documentId: venue.documentId, last_approval: null });

    const approved = await app
      .http()
      .post(panel(`/venues/${venue.documentId}/approve`))
      .set(manager.auth)
      .send({});
    expect(approved.status).toBe(200);
    expect(approved.body.data.last_approval).toEqual({ at: expect.any(String), changes: [] });
    const audit = await app.strapi.db.query('api::admin-action.admin-action').findOne({
      where: { action_type: 'venue.approve', target_id: venue.documentId },
    });
    expect(audit.action_data.snapshot).toMatchObject({
      name: venue.name,
      'location.city': 'Berlin',
      capacity: 50,
      booking_mode: 'instant',
      cancellation_policy: 'moderate',
    });

    // The vendor edits the venue and it comes back for approval.
    await app.strapi.documents('api::venue.venue').update({
      documentId: venue.documentId,
      data: {
        name: `${venue.name} (renovated)`,
        capacity: 80,
        cancellation_policy: 'strict',
        status: 'pending_approval',
        location: { address: '1 Test Street', city: 'Hamburg', country: 'DE', postal_code: '20095', lat: 53.55, lng: 9.99 },
      } as never,
    });
    for (const [auth, base] of [
      [manager.auth, (path: string) => panel(path)],
      [token.auth, management],
    ] as const) {
      const [row] = await queue(auth, base);
      expect(row.last_approval).toEqual({
        at: approved.body.data.last_approval.at,
        changes: [
          { field: 'name', before: venue.name, after: `${venue.name} (renovated)` },
          { field: 'location.postal_code', before: '10115', after: '20095' },
          { field: 'location.city', before: 'Berlin', after: 'Hamburg' },
          { field: 'capacity', before: 50, after: 80 },
          { field: 'cancellation_policy', before: 'moderate', after: 'strict' },
        ],
      });
    }
    const one = await app
      .http()
      .get(management(`/venues/${venue.documentId}`))
      .set(token.auth);
    expect(one.body.data.last_approval.changes).toHaveLength(5);

    // Approving again takes a new snapshot: nothing changed since.
    await app
      .http()
      .post(panel(`/venues/${venue.documentId}/approve`))
      .set(manager.auth)
      .send({})
      .expect(200);
    const again = await app
      .http()
      .get(management(`/venues/${venue.documentId}`))
      .set(token.auth);
    expect(again.body.data.last_approval.changes).toEqual([]);
  });
});
