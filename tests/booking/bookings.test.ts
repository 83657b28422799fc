import { startApp, type TestApp } from '../harness/app';
import { bookingRow, createBooking, localTime, recordEvents, setSetting, slotRow } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

const ZONE = 'Europe/Berlin';
let app: TestApp;
let vendor: TestVendor;
let otherVendor: TestVendor;
let venue: TestVenue; // instant, 08:00–22:00, buffer 30
let requestVenue: TestVenue; // request-to-book
let customer: TestUser;

const at = (day: number, clock: string) => localTime(ZONE, day, clock);
const body = (day: number, from: string, to: string, extra: Record<string, unknown> = {}) => ({
  venue: venue.documentId,
  start: at(day, from),
  end: at(day, to),
  guests: 10,
  ...extra,
});

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  otherVendor = await createVendor(app);
  venue = await createVenue(app, vendor, { buffer_minutes: 30, cancellation_policy: 'moderate', max_hours: 8 });
  requestVenue = await createVenue(app, vendor, { booking_mode: 'request', cancellation_policy: 'flexible' });
  customer = await createCustomer(app);
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
});
afterAll(async () => {
  await app.stop();
});

describe('POST /bookings/create', () => {
  it('holds an instant venue as pending_payment with a hold deadline and a priced breakdown', async () => {
    const events = recordEvents(app);
    const res = await createBooking(app, customer, body(10, '10:00', '13:00'));
    expect(res.status).toBe(201);
    const booking = res.body.data;
    expect(booking).toMatchObject({
      venue: { documentId: venue.documentId },
      start_datetime: at(10, '10:00').replace(/\.\d{3}Z$/, '.000Z'),
      guests: 10,
      status: 'pending_payment',
      payment_status: 'unpaid',
      currency: 'EUR',
      cancellation_policy: { policy: 'moderate' },
    });
    // 3 h × 100.00 = 300.00, platform fee 10 % = 30.00, tax 0.
    expect(booking.price_breakdown).toMatchObject({
      subtotal: 30000,
      discount: 0,
      platform_fee: 3000,
      tax: 0,
      total_amount: 33000,
    });
    expect(booking.total_amount).toBe(33000);
    const holdMinutes = (Date.parse(booking.hold_expires_at) - Date.now()) / 60000;
    expect(holdMinutes).toBeGreaterThan(14);
    expect(holdMinutes).toBeLessThanOrEqual(15);

    const row = await bookingRow(app, booking.documentId);
    expect(row.status).toBe('pending_payment');
    expect(await slotRow(app, booking.documentId)).toMatchObject({
      venue_document_id: venue.documentId,
      status: 'pending_payment',
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.seen.map((e) => e.name)).toEqual(expect.arrayContaining(['booking.created', 'availability.changed']));
    const availability = events.seen.find((e) => e.name === 'availability.changed');
    expect(availability?.payload).toMatchObject({ venue: venue.documentId, hold_expires_at: booking.hold_expires_at });
    events.stop();
  });

  it('creates request-to-book venues as requested, expiring after 48 h', async () => {
    const res = await createBooking(app, customer, { ...body(11, '10:00', '12:00'), venue: requestVenue.documentId });
    expect(res.status).toBe(201);
    expect(res.body.data.status).toBe('requested');
    expect(res.body.data.hold_expires_at).toBeNull();
    const hours = (Date.parse(res.body.data.request_expires_at) - Date.now()) / 3_600_000;
    expect(Math.round(hours)).toBe(48);
  });

  it('refuses overlapping windows with 409, allows adjacent ones only beyond the buffer', async () => {
    const first = await createBooking(app, customer, body(12, '10:00', '12:00'));
    expect(first.status).toBe(201);
    // Identical, partial overlaps, and windows that only touch the 30 min buffer (12:00–13:00, 09:00–10:00).
    for (const [from, to] of [
      ['10:00', '12:00'],
      ['11:00', '13:00'],
      ['09:00', '10:30'],
      ['12:00', '13:00'],
      ['09:00', '10:00'],
    ]) {
      const res = await createBooking(app, customer, body(12, from, to));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        data: null,
        error: { status: 409, name: 'ConflictError', details: { reason: 'SLOT_TAKEN' } },
      });
    }
    const before = await createBooking(app, customer, body(12, '08:00', '09:30'));
    expect(before.status).toBe(201); // ends exactly one buffer before 10:00
    const after = await createBooking(app, customer, body(12, '12:30', '14:00'));
    expect(after.status).toBe(201); // starts exactly one buffer after 12:00
  });

  it('allows back-to-back bookings on a venue without buffer', async () => {
    const tight = await createVenue(app, vendor, { buffer_minutes: 0 });
    const a = await createBooking(app, customer, { ...body(13, '10:00', '12:00'), venue: tight.documentId });
    const b = await createBooking(app, customer, { ...body(13, '12:00', '14:00'), venue: tight.documentId });
    expect([a.status, b.status]).toEqual([201, 201]);
  });

  it.each([
    ['IN_PAST', () => body(-1, '10:00', '12:00')],
    ['GRANULARITY', () => body(14, '10:15', '12:15')],
    ['TOO_SHORT', () => body(14, '10:00', '10:30')],
    ['TOO_SHORT', () => body(14, '12:00', '10:00')],
    ['TOO_LONG', () => body(14, '08:00', '17:00')],
    ['CAPACITY', () => body(14, '10:00', '12:00', { guests: 51 })],
    ['OUTSIDE_HOURS', () => body(14, '21:00', '23:00')],
    ['OUTSIDE_HOURS', () => body(14, '06:00', '09:00')],
  ])('rejects %s with 400 and the reason code', async (reason, make) => {
    const res = await createBooking(app, customer, make());
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ status: 400, name: 'ValidationError', details: { reason } });
  });

  it('rejects NOTICE and BLOCKED windows', async () => {
    const noticeVenue = await createVenue(app, vendor, { notice_hours: 72 });
    const notice = await createBooking(app, customer, { ...body(1, '10:00', '12:00'), venue: noticeVenue.documentId });
    expect(notice.body.error.details.reason).toBe('NOTICE');

    await app.strapi.documents('api::blocked-period.blocked-period').create({
      data: { venue: venue.id, start_datetime: at(15, '11:00'), end_datetime: at(15, '15:00'), reason: 'Maintenance' } as never,
    });
    const blocked = await createBooking(app, customer, body(15, '10:00', '12:00'));
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.details.reason).toBe('BLOCKED');
  });

  it.each([
    ['a price', { total_amount: 1 }],
    ['a status', { status: 'confirmed' }],
    ['a payment status', { payment_status: 'paid' }],
    ['an owner', { customer: 1 }],
    ['a price per hour', { price_per_hour: 1 }],
  ])('rejects a body that tries to set %s', async (_label, extra) => {
    const res = await createBooking(app, customer, body(16, '10:00', '12:00', extra));
    expect(res.status).toBe(400);
    expect(await app.strapi.db.query('api::booking.booking').count({ where: { start_datetime: at(16, '10:00') } })).toBe(0);
  });

  it.each([
    ['missing venue', { start: '2030-01-01T10:00:00Z', end: '2030-01-01T12:00:00Z', guests: 1 }],
    ['unknown venue', { venue: 'doesnotexist', start: '2030-01-01T10:00:00Z', end: '2030-01-01T12:00:00Z', guests: 1 }],
    ['a date without zone', { venue: 'x', start: '2030-01-01T10:00:00', end: '2030-01-01T12:00:00Z', guests: 1 }],
    ['guests as text', { venue: 'x', start: '2030-01-01T10:00:00Z', end: '2030-01-01T12:00:00Z', guests: 'ten' }],
    ['an operator object', { venue: { $ne: null }, start: '2030-01-01T10:00:00Z', end: '2030-01-01T12:00:00Z', guests: 1 }],
  ])('answers %s with a 4xx, never a 500', async (_label, payload) => {
    const res = await createBooking(app, customer, payload);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('will not let a vendor book its own venue, and needs a signed-in user', async () => {
    const own = await createBooking(app, vendor, body(17, '10:00', '12:00'));
    expect(own.status).toBe(403);
    const anonymous = await app
      .http()
      .post(app.api('/bookings/create'))
      .send(body(17, '10:00', '12:00'));
    expect([401, 403]).toContain(anonymous.status);
  });

  it('hides venues that are not public (404)', async () => {
    const draft = await createVenue(app, vendor, { status: 'pending_approval' });
    const res = await createBooking(app, customer, { ...body(18, '10:00', '12:00'), venue: draft.documentId });
    expect(res.status).toBe(404);
  });

  it('caps the unpaid holds of one customer', async () => {
    const capped = await createCustomer(app);
    await setSetting(app, 'booking.max_active_holds_per_customer', 2);
    try {
      expect((await createBooking(app, capped, body(20, '08:00', '09:00'))).status).toBe(201);
      expect((await createBooking(app, capped, body(20, '10:00', '11:00'))).status).toBe(201);
      const third = await createBooking(app, capped, body(20, '12:00', '13:00'));
      expect(third.status).toBe(409);
      expect(third.body.error.details.reason).toBe('TOO_MANY_HOLDS');
    } finally {
      await setSetting(app, 'booking.max_active_holds_per_customer', 100);
    }
  });
});

