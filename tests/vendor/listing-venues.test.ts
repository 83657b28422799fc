import { startApp, type TestApp } from '../harness/app';
import { localTime, recordEvents, setSetting } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Vendor dashboard, listing area: venues (create / update / archive / delete, statuses the server's), amenities,
 * weekly hours and overrides (projection and search follow at once), the calendar payload, both route trees,
 * and 404s for everything of another vendor.
 */
const ZONE = 'Europe/Berlin';
const D = '/vendor-dashboard';
const MANAGE = `${D}/venues/management/create-update`;
const HOURS = `${D}/venues/availability/special-hours`;
const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

let app: TestApp;
let vendor: TestVendor;
let other: TestVendor;
let pending: TestVendor;
let customer: TestUser;
let venue: TestVenue;

const req = (method: 'get' | 'post' | 'put' | 'delete', path: string, user: TestUser, body?: unknown) => {
  const r = app.http()[method](app.api(path)).set(user.auth);
  return body === undefined ? r : r.send(body as object);
};

const newVenue = (fields: Record<string, unknown> = {}) => ({
  name: 'Loft on the Spree',
  description: 'A bright loft.',
  location: { address: '1 Spree Way', city: 'Berlin', country: 'DE', postal_code: '10115', lat: 52.5, lng: 13.4 },
  timezone: ZONE,
  capacity: 40,
  price_per_hour: 12000,
  currency: 'EUR',
  booking_mode: 'instant',
  min_hours: 1,
  cancellation_policy: 'moderate',
  weekly_hours: ALL_WEEK.map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
  ...fields,
});

const searchNames = async (q: string) => {
  const res = await app.http().get(app.api('/venues/search')).query({ q });
  expect(res.status).toBe(200);
  return (res.body.data as { documentId: string }[]).map((v) => v.documentId);
};

const fieldsOf = (res: { body: { error?: { details?: { errors?: { path: string[] }[] } } } }) =>
  (res.body.error?.details?.errors ?? []).map((e) => e.path.join('.'));

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  other = await createVendor(app);
  pending = await createVendor(app, { status: 'pending' });
  customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
  venue = await createVenue(app, vendor, { name: 'Harbour Hall Alpha' });
  await app.strapi.documents('api::amenity.amenity').create({ data: { name: 'Wifi', slug: 'wifi' } as never });
  await app.strapi.documents('api::amenity.amenity').create({ data: { name: 'Parking', slug: 'parking' } as never });
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

describe('venues: create, list, update', () => {
  it('an approved vendor creates a venue: 201, pending_approval, server-chosen unique slug, not in search', async () => {
    const a = await req('post', MANAGE, vendor, newVenue({ amenities: ['wifi'] }));
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({
      name: 'Loft on the Spree',
      slug: 'loft-on-the-spree',
      status: 'pending_approval',
      featured: false,
      amenities: ['wifi'],
      price_per_hour: 12000,
      rating: { average: 0, count: 0 },
    });
    expect(a.body.data.weekly_hours).toHaveLength(7);
    const b = await req('post', MANAGE, other, newVenue());
    expect(b.status).toBe(201);
    expect(b.body.data.slug).toMatch(/^loft-on-the-spree-[0-9a-f]{6}$/);
    expect(await searchNames('Loft on the Spree')).toEqual([]);
  });

  it('a pending vendor creates drafts only, and cannot use approved-only screens', async () => {
    const res = await req('post', MANAGE, pending, newVenue({ name: 'Pending Place' }));
    expect(res.status).toBe(201);
    expect(res.body.data.status).toBe('draft');
    const edit = await req('put', `${MANAGE}/${res.body.data.documentId}`, pending, { capacity: 12 });
    expect(edit.status).toBe(200);
    expect(edit.body.data.status).toBe('draft');
    const cal = await req('get', `${D}/venues/availability/calendar`, pending).query({
      venue: res.body.data.documentId,
      from: new Date().toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(cal.status).toBe(403);
  });

  it('refuses server-owned fields and bad values with 400s naming the fields', async () => {
    const forbidden = await req('post', MANAGE, vendor, newVenue({ status: 'approved', featured: true, rating_average: 5 }));
    expect(forbidden.status).toBe(400);
    expect(JSON.stringify(forbidden.body.error.details)).toMatch(/status/);
    expect(JSON.stringify(forbidden.body.error.details)).toMatch(/featured/);
    const bad = await req('post', MANAGE, vendor, newVenue({ capacity: 0, timezone: 'Mars/Olympus', currency: 'eur' }));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['capacity', 'timezone', 'currency']));
    const hours = await req(
      'post',
      MANAGE,
      vendor,
      newVenue({ weekly_hours: [{ weekday: 'mon', opens: '25:00', closes: '10:00' }] })
    );
    expect(hours.status).toBe(400);
    expect(fieldsOf(hours)).toContain('weekly_hours.0.opens');
    const amen = await req('post', MANAGE, vendor, newVenue({ amenities: ['jacuzzi'] }));
    expect(amen.status).toBe(400);
    expect(fieldsOf(amen)).toContain('amenities');
    const vendorField = await req('put', `${MANAGE}/${venue.documentId}`, vendor, { vendor: other.profile.id });
    expect(vendorField.status).toBe(400);
  });

  it('lists own venues only, paginated and filtered by status', async () => {
    const res = await req('get', MANAGE, vendor).query({ pageSize: 1 });
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    const approved = await req('get', MANAGE, vendor).query({ status: 'approved' });
    expect(approved.body.data.map((v: { documentId: string }) => v.documentId)).toEqual([venue.documentId]);
    const bad = await req('get', MANAGE, vendor).query({ status: 'deleted' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain('status');
  });

  it('non-material changes apply at once; a material change sends the venue back to review and out of search', async () => {
    expect(await searchNames('Harbour Hall Alpha')).toEqual([venue.documentId]);
    const small = await req('put', `${MANAGE}/${venue.documentId}`, vendor, {
      description: 'Now with a view.',
      price_per_hour: 9000,
    });
    expect(small.status).toBe(200);
    expect(small.body.data).toMatchObject({ status: 'approved', review_required: false, price_per_hour: 9000 });
    // Same location written again (no actual change) is not material either.
    const same = await req('put', `${MANAGE}/${venue.documentId}`, vendor, {
      location: { address: '1 Test Street', city: 'Berlin', country: 'DE', postal_code: '10115', lat: 52.52, lng: 13.405 },
    });
    expect(same.body.data).toMatchObject({ status: 'approved', review_required: false });
    expect(await searchNames('Harbour Hall Alpha')).toEqual([venue.documentId]);

    const material = await req('put', `${MANAGE}/${venue.documentId}`, vendor, { capacity: 80 });
    expect(material.status).toBe(200);
    expect(material.body.data).toMatchObject({ status: 'pending_approval', review_required: true, capacity: 80 });
    expect(await searchNames('Harbour Hall Alpha')).toEqual([]);
    const details = await app.http().get(app.api(`/venues/${venue.documentId}/details`));
    expect(details.status).toBe(404);
    // Staff approve again (the control-center's job); the venue is back.
    await app.strapi
      .documents('api::venue.venue')
      .update({ documentId: venue.documentId, data: { status: 'approved' } as never });
    expect(await searchNames('Harbour Hall Alpha')).toEqual([venue.documentId]);
  });

  it('deletes a venue without bookings and archives one with bookings', async () => {
    const spare = await createVenue(app, vendor);
    const del = await req('delete', `${MANAGE}/${spare.documentId}`, vendor);
    expect(del.status).toBe(200);
    expect(del.body.data).toEqual({ documentId: spare.documentId, outcome: 'deleted' });
    expect(await app.strapi.db.query('api::venue.venue').findOne({ where: { documentId: spare.documentId } })).toBeNull();

    const busy = await createVenue(app, vendor, { name: 'Busy Barn' });
    const booked = await app
      .http()
      .post(app.api('/bookings/create'))
      .set(customer.auth)
      .send({ venue: busy.documentId, start: localTime(ZONE, 5, '10:00'), end: localTime(ZONE, 5, '12:00'), guests: 2 });
    expect(booked.status).toBe(201);
    const arch = await req('delete', `${MANAGE}/${busy.documentId}`, vendor);
    expect(arch.body.data).toEqual({ documentId: busy.documentId, outcome: 'archived' });
    const row = await app.strapi.db.query('api::venue.venue').findOne({ where: { documentId: busy.documentId } });
    expect(row.status).toBe('archived');
    expect(await searchNames('Busy Barn')).toEqual([]);
    expect((await req('put', `${MANAGE}/${busy.documentId}`, vendor, { description: 'x' })).status).toBe(409);
  });
});

describe('amenities and hours', () => {
  it('lists the catalogue and sets a venue’s amenities (search filters by them at once)', async () => {
    const cat = await req('get', `${D}/venues/management/amenities`, vendor);
    expect(cat.status).toBe(200);
    expect(cat.body.data.map((a: { slug: string }) => a.slug)).toEqual(['parking', 'wifi']);
    const set = await req('put', `${D}/venues/management/amenities/${venue.documentId}`, vendor, {
      amenities: ['parking', 'wifi'],
    });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ venue: venue.documentId, amenities: ['parking', 'wifi'] });
    const found = await app.http().get(app.api('/venues/search')).query({ amenities: 'parking' });
    expect(found.body.data.map((v: { documentId: string }) => v.documentId)).toContain(venue.documentId);
    const bad = await req('put', `${D}/venues/management/amenities/${venue.documentId}`, vendor, { amenities: ['Not A Slug'] });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain('amenities.0');
  });

  it('replaces weekly hours (several ranges, past midnight) and overrides; projection, search and events follow', async () => {
    const events = recordEvents(app);
    // Day 10 ahead, 20:00–01:00 local: closed under the 08:00–22:00 hours.
    const start = localTime(ZONE, 10, '22:00');
    const end = localTime(ZONE, 10, '23:30');
    const searchWindow = async () =>
      (await app.http().get(app.api('/venues/search')).query({ q: 'Harbour Hall Alpha', start, end })).body.data.map(
        (v: { documentId: string }) => v.documentId
      );
    expect(await searchWindow()).toEqual([]);

    const overrideDate = localTime(ZONE, 12, '12:00').slice(0, 10);
    const res = await req('put', HOURS, vendor, {
      venue: venue.documentId,
      weekly_hours: ALL_WEEK.flatMap((weekday) => [
        { weekday, opens: '08:00', closes: '12:00' },
        { weekday, opens: '14:00', closes: '02:00' },
      ]),
      date_overrides: [{ date: overrideDate, closed: true }],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.weekly_hours).toHaveLength(14);
    expect(res.body.data.date_overrides).toEqual([{ date: overrideDate, closed: true, opens: null, closes: null, note: null }]);
    expect(await searchWindow()).toEqual([venue.documentId]);
    expect(events.seen.some((e) => e.name === 'availability.changed' && e.payload.venue === venue.documentId)).toBe(true);
    events.stop();

    const got = await req('get', HOURS, vendor).query({ venue: venue.documentId });
    expect(got.body.data).toMatchObject({ venue: venue.documentId, timezone: ZONE });
    // The booking engine agrees: 22:00–23:30 is bookable now.
    const quote = await app
      .http()
      .get(app.api(`/venues/${venue.documentId}/quote`))
      .query({ start, end });
    expect(quote.status).toBe(200);
  });

  it('rejects unreadable hours with 400s naming the field', async () => {
    const dup = await req('put', HOURS, vendor, {
      venue: venue.documentId,
      weekly_hours: [],
      date_overrides: [
        { date: '2030-01-01', closed: true },
        { date: '2030-01-01', closed: true },
      ],
    });
    expect(dup.status).toBe(400);
    expect(fieldsOf(dup)).toContain('date_overrides.1.date');
    const open = await req('put', HOURS, vendor, {
      venue: venue.documentId,
      weekly_hours: [],
      date_overrides: [{ date: '2030-02-30', closed: false, opens: '10:00' }],
    });
    expect(open.status).toBe(400);
    expect(fieldsOf(open)).toEqual(expect.arrayContaining(['date_overrides.0.date', 'date_overrides.0.opens']));
  });
});

describe('calendar', () => {
  it('returns bookings with customer names, blocks, overrides, open and closed time in one payload', async () => {
    const cal = await createVenue(app, vendor, { name: 'Calendar Court' });
    const booked = await app
      .http()
      .post(app.api('/bookings/create'))
      .set(customer.auth)
      .send({ venue: cal.documentId, start: localTime(ZONE, 3, '10:00'), end: localTime(ZONE, 3, '12:00'), guests: 2 });
    expect(booked.status).toBe(201);
    const block = await req('post', `/vendor/venues/availability/blocked-dates`, vendor, {
      venue: cal.documentId,
      start: localTime(ZONE, 4, '08:00'),
      end: localTime(ZONE, 4, '22:00'),
      reason: 'Painting',
    });
    expect(block.status).toBe(201);
    const overrideDate = localTime(ZONE, 6, '12:00').slice(0, 10);
    await req('put', HOURS, vendor, {
      venue: cal.documentId,
      weekly_hours: ALL_WEEK.map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
      date_overrides: [{ date: overrideDate, closed: false, opens: '10:00', closes: '14:00', note: 'Short day' }],
    });
    const from = localTime(ZONE, 1, '00:00');
    const to = localTime(ZONE, 8, '00:00');
    for (const path of [`${D}/venues/availability/calendar`, `/vendor/bookings/calendar`, `${D}/bookings/calendar`]) {
      const res = await req('get', path, vendor).query({ venue: cal.documentId, from, to });
      expect(res.status).toBe(200);
      const data = res.body.data;
      expect(data.bookings).toEqual([
        expect.objectContaining({
          documentId: booked.body.data.documentId,
          status: 'pending_payment',
          start: new Date(localTime(ZONE, 3, '10:00')).toISOString(),
          customer: { documentId: customer.documentId, name: 'Ada Lovelace' },
        }),
      ]);
      expect(data.blocks).toEqual([
        expect.objectContaining({ documentId: block.body.data.documentId, source: 'manual', reason: 'Painting' }),
      ]);
      expect(data.overrides).toEqual([{ date: overrideDate, closed: false, opens: '10:00', closes: '14:00', note: null }]);
      // 7 local days: 6 full days of 14 h and the override's 4 h.
      const openMs = data.open.reduce(
        (sum: number, s: { start: string; end: string }) => sum + Date.parse(s.end) - Date.parse(s.start),
        0
      );
      const closedMs = data.closed.reduce(
        (sum: number, s: { start: string; end: string }) => sum + Date.parse(s.end) - Date.parse(s.start),
        0
      );
      expect(openMs).toBe((6 * 14 + 4) * 3_600_000);
      expect(openMs + closedMs).toBe(Date.parse(to) - Date.parse(from));
    }
  });

  it('refuses windows over 62 days and missing parameters', async () => {
    const from = new Date().toISOString();
    const res = await req('get', `${D}/venues/availability/calendar`, vendor).query({
      venue: venue.documentId,
      from,
      to: new Date(Date.now() + 63 * 86_400_000).toISOString(),
    });
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain('to');
    const none = await req('get', `${D}/venues/availability/calendar`, vendor).query({ venue: venue.documentId });
    expect(none.status).toBe(400);
    expect(fieldsOf(none)).toEqual(expect.arrayContaining(['from', 'to']));
  });
});

describe('both trees and ownership', () => {
  it('serves the seed tree with the same handlers', async () => {
    const res = await req('get', '/vendor/venues/manage', vendor);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBeGreaterThan(0);
    const hours = await req('get', '/vendor/venues/availability/special-hours', vendor).query({ venue: venue.documentId });
    expect(hours.status).toBe(200);
    const blocks = await req('get', '/vendor/venues/availability/blocked-dates', vendor).query({ venue: venue.documentId });
    expect(blocks.status).toBe(200);
    const imports = await req('get', '/vendor/venues/availability/ical-imports', vendor);
    expect(imports.status).toBe(200);
  });

  it('a second vendor gets 404 on every venue route with the first vendor’s venue', async () => {
    const v = venue.documentId;
    const day = new Date().toISOString();
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const attempts = [
      req('get', `${MANAGE}/${v}`, other),
      req('put', `${MANAGE}/${v}`, other, { description: 'mine now' }),
      req('delete', `${MANAGE}/${v}`, other),
      req('put', `${D}/venues/management/amenities/${v}`, other, { amenities: [] }),
      req('get', HOURS, other).query({ venue: v }),
      req('put', HOURS, other, { venue: v, weekly_hours: [], date_overrides: [] }),
      req('get', `${D}/venues/availability/calendar`, other).query({ venue: v, from: day, to: later }),
      req('get', `/vendor/bookings/calendar`, other).query({ venue: v, from: day, to: later }),
      req('get', `${D}/venues/management/media-upload/${v}`, other),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.data).toBeNull();
    }
    const row = await app.strapi.db
      .query('api::venue.venue')
      .findOne({ where: { documentId: v }, populate: { weekly_hours: true } });
    expect(row.description).not.toBe('mine now');
    expect(row.weekly_hours.length).toBeGreaterThan(0);
  });

  it('customers and anonymous callers are refused', async () => {
    expect((await req('get', MANAGE, customer)).status).toBe(403);
    expect((await app.http().get(app.api(MANAGE))).status).toBe(403);
  });
});
