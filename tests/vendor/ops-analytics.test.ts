import { DateTime } from 'luxon';
import { startApp, type TestApp } from '../harness/app';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { statementsOfRequest } from '../harness/statements';
import { createVenue, type TestVenue } from '../harness/venues';
import { importedBooking, recordPayment, recordRefund, refreshOpenRanges } from './ops-helpers';

/**
 * Vendor analytics against a fixed scenario: known bookings, payments and refunds in two venues of one vendor
 * (Berlin/EUR and New York/USD, bookings near local midnight so UTC and local days differ) and one booking of
 * another vendor. Every figure is stated by hand below and also cross-checked with plain SQL over the
 * payments and refunds tables.
 */

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;
const ALL_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({
  weekday,
  opens: '00:00',
  closes: '24:00',
}));

/** Venue-local wall clock `days` from today → UTC ISO instant. */
const local = (zone: string, days: number, clock: string) => {
  const [hour, minute] = clock.split(':').map(Number);
  return DateTime.now().setZone(zone).startOf('day').plus({ days }).set({ hour, minute }).toUTC().toISO() as string;
};
const localDate = (zone: string, days: number) =>
  DateTime.now().setZone(zone).startOf('day').plus({ days }).toISODate() as string;

describe('vendor analytics: reconciliation with a fixed scenario', () => {
  let app: TestApp;
  let vendor: TestVendor;
  let other: TestVendor;
  let pending: TestVendor;
  let alice: TestUser;
  let bob: TestUser;
  let berlin: TestVenue;
  let newYork: TestVenue;
  let foreign: TestVenue;

  const get = (user: TestUser, path: string) => app.http().get(app.api(path)).set(user.auth);

  beforeAll(async () => {
    app = await startApp();
    vendor = await createVendor(app);
    other = await createVendor(app);
    pending = await createVendor(app, { status: 'pending' });
    alice = await createCustomer(app, { first_name: 'Alice', last_name: 'Liddell' });
    bob = await createCustomer(app, { first_name: 'Bob', last_name: 'Builder' });
    berlin = await createVenue(app, vendor, { weekly_hours: ALL_DAY, currency: 'EUR', timezone: BERLIN });
    newYork = await createVenue(app, vendor, { weekly_hours: ALL_DAY, currency: 'USD', timezone: NEW_YORK });
    foreign = await createVenue(app, other, { weekly_hours: ALL_DAY });
    for (const venue of [berlin, newYork, foreign]) await refreshOpenRanges(app, venue);

    // A1: Berlin day+3 00:30–02:30 local (the UTC date is day+2), confirmed, paid through Connect.
    const a1Start = local(BERLIN, 3, '00:30');
    const a1 = await importedBooking(app, alice, berlin, {
      start: a1Start,
      end: local(BERLIN, 3, '02:30'),
      status: 'confirmed',
      total: 24_000,
      paymentStatus: 'paid',
      createdAt: new Date(Date.parse(a1Start) - 48 * HOUR).toISOString(),
    });
    await recordPayment(app, a1, alice, { amount: 24_000, captured: 24_000, fee: 2_400, connect: 'acct_scenario' });

    // A2: Berlin day+3 10:00–12:00, cancelled, paid 20,000 and refunded in full (a failed refund attempt too).
    const a2 = await importedBooking(app, bob, berlin, {
      start: local(BERLIN, 3, '10:00'),
      end: local(BERLIN, 3, '12:00'),
      status: 'cancelled',
      total: 20_000,
      paymentStatus: 'refunded',
    });
    const p2 = await recordPayment(app, a2, bob, { amount: 20_000, captured: 20_000, fee: 2_000, status: 'refunded' });
    await recordRefund(app, a2, p2, { amount: 500, status: 'failed' });
    await recordRefund(app, a2, p2, { amount: 20_000, status: 'succeeded' });

    // A3: Berlin day+4 10:00–13:00, a request the vendor approved, paid 30,000, 5,000 refunded as goodwill.
    const a3Start = local(BERLIN, 4, '10:00');
    const a3 = await importedBooking(app, alice, berlin, {
      start: a3Start,
      end: local(BERLIN, 4, '13:00'),
      status: 'confirmed',
      total: 30_000,
      paymentStatus: 'partially_refunded',
      request: true,
      createdAt: new Date(Date.parse(a3Start) - 72 * HOUR).toISOString(),
    });
    const p3 = await recordPayment(app, a3, alice, {
      amount: 30_000,
      captured: 30_000,
      fee: 3_000,
      status: 'partially_refunded',
    });
    await recordRefund(app, a3, p3, { amount: 5_000, status: 'succeeded' });
    await recordRefund(app, a3, p3, { amount: 1_000, status: 'pending' });

    // A4: Berlin day+4 14:00–15:00, a request still waiting (authorized only: nothing captured).
    const a4 = await importedBooking(app, bob, berlin, {
      start: local(BERLIN, 4, '14:00'),
      end: local(BERLIN, 4, '15:00'),
      status: 'requested',
      total: 9_000,
      paymentStatus: 'authorized',
      request: true,
    });
    await recordPayment(app, a4, bob, { amount: 9_000, captured: 0, fee: 900, status: 'authorized' });

    // A5: Berlin day+5, expired instant booking, never paid.
    await importedBooking(app, bob, berlin, {
      start: local(BERLIN, 5, '10:00'),
      end: local(BERLIN, 5, '11:00'),
      status: 'expired',
      total: 7_000,
    });

    // B1: New York day+3 21:00–23:00 local (the UTC date is day+4), confirmed, paid in USD.
    const b1Start = local(NEW_YORK, 3, '21:00');
    const b1 = await importedBooking(app, bob, newYork, {
      start: b1Start,
      end: local(NEW_YORK, 3, '23:00'),
      status: 'confirmed',
      total: 15_000,
      currency: 'USD',
      paymentStatus: 'paid',
      createdAt: new Date(Date.parse(b1Start) - 24 * HOUR).toISOString(),
    });
    await recordPayment(app, b1, bob, { amount: 15_000, captured: 15_000, fee: 1_500, currency: 'USD' });

    // C1: another vendor's booking: never in this vendor's figures.
    const c1 = await importedBooking(app, alice, foreign, {
      start: local(BERLIN, 3, '10:00'),
      end: local(BERLIN, 3, '14:00'),
      status: 'confirmed',
      total: 99_000,
      paymentStatus: 'paid',
    });
    await recordPayment(app, c1, alice, { amount: 99_000, captured: 99_000, fee: 9_900 });

    // Reviews: two published (4 and 5 stars) and one hidden (1 star) of the vendor's venues; one of another vendor.
    const review = (venue: TestVenue, author: TestUser, rating: number, status: 'published' | 'hidden', key: string) =>
      app.strapi.db.query('api::review.review').create({
        data: {
          venue: venue.id,
          author: author.id,
          rating,
          comment: 'Scenario review',
          status,
          booking_key: `${key}-${venue.documentId}`,
        },
      });
    await review(berlin, alice, 4, 'published', 'r1');
    await review(newYork, bob, 5, 'published', 'r2');
    await review(berlin, bob, 1, 'hidden', 'r3');
    await review(foreign, alice, 2, 'published', 'r4');
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
  });

  const window = () => ({ from: local(BERLIN, 1, '00:00'), to: local(BERLIN, 8, '00:00') });

  it('revenue by venue-local day: exact figures per currency', async () => {
    const { from, to } = window();
    const res = await get(vendor, `/vendor-dashboard/analytics/revenue?from=${from}&to=${to}&interval=day`);
    expect(res.status).toBe(200);
    expect(res.body.data.interval).toBe('day');
    expect(res.body.data.rows).toEqual(
      [
        {
          bucket: localDate(BERLIN, 3),
          currency: 'EUR',
          gross: 44_000,
          platform_fees: 4_400,
          refunds: 20_000,
          net: 19_600,
          payouts: 21_600,
          projected: 24_000,
          bookings: 2,
        },
        {
          bucket: localDate(NEW_YORK, 3),
          currency: 'USD',
          gross: 15_000,
          platform_fees: 1_500,
          refunds: 0,
          net: 13_500,
          payouts: 0,
          projected: 15_000,
          bookings: 1,
        },
        {
          bucket: localDate(BERLIN, 4),
          currency: 'EUR',
          gross: 30_000,
          platform_fees: 3_000,
          refunds: 5_000,
          net: 22_000,
          payouts: 0,
          projected: 30_000,
          bookings: 1,
        },
      ].sort((a, b) => (a.bucket === b.bucket ? a.currency.localeCompare(b.currency) : a.bucket < b.bucket ? -1 : 1))
    );
    expect(res.body.data.totals).toEqual([
      {
        currency: 'EUR',
        gross: 74_000,
        platform_fees: 7_400,
        refunds: 25_000,
        net: 41_600,
        payouts: 21_600,
        projected: 54_000,
        bookings: 3,
      },
      {
        currency: 'USD',
        gross: 15_000,
        platform_fees: 1_500,
        refunds: 0,
        net: 13_500,
        payouts: 0,
        projected: 15_000,
        bookings: 1,
      },
    ]);
  });

  it('revenue totals match plain SQL over the payments and refunds tables; weeks and months fold the same days', async () => {
    const { from, to } = window();
    const knex = app.strapi.db.connection;
    const bookingIds = (
      await app.strapi.db.query('api::booking.booking').findMany({
        where: { venue: { vendor: { id: vendor.profile.id } } },
        select: ['id'],
      })
    ).map((row: { id: number }) => row.id);
    const [paid] = await knex('payments as p')
      .join('payments_booking_lnk as l', 'l.payment_id', 'p.id')
      .whereIn('l.booking_id', bookingIds)
      .select(knex.raw('SUM(p.amount_captured) AS gross'));
    const [refunded] = await knex('refunds as r')
      .join('refunds_booking_lnk as l', 'l.refund_id', 'r.id')
      .whereIn('l.booking_id', bookingIds)
      .where('r.status', 'succeeded')
      .select(knex.raw('SUM(r.amount) AS refunds'));
    const day = await get(vendor, `/vendor/analytics/revenue?from=${from}&to=${to}&interval=day`);
    const sum = (rows: { gross: number; refunds: number }[], key: 'gross' | 'refunds') => rows.reduce((n, r) => n + r[key], 0);
    expect(sum(day.body.data.totals, 'gross')).toBe(Number(paid.gross));
    expect(sum(day.body.data.totals, 'refunds')).toBe(Number(refunded.refunds));

    for (const interval of ['week', 'month'] as const) {
      const res = await get(vendor, `/vendor/analytics/revenue?from=${from}&to=${to}&interval=${interval}`);
      expect(res.status).toBe(200);
      expect(res.body.data.totals).toEqual(day.body.data.totals);
      const start = (zone: string, days: number) =>
        DateTime.fromISO(localDate(zone, days))
          .startOf(interval === 'week' ? 'week' : 'month')
          .toISODate();
      const expected = new Set([`${start(BERLIN, 3)} EUR`, `${start(BERLIN, 4)} EUR`, `${start(NEW_YORK, 3)} USD`]);
      expect(new Set(res.body.data.rows.map((r: { bucket: string; currency: string }) => `${r.bucket} ${r.currency}`))).toEqual(
        expected
      );
    }
  });

  it('statements per request: one aggregate over payments and refunds for revenue, a fixed number per report', async () => {
    const { from, to } = window();
    const statementsOf = async (path: string) => {
      const { response, statements } = await statementsOfRequest(app.strapi, () => get(vendor, path));
      expect(response.status).toBe(200);
      return statements;
    };
    const revenue = await statementsOf(`/vendor-dashboard/analytics/revenue?from=${from}&to=${to}&interval=day`);
    // The venue list and the one aggregate (which starts from the vendor's bookings in the range).
    expect(revenue.filter((sql) => /payments_booking_lnk/.test(sql))).toHaveLength(1);
    expect(revenue.filter((sql) => /refunds_booking_lnk/.test(sql))).toHaveLength(1);
    const analytics = revenue.filter((sql) => /bookings_venue_lnk|venues_vendor_lnk/.test(sql));
    expect(analytics).toHaveLength(2);
    const year = await statementsOf(`/vendor-dashboard/analytics/revenue?interval=month`);
    expect(year.length).toBe(revenue.length);
    const performance = await statementsOf(`/vendor-dashboard/analytics/performance?from=${from}&to=${to}`);
    expect(performance.filter((sql) => /bookings_venue_lnk|venues_vendor_lnk|venue_open_ranges/.test(sql))).toHaveLength(3);
  });

  it('revenue of one venue; another vendor sees none of it and gets 404 for the venue', async () => {
    const { from, to } = window();
    const one = await get(vendor, `/vendor-dashboard/analytics/revenue?from=${from}&to=${to}&venue=${newYork.documentId}`);
    expect(one.status).toBe(200);
    expect(one.body.data.totals).toEqual([
      {
        currency: 'USD',
        gross: 15_000,
        platform_fees: 1_500,
        refunds: 0,
        net: 13_500,
        payouts: 0,
        projected: 15_000,
        bookings: 1,
      },
    ]);
    const theirs = await get(other, `/vendor-dashboard/analytics/revenue?from=${from}&to=${to}`);
    expect(theirs.body.data.totals).toEqual([
      {
        currency: 'EUR',
        gross: 99_000,
        platform_fees: 9_900,
        refunds: 0,
        net: 89_100,
        payouts: 0,
        projected: 99_000,
        bookings: 1,
      },
    ]);
    for (const path of ['revenue', 'performance']) {
      const res = await get(other, `/vendor-dashboard/analytics/${path}?venue=${berlin.documentId}`);
      expect(res.status).toBe(404);
    }
  });

  it('performance per venue: counts, rates, value, lead time and occupancy from the opening projection', async () => {
    const { from, to } = window();
    const res = await get(vendor, `/vendor/analytics/performance?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const byVenue = Object.fromEntries(
      res.body.data.venues.map((v: { venue: { documentId: string } }) => [v.venue.documentId, v])
    );
    const openHours = (Date.parse(to) - Date.parse(from)) / HOUR;
    expect(byVenue[berlin.documentId]).toEqual({
      venue: { documentId: berlin.documentId, name: berlin.name, currency: 'EUR', timezone: BERLIN },
      bookings: 5,
      confirmed: 2,
      cancelled: 1,
      cancellation_rate: 0.3333,
      requests: 2,
      requests_confirmed: 1,
      request_conversion: 0.5,
      average_value: 27_000,
      lead_time_hours: 60,
      booked_hours: 5,
      open_hours: openHours,
      occupancy: Math.round((5 / openHours) * 10_000) / 10_000,
    });
    expect(byVenue[newYork.documentId]).toMatchObject({ bookings: 1, confirmed: 1, booked_hours: 2, lead_time_hours: 24 });
    expect(byVenue[foreign.documentId]).toBeUndefined();
    expect(res.body.data.occupancy_window).toEqual({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  });

  it('customer insights: repeat customers, lead time and the rating trend without hidden or foreign reviews', async () => {
    const { from, to } = window();
    const res = await get(vendor, `/vendor-dashboard/analytics/customer-insights?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      customers: 2,
      repeat_customers: 1,
      repeat_rate: 0.5,
      bookings_per_customer: 1.5,
      lead_time_hours: 48,
    });
    const reviews = await get(vendor, '/vendor/analytics/reviews');
    expect(reviews.status).toBe(200);
    expect(reviews.body.meta.rating).toMatchObject({ average: 4.5, count: 2 });
    expect(reviews.body.meta.rating.trend).toEqual([
      { bucket: `${new Date().toISOString().slice(0, 7)}-01`, reviews: 2, average: 4.5 },
    ]);
    expect(reviews.body.data).toHaveLength(3);
    expect(reviews.body.meta.pagination).toMatchObject({ page: 1, total: 3 });
  });

  it('400s name the field; pending vendors and customers are refused', async () => {
    const bad = await get(
      vendor,
      '/vendor-dashboard/analytics/revenue?interval=year&from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z'
    );
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['interval']));
    const backwards = await get(
      vendor,
      '/vendor-dashboard/analytics/performance?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.errors[0].path).toEqual(['to']);
    const tooLong = await get(vendor, '/vendor-dashboard/analytics/revenue?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(tooLong.status).toBe(400);
    const unknown = await get(vendor, '/vendor-dashboard/analytics/customer-insights?vendor=x');
    expect(unknown.status).toBe(400);
    for (const path of ['revenue', 'performance', 'customer-insights', 'reviews']) {
      expect((await get(pending, `/vendor-dashboard/analytics/${path}`)).status).toBe(403);
      expect((await get(alice, `/vendor-dashboard/analytics/${path}`)).status).toBe(403);
      expect((await app.http().get(app.api(`/vendor-dashboard/analytics/${path}`))).status).toBe(403);
    }
  });
});