describe('Idempotency-Key on POST /bookings/create', () => {
  it('replays the first response and creates nothing new', async () => {
    const payload = body(21, '10:00', '12:00');
    const first = await createBooking(app, customer, payload, { 'Idempotency-Key': 'key-123' });
    const again = await createBooking(app, customer, payload, { 'Idempotency-Key': 'key-123' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await app.strapi.db.query('api::booking.booking').count({ where: { start_datetime: at(21, '10:00') } })).toBe(1);
  });

  it('answers concurrent retries with the same booking', async () => {
    const payload = body(22, '10:00', '12:00');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => createBooking(app, customer, payload, { 'Idempotency-Key': 'key-concurrent' }))
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.data.documentId)).size).toBe(1);
    expect(await app.strapi.db.query('api::booking.booking').count({ where: { start_datetime: at(22, '10:00') } })).toBe(1);
  });

  it('refuses the same key with a different request, and keys are per caller', async () => {
    await createBooking(app, customer, body(23, '10:00', '12:00'), { 'Idempotency-Key': 'key-xyz' });
    const changed = await createBooking(app, customer, body(23, '14:00', '16:00'), { 'Idempotency-Key': 'key-xyz' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.details.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    const someoneElse = await createCustomer(app);
    const theirs = await createBooking(app, someoneElse, body(23, '14:00', '16:00'), { 'Idempotency-Key': 'key-xyz' });
    expect(theirs.status).toBe(201);
  });
});

