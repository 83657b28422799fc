import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { icsCalendar, icsEvent, startIcsServer, type IcsServer } from './ics-server';

/**
 * Manual blocked dates (409 over live bookings), the private export feed (token as credential, bookings
 * with first name and reference only, holds tentative, ETag) and DST-correct all-day imports.
 */
const ZONE = 'Europe/Berlin';
const BASE = '/vendor-dashboard/venues/availability';
const at = (day: number, clock: string) => localTime(ZONE, day, clock);
const iso = (value: string) => new Date(value).toISOString();

let app: TestApp;
let ics: IcsServer;
let vendor: TestVendor;
let customer: TestUser;
let venue: TestVenue;
let confirmed: { documentId: string; reference: string };
let hold: { documentId: string; reference: string };
const seen: { name: string; payload: Record<string, unknown> }[] = [];

const post = (path: string, body: unknown, user: TestUser = vendor) =>
  app
    .http()
    .post(app.api(path))
    .set(user.auth)
    .send(body as object);
const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  ics = await startIcsServer();
  app = await startApp({ env: { ICAL_ALLOW_PRIVATE_HOSTS: 'true' } });
  vendor = await createVendor(app);
  customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
  venue = await createVenue(app, vendor);
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);

  const engine = app.strapi.service('api::booking.booking-engine');
  const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId);
  const window = { start: Date.parse(at(3, '10:00')), end: Date.parse(at(3, '12:00')) };
  const quote = await engine.quoteFor(bookable, { ...window, guests: 4 }, Date.now());
  const id = await engine.importBooking({
    venue: bookable,
    customerId: customer.id,
    window,
    guests: 4,
    status: 'confirmed',
    paymentStatus: 'paid',
    quote,
  });
  const row = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId: id } });
  confirmed = { documentId: id, reference: row.reference };
  const held = await createBooking(app, customer, {
    venue: venue.documentId,
    start: at(4, '10:00'),
    end: at(4, '11:00'),
    guests: 2,
  });
  expect(held.status).toBe(201);
  hold = { documentId: held.body.data.documentId, reference: held.body.data.reference };

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
  const { eventBus } = require(`${app.strapi.dirs.dist.root}/src/infra/event-bus`);
  eventBus.subscribe('availability.changed', (payload: Record<string, unknown>) =>
    seen.push({ name: 'availability.changed', payload })
  );
});
afterAll(async () => {
  await app?.stop();
  await ics?.close();
});

