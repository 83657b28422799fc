import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { importedBooking, type ScenarioBooking } from './ops-helpers';

/**
 * Vendor booking lists on both trees (upcoming, history, requests), approve/decline on the seed tree, vendor
 * cancel: filters, pagination, 400s with field names, another vendor's objects → 404, pending vendor → 403.
 */

const ZONE = 'Europe/Berlin';
const at = (day: number, clock: string) => localTime(ZONE, day, clock);
const HOUR = 3_600_000;

describe('vendor dashboard: bookings', () => {
  let app: TestApp;
  let vendor: TestVendor;
  let other: TestVendor;
  let pending: TestVendor;
  let customer: TestUser;
  let requester: TestUser;
  let hall: TestVenue;
  let requestHall: TestVenue;
  let otherHall: TestVenue;
  const b: Record<string, ScenarioBooking> = {};

  const get = (user: TestUser, path: string) => app.http().get(app.api(path)).set(user.auth);
  const post = (user: TestUser, path: string, body: Record<string, unknown> = {}) =>
    app.http().post(app.api(path)).set(user.auth).send(body);
  const ids = (res: { body: { data: { documentId: string }[] } }) => res.body.data.map((row) => row.documentId);

  beforeAll(async () => {
    app = await startApp();
    vendor = await createVendor(app);
    other = await createVendor(app);
    pending = await createVendor(app, { status: 'pending' });
    customer = await createCustomer(app, { first_name: 'Grace', last_name: 'Hopper' });
    requester = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
    hall = await createVenue(app, vendor);
    requestHall = await createVenue(app, vendor, { booking_mode: 'request' });
    otherHall = await createVenue(app, other);

    b.upcomingConfirmed = await importedBooking(app, customer, hall, {
      start: at(2, '10:00'),
      end: at(2, '12:00'),
      status: 'confirmed',
    });
    b.liveHold = await importedBooking(app, customer, hall, {
      start: at(3, '10:00'),
      end: at(3, '11:00'),
      status: 'pending_payment',
      holdExpiresAt: new Date(Date.now() + HOUR).toISOString(),
    });
    b.deadHold = await importedBooking(app, customer, hall, {
      start: at(3, '12:00'),
      end: at(3, '13:00'),
      status: 'pending_payment',
      holdExpiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    b.futureCancelled = await importedBooking(app, customer, hall, {
      start: at(4, '10:00'),
      end: at(4, '11:00'),
      status: 'cancelled',
    });
    b.pastCompleted = await importedBooking(app, customer, hall, {
      start: at(-3, '10:00'),
      end: at(-3, '12:00'),
      status: 'completed',
    });
    b.pastConfirmed = await importedBooking(app, customer, hall, {
      start: at(-2, '10:00'),
      end: at(-2, '11:00'),
      status: 'confirmed',
    });
    b.theirs = await importedBooking(app, customer, otherHall, {
      start: at(2, '10:00'),
      end: at(2, '12:00'),
      status: 'confirmed',
    });

    // Two real requests through the booking API on the request-to-book venue.
    for (const [key, day] of [
      ['request1', 5],
      ['request2', 6],
    ] as const) {
      const res = await createBooking(app, requester, {
        venue: requestHall.documentId,
        start: at(day, '10:00'),
        end: at(day, '12:00'),
        guests: 4,
      });
      expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
      expect(res.body.data.status).toBe('requested');
      b[key] = { id: 0, documentId: res.body.data.documentId };
    }
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('upcoming: active bookings from now, soonest first (live holds in, expired holds and cancelled out)', async () => {
    for (const path of ['/vendor-dashboard/bookings/upcoming']) {
      const res = await get(vendor, path);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([
        b.upcomingConfirmed.documentId,
        b.liveHold.documentId,
        b.request1.documentId,
        b.request2.documentId,
      ]);
      expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 4 });
      expect(res.body.data[0].customer).toEqual({ name: 'Grace H.' });
    }
    const onlyRequested = await get(vendor, '/vendor-dashboard/bookings/upcoming?status=requested');
    expect(ids(onlyRequested)).toEqual([b.request1.documentId, b.request2.documentId]);
    const paged = await get(vendor, '/vendor-dashboard/bookings/upcoming?pageSize=1&page=2');
    expect(ids(paged)).toEqual([b.liveHold.documentId]);
    expect(paged.body.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 4, total: 4 });
    const oneVenue = await get(vendor, `/vendor-dashboard/bookings/upcoming?venue=${requestHall.documentId}`);
    expect(ids(oneVenue)).toEqual([b.request1.documentId, b.request2.documentId]);
    const window = await get(vendor, `/vendor-dashboard/bookings/upcoming?from=${at(3, '00:00')}&to=${at(5, '00:00')}`);
    expect(ids(window)).toEqual([b.liveHold.documentId]);
  });

  it('history: ended or closed bookings, latest first, on both trees', async () => {
    for (const path of ['/vendor-dashboard/bookings/history', '/vendor/bookings/history']) {
      const res = await get(vendor, path);
      expect(res.status).toBe(200);
      expect(ids(res)).toEqual([b.futureCancelled.documentId, b.pastConfirmed.documentId, b.pastCompleted.documentId]);
    }
    const completed = await get(vendor, '/vendor/bookings/history?status=completed');
    expect(ids(completed)).toEqual([b.pastCompleted.documentId]);
  });

  it('requests (seed tree), then approve and decline through /vendor/bookings/requests/:id/…', async () => {
    const list = await get(vendor, '/vendor/bookings/requests');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([b.request1.documentId, b.request2.documentId]);

    // Another vendor: 404 on both, and nothing changes.
    expect((await post(other, `/vendor/bookings/requests/${b.request1.documentId}/approve`)).status).toBe(404);
    expect((await post(other, `/vendor/bookings/requests/${b.request2.documentId}/decline`, { reason: 'x' })).status).toBe(404);

    const approved = await post(vendor, `/vendor/bookings/requests/${b.request1.documentId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe('confirmed');
    const declined = await post(vendor, `/vendor/bookings/requests/${b.request2.documentId}/decline`, {
      reason: 'Closed that day',
    });
    expect(declined.status).toBe(200);
    expect(declined.body.data.status).toBe('rejected');
    // Same guarantees as the dashboard route: a second transition is a 409.
    expect((await post(vendor, `/vendor/bookings/requests/${b.request2.documentId}/approve`)).status).toBe(409);

    expect(ids(await get(vendor, '/vendor/bookings/requests'))).toEqual([]);
    const all = await get(vendor, '/vendor-dashboard/bookings/requests?status=confirmed');
    expect(ids(all)).toEqual([b.request1.documentId]);
  });

  it('vendor cancel on both trees: full refund path, another vendor 404, customer 403', async () => {
    expect(
      (await post(other, `/vendor-dashboard/bookings/${b.upcomingConfirmed.documentId}/cancel`, { reason: 'x' })).status
    ).toBe(404);
    expect((await post(customer, `/vendor-dashboard/bookings/${b.upcomingConfirmed.documentId}/cancel`, {})).status).toBe(403);
    const bad = await post(vendor, `/vendor/bookings/${b.upcomingConfirmed.documentId}/cancel`, { reason: 'x', refund: 100 });
    expect(bad.status).toBe(400);
    const res = await post(vendor, `/vendor/bookings/${b.upcomingConfirmed.documentId}/cancel`, { reason: 'Flooded' });
    expect(res.status).toBe(200);
    expect(res.body.data.booking).toMatchObject({ status: 'cancelled', cancelled_by: 'vendor' });
    expect(res.body.data.refund).toMatchObject({ basis: 'vendor_cancelled', percent: 100 });
    expect((await post(vendor, `/vendor-dashboard/bookings/${b.upcomingConfirmed.documentId}/cancel`, {})).status).toBe(409);
  });

  it("another vendor sees none of these bookings and gets 404 for this vendor's venue", async () => {
    for (const list of ['upcoming', 'history', 'requests']) {
      const res = await get(other, `/vendor-dashboard/bookings/${list}?status=confirmed`);
      expect(res.status).toBe(200);
      expect(ids(res)).not.toEqual(expect.arrayContaining([b.request1.documentId]));
      expect((await get(other, `/vendor-dashboard/bookings/${list}?venue=${hall.documentId}`)).status).toBe(404);
    }
    expect(ids(await get(other, '/vendor-dashboard/bookings/upcoming'))).toEqual([b.theirs.documentId]);
  });

  it('400s with field names; pending vendors, customers and anonymous callers are refused', async () => {
    const cases: [string, string][] = [
      ['/vendor-dashboard/bookings/upcoming?status=cancelled', 'status'],
      ['/vendor-dashboard/bookings/history?pageSize=101', 'pageSize'],
      ['/vendor-dashboard/bookings/requests?from=yesterday', 'from'],
      [`/vendor-dashboard/bookings/history?from=${at(3, '00:00')}&to=${at(2, '00:00')}`, 'to'],
      ['/vendor-dashboard/bookings/history?venue=../../x', 'venue'],
    ];
    for (const [path, field] of cases) {
      const res = await get(vendor, path);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path[0])).toContain(field);
    }
    const unknown = await get(vendor, '/vendor-dashboard/bookings/history?vendor=someone');
    expect(unknown.status).toBe(400);
    for (const path of ['/vendor-dashboard/bookings/upcoming', '/vendor/bookings/history', '/vendor/bookings/requests']) {
      expect((await get(pending, path)).status).toBe(403);
      expect((await get(customer, path)).status).toBe(403);
      expect((await app.http().get(app.api(path))).status).toBe(403);
    }
  });
});