describe('reading bookings', () => {
  let booking: string;
  beforeAll(async () => {
    booking = (await createBooking(app, customer, body(24, '10:00', '12:00'))).body.data.documentId;
  });

  it('GET /bookings/:id/status for the customer and the venue vendor; 404 for anyone else', async () => {
    const mine = await app
      .http()
      .get(app.api(`/bookings/${booking}/status`))
      .set(customer.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toMatchObject({ documentId: booking, status: 'pending_payment' });
    const theirs = await app
      .http()
      .get(app.api(`/bookings/${booking}/status`))
      .set(vendor.auth);
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.customer).toBeDefined();
    expect(JSON.stringify(theirs.body)).not.toContain(customer.email);

    const stranger = await createCustomer(app);
    for (const user of [stranger, otherVendor]) {
      const res = await app
        .http()
        .get(app.api(`/bookings/${booking}/status`))
        .set(user.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
    expect([401, 403]).toContain((await app.http().get(app.api(`/bookings/${booking}/status`))).status);
    expect((await app.http().get(app.api('/bookings/nope/status')).set(customer.auth)).status).toBe(404);
  });

  it('GET /bookings/history lists only the caller’s bookings, newest first, filterable by status', async () => {
    const other = await createCustomer(app);
    await createBooking(app, other, body(25, '10:00', '12:00'));
    const res = await app.http().get(app.api('/bookings/history?pageSize=100')).set(customer.auth);
    expect(res.status).toBe(200);
    const starts = res.body.data.map((b: { start_datetime: string }) => b.start_datetime);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 100 });
    expect(res.body.data.every((b: { start_datetime: string }) => b.start_datetime !== at(25, '10:00'))).toBe(true);

    const requested = await app.http().get(app.api('/bookings/history?status=requested')).set(customer.auth);
    expect(requested.body.data.every((b: { status: string }) => b.status === 'requested')).toBe(true);
    expect(requested.body.data.length).toBeGreaterThan(0);

    expect((await app.http().get(app.api('/bookings/history?status=bogus')).set(customer.auth)).status).toBe(400);
    expect((await app.http().get(app.api('/bookings/history?pageSize=101')).set(customer.auth)).status).toBe(400);
  });
});