describe('manual blocked dates', () => {
  let blockId: string;

  it('creates a block (201) that availability honours, with the reason as plain text', async () => {
    seen.length = 0;
    const res = await post(`${BASE}/blocked-dates`, {
      venue: venue.documentId,
      start: at(5, '08:00'),
      end: at(5, '12:00'),
      reason: '<b>Floor</b> repairs',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({
      documentId: expect.any(String),
      venue: venue.documentId,
      start: iso(at(5, '08:00')),
      end: iso(at(5, '12:00')),
      reason: 'Floor repairs',
      source: 'manual',
      feed: null,
      created_at: expect.any(String),
    });
    blockId = res.body.data.documentId;
    const availability = await app
      .http()
      .get(app.api(`/venues/${venue.documentId}/availability`))
      .query({ from: at(5, '00:00'), to: at(6, '00:00') });
    expect(availability.body.data.busy).toContainEqual({ start: iso(at(5, '08:00')), end: iso(at(5, '12:00')), kind: 'blocked' });
    await flush();
    expect(seen.map((e) => e.payload)).toContainEqual({
      venue: venue.documentId,
      from: iso(at(5, '08:00')),
      to: iso(at(5, '12:00')),
      reason: 'blocked',
    });
  });

  it.each([
    ['the confirmed booking', () => [at(3, '11:00'), at(3, '15:00')], () => confirmed],
    ['the unpaid hold', () => [at(4, '09:00'), at(4, '10:30')], () => hold],
  ])('refuses a block over %s with 409 listing it, and creates nothing', async (_label, window, booking) => {
    const [start, end] = window();
    const before = await app.strapi.db.query('api::blocked-period.blocked-period').count({});
    const res = await post(`${BASE}/blocked-dates`, { venue: venue.documentId, start, end });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 409, name: 'ConflictError', details: { reason: 'BOOKINGS_CLASH' } },
    });
    expect(res.body.error.details.bookings).toEqual([
      expect.objectContaining({ documentId: booking().documentId, reference: booking().reference }),
    ]);
    expect(await app.strapi.db.query('api::blocked-period.blocked-period').count({})).toBe(before);
  });

  it('allows a block right next to a booking', async () => {
    const res = await post(`${BASE}/blocked-dates`, { venue: venue.documentId, start: at(3, '12:00'), end: at(3, '14:00') });
    expect(res.status).toBe(201);
  });

  it.each([
    ['end before start', () => ({ start: at(7, '12:00'), end: at(7, '10:00') })],
    ['only the past', () => ({ start: at(-3, '12:00'), end: at(-2, '10:00') })],
    ['more than a year', () => ({ start: at(7, '12:00'), end: at(380, '10:00') })],
    ['a date without zone', () => ({ start: '2030-01-01T10:00:00', end: at(7, '10:00') })],
    ['an unknown field', () => ({ start: at(7, '10:00'), end: at(7, '12:00'), source: 'ical' })],
  ])('rejects %s with 400', async (_label, make) => {
    const res = await post(`${BASE}/blocked-dates`, { venue: venue.documentId, ...make() });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('lists blocks by window and source, paginated', async () => {
    const res = await app
      .http()
      .get(app.api(`${BASE}/blocked-dates`))
      .set(vendor.auth)
      .query({ venue: venue.documentId, from: at(5, '00:00'), to: at(6, '00:00'), source: 'manual' });
    expect(res.status).toBe(200);
    expect(res.body.data.map((b: { documentId: string }) => b.documentId)).toEqual([blockId]);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 1 });
    expect(
      (
        await app
          .http()
          .get(app.api(`${BASE}/blocked-dates`))
          .set(vendor.auth)
          .query({ pageSize: 500 })
      ).status
    ).toBe(400);
  });

  it('deletes a manual block; imported blocks are changed at their source (409)', async () => {
    seen.length = 0;
    const res = await app
      .http()
      .delete(app.api(`${BASE}/blocked-dates/${blockId}`))
      .set(vendor.auth);
    expect(res.status).toBe(200);
    expect(await app.strapi.db.query('api::blocked-period.blocked-period').count({ where: { documentId: blockId } })).toBe(0);
    await flush();
    expect(seen.map((e) => e.payload.reason)).toContain('unblocked');

    ics.set('/imported.ics', icsCalendar(icsEvent('imp@x', at(9, '10:00'), at(9, '12:00'), 'SUMMARY:Imported thing')));
    const feed = await post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/imported.ics') });
    expect(feed.body.data.sync.created).toBe(1);
    const imported = await app
      .http()
      .get(app.api(`${BASE}/blocked-dates`))
      .set(vendor.auth)
      .query({ source: 'ical' });
    const importedId = imported.body.data[0].documentId;
    const refused = await app
      .http()
      .delete(app.api(`${BASE}/blocked-dates/${importedId}`))
      .set(vendor.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'IMPORTED_BLOCK', feed: feed.body.data.feed.documentId });
  });
});