describe('transitions', () => {
  const engine = () => app.strapi.service('api::booking.booking-engine');
  const create = async (day: number, target = venue) =>
    (await createBooking(app, customer, { ...body(day, '10:00', '12:00'), venue: target.documentId })).body.data
      .documentId as string;
  const post = (path: string, user: TestUser, payload: Record<string, unknown> = {}) =>
    app.http().post(app.api(path)).set(user.auth).send(payload);

  it('vendor approves a request (requested → confirmed); approving again is a 409', async () => {
    const id = await create(30, requestVenue);
    const res = await post(`/vendor-dashboard/bookings/requests/${id}/approve`, vendor);
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('confirmed');
    expect((await slotRow(app, id)).expires_at_ms).toBeNull();
    const again = await post(`/vendor-dashboard/bookings/requests/${id}/approve`, vendor);
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('ILLEGAL_TRANSITION');
  });

  it('vendor declines a request (requested → rejected) and the slot is free again', async () => {
    const id = await create(31, requestVenue);
    const res = await post(`/vendor-dashboard/bookings/requests/${id}/decline`, vendor, { reason: 'Private event' });
    expect(res.body.data.status).toBe('rejected');
    expect((await slotRow(app, id)).active).toBeFalsy();
    expect((await createBooking(app, customer, { ...body(31, '10:00', '12:00'), venue: requestVenue.documentId })).status).toBe(
      201
    );
  });

  it('only the venue’s vendor can answer requests: others get 404, customers 403', async () => {
    const id = await create(32, requestVenue);
    expect((await post(`/vendor-dashboard/bookings/requests/${id}/approve`, otherVendor)).status).toBe(404);
    expect((await post(`/vendor-dashboard/bookings/requests/${id}/approve`, customer)).status).toBe(403);
    expect((await bookingRow(app, id)).status).toBe('requested');
  });

  it('instant bookings cannot be approved (pending_payment → approve is illegal)', async () => {
    const id = await create(33);
    expect((await post(`/vendor-dashboard/bookings/requests/${id}/approve`, vendor)).status).toBe(409);
  });

  it('payment confirms a hold (pending_payment → confirmed); paying twice is illegal', async () => {
    const id = await create(34);
    const paid = await engine().markPaid(id);
    expect(paid).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    await expect(engine().markPaid(id)).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('customer cancels by the policy snapshot; refund-quote shows it first; cancelling twice is a 409', async () => {
    const id = await create(40);
    await engine().markPaid(id); // 2 h × 100.00 + 10 % fee = 220.00 paid; moderate policy, 40 days ahead → 100 %
    const quote = await app
      .http()
      .get(app.api(`/bookings/${id}/refund-quote`))
      .set(customer.auth);
    expect(quote.status).toBe(200);
    expect(quote.body.data).toMatchObject({
      amount: 22000,
      percent: 100,
      paid_amount: 22000,
      policy: 'moderate',
      basis: 'policy',
    });

    const res = await post(`/bookings/${id}/cancel`, customer, { reason: 'Plans changed' });
    expect(res.status).toBe(200);
    expect(res.body.data.booking).toMatchObject({
      status: 'cancelled',
      cancelled_by: 'customer',
      cancel_reason: 'Plans changed',
      refund_due: 22000,
    });
    expect(res.body.data.refund).toMatchObject({ amount: 22000, percent: 100, status: 'due' });
    expect((await slotRow(app, id)).active).toBeFalsy();
    expect((await post(`/bookings/${id}/cancel`, customer, { reason: 'again' })).status).toBe(409);
    expect(
      (
        await app
          .http()
          .get(app.api(`/bookings/${id}/refund-quote`))
          .set(customer.auth)
      ).status
    ).toBe(409);
  });

  it('customer refunds follow the policy tiers at their boundaries (service clock)', async () => {
    const id = await create(41);
    await engine().markPaid(id);
    const row = await bookingRow(app, id);
    const start = Date.parse(row.start_datetime);
    const hours = (h: number) => start - h * 3_600_000;
    const actor = { kind: 'user', userId: customer.id, role: 'customer' };
    const quoteAt = async (now: number) => (await engine().refundQuote(actor, id, { now })).percent;
    expect(await quoteAt(hours(120))).toBe(100); // exactly 5 days before
    expect(await quoteAt(hours(120) + 1)).toBe(50);
    expect(await quoteAt(hours(24))).toBe(50); // exactly 24 h before
    expect(await quoteAt(hours(24) + 1)).toBe(0);
  });

  it('vendor cancellation refunds 100 %; a stranger cannot cancel (404)', async () => {
    const id = await create(42);
    await engine().markPaid(id);
    expect((await post(`/bookings/${id}/cancel`, otherVendor, { reason: 'x' })).status).toBe(404);
    const res = await post(`/bookings/${id}/cancel`, vendor, { reason: 'Venue flooded' });
    expect(res.status).toBe(200);
    expect(res.body.data.refund).toMatchObject({ amount: 22000, percent: 100, basis: 'vendor_cancelled' });
    expect(res.body.data.booking.cancelled_by).toBe('vendor');
  });

  it('cancelling an unpaid hold refunds nothing and frees the slot', async () => {
    const id = await create(43);
    const res = await post(`/bookings/${id}/cancel`, customer, {});
    expect(res.body.data.refund).toMatchObject({ amount: 0, status: 'none' });
    expect((await createBooking(app, customer, body(43, '10:00', '12:00'))).status).toBe(201);
  });

  it('an expired hold stops blocking at once and is marked expired exactly once', async () => {
    const now = Date.now();
    const actor = { kind: 'user', userId: customer.id, role: 'customer' };
    // A hold taken 20 minutes ago (15 min hold): already past its deadline.
    const stale = await engine().create(
      actor,
      { venue: venue.documentId, start: Date.parse(at(44, '10:00')), end: Date.parse(at(44, '12:00')), guests: 2 },
      { now: now - 20 * 60_000 }
    );
    expect(stale.status).toBe('pending_payment');

    const events = recordEvents(app);
    const someoneElse = await createCustomer(app);
    const res = await createBooking(app, someoneElse, body(44, '10:00', '12:00'));
    expect(res.status).toBe(201);
    expect((await bookingRow(app, stale.documentId)).status).toBe('expired');
    await Promise.all([engine().runMaintenance(), engine().runMaintenance()]);
    await new Promise((resolve) => setImmediate(resolve));
    const expiredEvents = events.seen.filter((e) => e.name === 'booking.updated' && e.payload.booking === stale.documentId);
    expect(expiredEvents).toHaveLength(1);
    expect(expiredEvents[0].payload).toMatchObject({ status: 'expired', previous_status: 'pending_payment' });
    events.stop();
  });

  it('the maintenance job expires due holds and requests once, and completes ended bookings', async () => {
    const now = Date.now();
    const actor = { kind: 'user', userId: customer.id, role: 'customer' };
    const hold = await engine().create(actor, {
      venue: venue.documentId,
      start: Date.parse(at(45, '10:00')),
      end: Date.parse(at(45, '12:00')),
      guests: 2,
    });
    const request = await engine().create(actor, {
      venue: requestVenue.documentId,
      start: Date.parse(at(45, '10:00')),
      end: Date.parse(at(45, '12:00')),
      guests: 2,
    });
    const confirmed = await engine().create(actor, {
      venue: venue.documentId,
      start: Date.parse(at(46, '10:00')),
      end: Date.parse(at(46, '12:00')),
      guests: 2,
    });
    await engine().markPaid(confirmed.documentId);

    // Nothing is due yet.
    expect(await engine().runMaintenance({ now })).toEqual({ expired: 0, completed: 0 });
    // 16 minutes later the hold is due; 49 hours later the request too.
    expect((await engine().runMaintenance({ now: now + 16 * 60_000 })).expired).toBeGreaterThanOrEqual(1);
    expect((await bookingRow(app, hold.documentId)).status).toBe('expired');
    expect((await bookingRow(app, request.documentId)).status).toBe('requested');
    await engine().runMaintenance({ now: now + 49 * 3_600_000 });
    expect((await bookingRow(app, request.documentId)).status).toBe('expired');
    // After the end of the confirmed booking it becomes completed; a second run changes nothing.
    const afterEnd = Date.parse(at(46, '12:00')) + 60_000;
    const [first, second] = await Promise.all([
      engine().runMaintenance({ now: afterEnd }),
      engine().runMaintenance({ now: afterEnd }),
    ]);
    expect(first.completed + second.completed).toBeGreaterThanOrEqual(1);
    expect((await bookingRow(app, confirmed.documentId)).status).toBe('completed');
    // Completed and expired bookings cannot be cancelled.
    expect((await post(`/bookings/${confirmed.documentId}/cancel`, customer, {})).status).toBe(409);
    expect((await post(`/bookings/${hold.documentId}/cancel`, customer, {})).status).toBe(409);
  });
});

describe('promo codes', () => {
  it('a limited code is reserved by holds and counted once per confirmed booking, even under concurrency', async () => {
    const rule = await app.strapi.documents('api::pricing-rule.pricing-rule').create({
      data: {
        venue: venue.id,
        name: 'One-off',
        kind: 'discount',
        discount_type: 'percent',
        discount_value: 20,
        promo_code: 'ONCE',
        max_uses: 1,
        active: true,
      } as never,
    });
    const racers = await Promise.all(Array.from({ length: 6 }, () => createCustomer(app)));
    const results = await Promise.all(
      racers.map((racer, i) => createBooking(app, racer, body(60 + i, '10:00', '12:00', { promo_code: 'once' })))
    );
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status !== 201)) {
      expect(lost.status).toBe(400);
      expect(lost.body.error.details.reason).toBe('PROMO_CODE_INVALID');
    }
    expect(won[0].body.data.price_breakdown).toMatchObject({ discount: 4000, discount_rule: { promo_code: 'ONCE' } });
    const uses = async () =>
      (await app.strapi.db.query('api::pricing-rule.pricing-rule').findOne({ where: { id: rule.id } })).uses;
    expect(await uses()).toBe(0); // reserved, not yet used
    await app.strapi.service('api::booking.booking-engine').markPaid(won[0].body.data.documentId);
    expect(await uses()).toBe(1);
    // Used up now: a new hold with the code is refused.
    const late = await createBooking(app, await createCustomer(app), body(70, '10:00', '12:00', { promo_code: 'ONCE' }));
    expect(late.body.error.details.reason).toBe('PROMO_CODE_INVALID');
  });

  it('a cancelled hold gives its reserved use back', async () => {
    await app.strapi.documents('api::pricing-rule.pricing-rule').create({
      data: {
        venue: venue.id,
        name: 'Twice',
        kind: 'discount',
        discount_type: 'fixed',
        discount_value: 1000,
        promo_code: 'BACK',
        max_uses: 1,
        active: true,
      } as never,
    });
    const first = await createBooking(app, customer, body(71, '10:00', '12:00', { promo_code: 'BACK' }));
    expect(first.status).toBe(201);
    expect((await createBooking(app, customer, body(72, '10:00', '12:00', { promo_code: 'BACK' }))).status).toBe(400);
    await app
      .http()
      .post(app.api(`/bookings/${first.body.data.documentId}/cancel`))
      .set(customer.auth)
      .send({});
    expect((await createBooking(app, customer, body(72, '10:00', '12:00', { promo_code: 'BACK' }))).status).toBe(201);
  });
});

describe('staff', () => {
  it('admin API tokens can read any booking status', async () => {
    const id = (await createBooking(app, customer, body(73, '10:00', '12:00'))).body.data.documentId;
    const token = await app.strapi
      .service('admin::api-token')
      .create({ name: 'staff-status', kind: 'content-api', type: 'full-access', lifespan: null, description: '' });
    const res = await app
      .http()
      .get(app.api(`/bookings/${id}/status`))
      .set('Authorization', `Bearer ${token.accessKey}`);
    expect(res.status).toBe(200);
    expect(res.body.data.documentId).toBe(id);
  });
});

describe('the guarded write path', () => {
  it('refuses booking writes through the Document Service from anywhere but the engine', async () => {
    await expect(
      app.strapi
        .documents('api::booking.booking')
        .create({ data: { guests: 1, start_datetime: at(50, '10:00'), end_datetime: at(50, '12:00') } as never })
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    const id = (await createBooking(app, customer, body(50, '10:00', '12:00'))).body.data.documentId;
    await expect(
      app.strapi.documents('api::booking.booking').update({ documentId: id, data: { status: 'confirmed' } as never })
    ).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    await expect(app.strapi.documents('api::booking.booking').delete({ documentId: id })).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    expect((await bookingRow(app, id)).status).toBe('pending_payment');
  });
});