describe('private export feed', () => {
  let token: string;
  let url: string;
  const feedPath = (t: string) => app.api(`${BASE}/ical-export/${t}`);

  beforeAll(async () => {
    await post(`${BASE}/blocked-dates`, {
      venue: venue.documentId,
      start: at(6, '08:00'),
      end: at(6, '10:00'),
      reason: 'Maintenance',
    });
  });

  it('creates a secret URL (201); only a hash of its token is stored', async () => {
    const res = await post(`${BASE}/ical-export`, { venue: venue.documentId });
    expect(res.status).toBe(201);
    token = res.body.data.token;
    url = res.body.data.url;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toMatch(new RegExp(`/api/v1${BASE}/ical-export/${token}$`));
    expect(res.body.data.venue).toBe(venue.documentId);
    const row = await app.strapi.db.query('api::venue.venue').findOne({ where: { id: venue.id }, select: ['ical_export_token'] });
    expect(row.ical_export_token).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(row.ical_export_token).not.toContain(token);
  });

  it('serves bookings with first name and reference (never e-mail), holds as tentative, manual blocks; no sign-in needed', async () => {
    const res = await app.http().get(new URL(url).pathname);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const text = res.text.replace(/\r\n[ \t]/g, '');
    const vevents = text.split('BEGIN:VEVENT').slice(1);
    const booked = vevents.find((v) => v.includes(confirmed.reference))!;
    expect(booked).toContain(`SUMMARY:Booking ${confirmed.reference} · Ada`);
    expect(booked).toContain('STATUS:CONFIRMED');
    const held = vevents.find((v) => v.includes(hold.reference))!;
    expect(held).toContain(`SUMMARY:Hold ${hold.reference} · Ada`);
    expect(held).toContain('STATUS:TENTATIVE');
    expect(vevents.some((v) => v.includes('SUMMARY:Blocked: Maintenance'))).toBe(true);
    // Imported blocks are not echoed back out.
    expect(text).not.toContain('Imported thing');
    for (const secret of [customer.email, customer.username, 'Lovelace']) expect(text).not.toContain(secret);
  });

  it('answers 304 to a matching If-None-Match and changes its ETag when the data changes', async () => {
    const first = await app.http().get(feedPath(token));
    const same = await app.http().get(feedPath(token)).set('If-None-Match', first.headers.etag);
    expect(same.status).toBe(304);
    await post(`${BASE}/blocked-dates`, {
      venue: venue.documentId,
      start: at(7, '08:00'),
      end: at(7, '10:00'),
      reason: 'Painting',
    });
    const changed = await app.http().get(feedPath(token)).set('If-None-Match', first.headers.etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.text).toContain('Blocked: Painting');
  });

  it('404s unknown and malformed tokens, and the old token after a rotation', async () => {
    for (const bad of [crypto.randomBytes(32).toString('base64url'), 'short', 'a'.repeat(64)]) {
      const res = await app.http().get(feedPath(bad));
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
    const rotated = await post(`${BASE}/ical-export`, { venue: venue.documentId });
    expect(rotated.body.data.token).not.toBe(token);
    expect((await app.http().get(feedPath(token))).status).toBe(404);
    expect((await app.http().get(feedPath(rotated.body.data.token))).status).toBe(200);
  });
});

describe('all-day imports on a DST day (Europe/Berlin)', () => {
  it('blocks the whole local day, 23 or 25 hours long, and refuses bookings in it', async () => {
    // The next local date (within the booking horizon) whose day is not 24 h long.
    let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 2 });
    while (day.plus({ days: 1 }).diff(day, 'hours').hours === 24) day = day.plus({ days: 1 });
    const next = day.plus({ days: 1 });
    const hours = next.diff(day, 'hours').hours;
    expect([23, 25]).toContain(hours);

    const dstVenue = await createVenue(app, vendor);
    const date = (d: DateTime) => d.toFormat('yyyyMMdd');
    ics.set(
      '/dst.ics',
      icsCalendar(
        [
          'BEGIN:VEVENT',
          'UID:dst@x',
          'DTSTAMP:20260101T000000Z',
          `DTSTART;VALUE=DATE:${date(day)}`,
          `DTEND;VALUE=DATE:${date(next)}`,
          'SUMMARY:Closed',
          'END:VEVENT',
        ].join('\r\n')
      )
    );
    const res = await post(`${BASE}/ical-imports`, { venue: dstVenue.documentId, url: ics.url('/dst.ics') });
    expect(res.body.data.sync).toMatchObject({ status: 'ok', created: 1 });

    const blocks = await app
      .http()
      .get(app.api(`${BASE}/blocked-dates`))
      .set(vendor.auth)
      .query({ venue: dstVenue.documentId });
    expect(blocks.body.data).toHaveLength(1);
    expect(blocks.body.data[0]).toMatchObject({ start: day.toUTC().toISO(), end: next.toUTC().toISO() });
    expect((Date.parse(blocks.body.data[0].end) - Date.parse(blocks.body.data[0].start)) / 3_600_000).toBe(hours);

    const availability = await app
      .http()
      .get(app.api(`/venues/${dstVenue.documentId}/availability`))
      .query({ from: day.toUTC().toISO()!, to: next.toUTC().toISO()! });
    expect(availability.body.data.free).toEqual([]);
    const booking = await createBooking(app, customer, {
      venue: dstVenue.documentId,
      start: day.set({ hour: 10 }).toUTC().toISO(),
      end: day.set({ hour: 12 }).toUTC().toISO(),
      guests: 2,
    });
    expect(booking.status).toBe(400);
    expect(booking.body.error.details.reason).toBe('BLOCKED');
    // The days around it stay bookable.
    const after = await createBooking(app, customer, {
      venue: dstVenue.documentId,
      start: next.set({ hour: 10 }).toUTC().toISO(),
      end: next.set({ hour: 12 }).toUTC().toISO(),
      guests: 2,
    });
    expect(after.status).toBe(201);
  });
});
