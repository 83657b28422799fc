import { DateTime } from 'luxon';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { icsCalendar, icsEvent, startIcsServer, type IcsServer } from './ics-server';

/**
 * iCal imports end to end: a local calendar server serves .ics text the tests change between syncs;
 * the vendor registers it, events become blocked periods that availability, search, booking creation and
 * the public busy feed honour, updates move and remove blocks, clashes with live bookings are kept and
 * flagged, and every other vendor's data is a 404.
 */
const ZONE = 'Europe/Berlin';
const BASE = '/vendor-dashboard/venues/availability';
const at = (day: number, clock: string) => localTime(ZONE, day, clock);

let app: TestApp;
let ics: IcsServer;
let vendor: TestVendor;
let otherVendor: TestVendor;
let customer: TestUser;
let venue: TestVenue;
let events: { name: string; payload: Record<string, unknown> }[];
let unsubscribe: () => void;

const get = (path: string, user: TestUser = vendor) => app.http().get(app.api(path)).set(user.auth);
const post = (path: string, body: unknown, user: TestUser = vendor) =>
  app
    .http()
    .post(app.api(path))
    .set(user.auth)
    .send(body as object);
const del = (path: string, user: TestUser = vendor) => app.http().delete(app.api(path)).set(user.auth);

const blocksOf = async (feedDocumentId: string) =>
  (
    (await app.strapi.db.query('api::blocked-period.blocked-period').findMany({
      where: { calendar_feed: { documentId: feedDocumentId } },
      orderBy: { start_datetime: 'asc' },
    })) as { start_datetime: string; end_datetime: string; reason: string; source: string; external_uid: string }[]
  ).map((b) => ({
    start: new Date(b.start_datetime).toISOString(),
    end: new Date(b.end_datetime).toISOString(),
    reason: b.reason,
    source: b.source,
    key: b.external_uid,
  }));

const iso = (value: string) => new Date(value).toISOString();
const flush = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  ics = await startIcsServer();
  app = await startApp({ env: { ICAL_ALLOW_PRIVATE_HOSTS: 'true' } });
  vendor = await createVendor(app);
  otherVendor = await createVendor(app);
  customer = await createCustomer(app, { first_name: 'Ada' });
  venue = await createVenue(app, vendor);
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
  const { eventBus } = require(`${app.strapi.dirs.dist.root}/src/infra/event-bus`);
  events = [];
  const stops = ['availability.changed', 'calendar.conflict'].map((name) =>
    eventBus.subscribe(name, (payload: Record<string, unknown>) => events.push({ name, payload }))
  );
  unsubscribe = () => stops.forEach((stop: () => void) => stop());
});
afterAll(async () => {
  unsubscribe?.();
  await app?.stop();
  await ics?.close();
});

describe('registering an import and syncing it', () => {
  let feedId: string;

  it("turns the feed's events into blocked periods at once (POST answers 201 with the sync result)", async () => {
    ics.set(
      '/airbnb.ics',
      icsCalendar(
        icsEvent('stay-1@airbnb', at(5, '10:00'), at(5, '14:00'), 'SUMMARY:Reserved'),
        icsEvent('stay-2@airbnb', at(6, '12:00'), at(6, '16:00'), 'SUMMARY:Not <b>available</b>'),
        icsEvent('gone@airbnb', at(7, '12:00'), at(7, '16:00'), 'STATUS:CANCELLED')
      )
    );
    events.length = 0;
    const res = await post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/airbnb.ics'), name: 'Airbnb' });
    expect(res.status).toBe(201);
    expect(res.body.data.feed).toMatchObject({
      venue: venue.documentId,
      name: 'Airbnb',
      url: ics.url('/airbnb.ics'),
      last_status: 'ok',
      last_error: null,
      event_count: 2,
      conflicts: [],
    });
    expect(res.body.data.sync).toMatchObject({
      status: 'ok',
      created: 2,
      updated: 0,
      removed: 0,
      events: 2,
      skipped: { cancelled: 1 },
    });
    feedId = res.body.data.feed.documentId;

    expect(await blocksOf(feedId)).toEqual([
      { start: iso(at(5, '10:00')), end: iso(at(5, '14:00')), reason: 'Reserved', source: 'ical', key: 'stay-1@airbnb' },
      { start: iso(at(6, '12:00')), end: iso(at(6, '16:00')), reason: 'Not available', source: 'ical', key: 'stay-2@airbnb' },
    ]);
    await flush();
    expect(events.find((e) => e.name === 'availability.changed')?.payload).toMatchObject({
      venue: venue.documentId,
      from: iso(at(5, '10:00')),
      to: iso(at(6, '16:00')),
      reason: 'calendar_sync',
    });
  });

  it('shows the blocks as unavailable, refuses bookings inside them and hides the venue from search for that window', async () => {
    const availability = await app
      .http()
      .get(app.api(`/venues/${venue.documentId}/availability`))
      .query({ from: at(5, '00:00'), to: at(6, '00:00') });
    expect(availability.status).toBe(200);
    expect(availability.body.data.busy).toContainEqual({ start: iso(at(5, '10:00')), end: iso(at(5, '14:00')), kind: 'blocked' });
    expect(availability.body.data.free).toEqual([
      { start: iso(at(5, '08:00')), end: iso(at(5, '10:00')) },
      { start: iso(at(5, '14:00')), end: iso(at(5, '22:00')) },
    ]);

    const booking = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(5, '13:00'),
      end: at(5, '15:00'),
      guests: 2,
    });
    expect(booking.status).toBe(400);
    expect(booking.body.error.details.reason).toBe('BLOCKED');
    const quote = await app
      .http()
      .get(app.api(`/venues/${venue.documentId}/quote`))
      .query({ start: at(5, '11:00'), end: at(5, '12:00') });
    expect(quote.body.error.details.reason).toBe('BLOCKED');

    const search = (start: string, end: string) =>
      app.http().get(app.api('/venues/search')).query({ start, end, city: 'Berlin', pageSize: 100 });
    const blocked = await search(at(5, '11:00'), at(5, '12:00'));
    expect(blocked.status).toBe(200);
    expect(blocked.body.data.map((v: { documentId: string }) => v.documentId)).not.toContain(venue.documentId);
    const free = await search(at(5, '15:00'), at(5, '16:00'));
    expect(free.body.data.map((v: { documentId: string }) => v.documentId)).toContain(venue.documentId);
  });

  it("lists the imported blocks among the vendor's blocked dates, with their feed", async () => {
    const res = await get(`${BASE}/blocked-dates?venue=${venue.documentId}&source=ical`);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toMatchObject({ total: 2 });
    expect(res.body.data[0]).toMatchObject({
      source: 'ical',
      reason: 'Reserved',
      feed: { documentId: feedId, name: 'Airbnb' },
      venue: venue.documentId,
    });
  });

  it('puts imported blocks into the public busy feed, with an ETag and a short max-age (304 when unchanged)', async () => {
    const path = app.api(`/venues/${venue.documentId}/calendar.ics`);
    const first = await app
      .http()
      .get(path)
      .query({ from: at(5, '00:00'), to: at(7, '00:00') });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.text).toContain('SUMMARY:Unavailable');
    const dt = (value: string) => DateTime.fromISO(value, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
    expect(first.text).toContain(`DTSTART:${dt(at(5, '10:00'))}`);
    expect(first.text).not.toContain('Reserved');
    const again = await app
      .http()
      .get(path)
      .query({ from: at(5, '00:00'), to: at(7, '00:00') })
      .set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    // The default window is stable within the hour too.
    const a = await app.http().get(path);
    const b = await app.http().get(path).set('If-None-Match', a.headers.etag);
    expect([a.status, b.status]).toEqual([200, 304]);
  });

  it('moves, adds and removes blocks as the feed changes; an unchanged feed is a 304 that touches nothing', async () => {
    ics.set(
      '/airbnb.ics',
      icsCalendar(
        icsEvent('stay-1@airbnb', at(5, '16:00'), at(5, '18:00'), 'SUMMARY:Reserved'),
        icsEvent('stay-3@airbnb', at(8, '09:00'), at(8, '11:00'), 'SUMMARY:Reserved')
      )
    );
    events.length = 0;
    const res = await post(`${BASE}/ical-imports/${feedId}/sync`, {});
    expect(res.status).toBe(200);
    expect(res.body.data.sync).toMatchObject({ status: 'ok', created: 1, updated: 1, removed: 1, unchanged: 0, events: 2 });
    expect(await blocksOf(feedId)).toEqual([
      { start: iso(at(5, '16:00')), end: iso(at(5, '18:00')), reason: 'Reserved', source: 'ical', key: 'stay-1@airbnb' },
      { start: iso(at(8, '09:00')), end: iso(at(8, '11:00')), reason: 'Reserved', source: 'ical', key: 'stay-3@airbnb' },
    ]);
    // The old time is bookable again; the new one is not.
    const freed = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(6, '13:00'),
      end: at(6, '15:00'),
      guests: 2,
    });
    expect(freed.status).toBe(201);
    const moved = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(5, '16:00'),
      end: at(5, '17:00'),
      guests: 2,
    });
    expect(moved.body.error.details.reason).toBe('BLOCKED');
    await flush();
    expect(events.filter((e) => e.name === 'availability.changed').map((e) => e.payload)).toContainEqual(
      expect.objectContaining({
        venue: venue.documentId,
        from: iso(at(5, '10:00')),
        to: iso(at(8, '11:00')),
        reason: 'calendar_sync',
      })
    );

    const requestsBefore = ics.requests.length;
    events.length = 0;
    const unchanged = await post(`${BASE}/ical-imports/${feedId}/sync`, {});
    expect(unchanged.body.data.sync).toMatchObject({ status: 'not_modified', created: 0, updated: 0, removed: 0 });
    expect(unchanged.body.data.feed.last_status).toBe('not_modified');
    expect(ics.requests[requestsBefore].ifNoneMatch).toMatch(/^"/);
    expect(await blocksOf(feedId)).toHaveLength(2);
    await flush();
    expect(events.filter((e) => e.name === 'availability.changed')).toEqual([]);
  });

  it('keeps the blocks and records the error when the calendar server fails', async () => {
    ics.fail('/airbnb.ics', 503);
    const res = await post(`${BASE}/ical-imports/${feedId}/sync`, {});
    expect(res.status).toBe(200);
    expect(res.body.data.sync).toMatchObject({ status: 'error', error: expect.stringContaining('HTTP 503') });
    expect(res.body.data.feed).toMatchObject({ last_status: 'error', last_error: expect.stringContaining('HTTP 503') });
    expect(await blocksOf(feedId)).toHaveLength(2);

    ics.set('/airbnb.ics', 'this is not a calendar');
    const garbage = await post(`${BASE}/ical-imports/${feedId}/sync`, {});
    expect(garbage.body.data.sync).toMatchObject({ status: 'error', error: expect.stringMatching(/not an iCalendar/) });
    expect(await blocksOf(feedId)).toHaveLength(2);
  });

  it('refuses a second import of the same URL for the venue (409) and bad bodies (400)', async () => {
    const dup = await post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/airbnb.ics') });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ name: 'ConflictError', details: { reason: 'FEED_EXISTS', feed: feedId } });
    for (const body of [
      { venue: venue.documentId },
      { venue: venue.documentId, url: 'ftp://x/y.ics' },
      { venue: venue.documentId, url: ics.url('/a.ics'), extra: 1 },
      { url: ics.url('/a.ics') },
    ]) {
      const res = await post(`${BASE}/ical-imports`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    }
  });

  it('removes an import together with its blocks', async () => {
    ics.set('/other.ics', icsCalendar(icsEvent('x@other', at(9, '10:00'), at(9, '12:00'))));
    const created = await post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/other.ics') });
    const id = created.body.data.feed.documentId;
    expect(await blocksOf(id)).toHaveLength(1);
    events.length = 0;
    const res = await del(`${BASE}/ical-imports/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.data.documentId).toBe(id);
    expect(await blocksOf(id)).toEqual([]);
    expect(await app.strapi.db.query('api::calendar-feed.calendar-feed').count({ where: { documentId: id } })).toBe(0);
    await flush();
    expect(events.find((e) => e.name === 'availability.changed')?.payload).toMatchObject({
      reason: 'calendar_removed',
      from: iso(at(9, '10:00')),
    });
    expect((await del(`${BASE}/ical-imports/${id}`)).status).toBe(404);
  });
});

describe('overlaps with live bookings', () => {
  it('keeps the imported block, flags the booking on the feed and publishes calendar.conflict once', async () => {
    const engine = app.strapi.service('api::booking.booking-engine');
    const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId);
    const window = { start: Date.parse(at(12, '10:00')), end: Date.parse(at(12, '13:00')) };
    const quote = await engine.quoteFor(bookable, { ...window, guests: 2 }, Date.now());
    const confirmed = await engine.importBooking({
      venue: bookable,
      customerId: customer.id,
      window,
      guests: 2,
      status: 'confirmed',
      paymentStatus: 'paid',
      quote,
    });
    const hold = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(12, '15:00'),
      end: at(12, '16:00'),
      guests: 2,
    });
    expect(hold.status).toBe(201);

    ics.set(
      '/clash.ics',
      icsCalendar(
        icsEvent('wedding@gcal', at(12, '12:00'), at(12, '18:00'), 'SUMMARY:Private wedding'),
        icsEvent('free@gcal', at(13, '12:00'), at(13, '18:00'))
      )
    );
    events.length = 0;
    const res = await post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/clash.ics'), name: 'Google' });
    expect(res.status).toBe(201);
    const feedId = res.body.data.feed.documentId;
    expect(res.body.data.sync).toMatchObject({ status: 'ok', created: 2 });
    expect(await blocksOf(feedId)).toHaveLength(2);
    const flagged = res.body.data.sync.conflicts.map((c: { booking: string }) => c.booking).sort();
    expect(flagged).toEqual([confirmed, hold.body.data.documentId].sort());
    expect(res.body.data.sync.conflicts.find((c: { booking: string }) => c.booking === confirmed)).toMatchObject({
      status: 'confirmed',
      reference: expect.stringMatching(/^TOF-/),
      booking_start: iso(at(12, '10:00')),
      block_start: iso(at(12, '12:00')),
      summary: 'Private wedding',
    });
    expect(res.body.data.feed.conflicts).toHaveLength(2);
    // The bookings are untouched.
    const row = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId: confirmed } });
    expect(row.status).toBe('confirmed');
    await flush();
    const conflictEvents = events.filter((e) => e.name === 'calendar.conflict');
    expect(conflictEvents).toHaveLength(1);
    expect(conflictEvents[0].payload).toEqual({
      venue: venue.documentId,
      vendor_user: vendor.id,
      feed: feedId,
      bookings: expect.arrayContaining([confirmed, hold.body.data.documentId]),
    });

    // Still clashing at the next sync: still listed, not published again.
    events.length = 0;
    ics.set('/clash.ics', icsCalendar(icsEvent('wedding@gcal', at(12, '12:00'), at(12, '18:00'), 'SUMMARY:Private wedding')));
    const again = await post(`${BASE}/ical-imports/${feedId}/sync`, {});
    expect(again.body.data.sync.conflicts).toHaveLength(2);
    await flush();
    expect(events.filter((e) => e.name === 'calendar.conflict')).toEqual([]);

    const list = await get(`${BASE}/ical-imports?venue=${venue.documentId}`);
    expect(list.body.data.find((f: { documentId: string }) => f.documentId === feedId).conflicts).toHaveLength(2);
  });
});

describe('the periodic job', () => {
  it('syncs every due feed in batches; one failing feed is recorded and the others go on', async () => {
    const jobVenue = await createVenue(app, vendor);
    const feedIds: string[] = [];
    for (const name of ['one', 'two', 'broken', 'four', 'five']) {
      if (name === 'broken') ics.fail(`/job-${name}.ics`, 500);
      else ics.set(`/job-${name}.ics`, icsCalendar(icsEvent(`${name}@job`, at(20, '10:00'), at(20, '11:00'))));
      const feed = await app.strapi.documents('api::calendar-feed.calendar-feed').create({
        data: { venue: jobVenue.id, url: ics.url(`/job-${name}.ics`), name, last_status: 'never' } as never,
      });
      feedIds.push(feed.documentId);
    }
    const now = Date.now();
    const summary = await app.strapi.service('api::calendar-feed.calendar-sync').runScheduled({ now, batchSize: 2 });
    expect(summary.failed).toBe(1);
    expect(summary.synced).toBeGreaterThanOrEqual(4);
    const feeds = await app.strapi.db
      .query('api::calendar-feed.calendar-feed')
      .findMany({ where: { documentId: { $in: feedIds } } });
    expect(feeds.map((f: { name: string; last_status: string }) => [f.name, f.last_status]).sort()).toEqual([
      ['broken', 'error'],
      ['five', 'ok'],
      ['four', 'ok'],
      ['one', 'ok'],
      ['two', 'ok'],
    ]);
    for (const id of feedIds.filter((_, i) => i !== 2)) expect(await blocksOf(id)).toHaveLength(1);

    // Five minutes later nothing is due; after the interval everything is again.
    const requests = ics.requests.length;
    const soon = await app.strapi.service('api::calendar-feed.calendar-sync').runScheduled({ now: now + 5 * 60_000 });
    expect(soon.feeds).toBe(0);
    expect(ics.requests.length).toBe(requests);
    const later = await app.strapi.service('api::calendar-feed.calendar-sync').runScheduled({ now: now + 11 * 60_000 });
    expect(later.feeds).toBeGreaterThanOrEqual(5);
  });
});

describe('SSRF guard', () => {
  const withGuard = async (work: () => Promise<void>) => {
    process.env.ICAL_ALLOW_PRIVATE_HOSTS = 'false';
    try {
      await work();
    } finally {
      process.env.ICAL_ALLOW_PRIVATE_HOSTS = 'true';
    }
  };

  it.each([
    (port: number) => `http://127.0.0.1:${port}/airbnb.ics`,
    (port: number) => `http://localhost:${port}/airbnb.ics`,
    () => 'http://[::1]/a.ics',
    () => 'http://169.254.169.254/latest/meta-data',
    () => 'http://10.0.0.7/a.ics',
    () => 'http://192.168.1.1/a.ics',
    () => 'http://[::ffff:127.0.0.1]/a.ics',
    () => 'webcal://0.0.0.0/a.ics',
  ])('refuses a private or loopback host without contacting it (%#)', async (make) => {
    await withGuard(async () => {
      const requests = ics.requests.length;
      const res = await post(`${BASE}/ical-imports`, { venue: venue.documentId, url: make(ics.port) });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'ValidationError', details: { reason: 'HOST_NOT_ALLOWED' } });
      expect(ics.requests.length).toBe(requests);
    });
  });

  it('checks again when it connects: a feed whose host now resolves to a private address fails its sync', async () => {
    ics.set('/later.ics', icsCalendar(icsEvent('later@x', at(21, '10:00'), at(21, '11:00'))));
    const created = await post(`${BASE}/ical-imports`, {
      venue: venue.documentId,
      url: `http://localhost:${ics.port}/later.ics`,
    });
    expect(created.body.data.sync.status).toBe('ok');
    await withGuard(async () => {
      const requests = ics.requests.length;
      const res = await post(`${BASE}/ical-imports/${created.body.data.feed.documentId}/sync`, {});
      expect(res.body.data.sync).toMatchObject({ status: 'error', error: expect.stringMatching(/non-public/) });
      expect(ics.requests.length).toBe(requests);
    });
  });
});

describe("ownership: another vendor's venue, feed or block does not exist", () => {
  let feedId: string;
  let manualBlock: string;

  beforeAll(async () => {
    const feeds = await get(`${BASE}/ical-imports?venue=${venue.documentId}`);
    feedId = feeds.body.data[0].documentId;
    const block = await post(`${BASE}/blocked-dates`, { venue: venue.documentId, start: at(30, '08:00'), end: at(30, '12:00') });
    manualBlock = block.body.data.documentId;
  });

  it('answers 404 to the other vendor everywhere', async () => {
    const responses = await Promise.all([
      get(`${BASE}/ical-imports?venue=${venue.documentId}`, otherVendor),
      post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/x.ics') }, otherVendor),
      post(`${BASE}/ical-imports/${feedId}/sync`, {}, otherVendor),
      del(`${BASE}/ical-imports/${feedId}`, otherVendor),
      get(`${BASE}/blocked-dates?venue=${venue.documentId}`, otherVendor),
      post(`${BASE}/blocked-dates`, { venue: venue.documentId, start: at(31, '08:00'), end: at(31, '09:00') }, otherVendor),
      del(`${BASE}/blocked-dates/${manualBlock}`, otherVendor),
      post(`${BASE}/ical-export`, { venue: venue.documentId }, otherVendor),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    }
    // Their own lists are simply empty.
    const own = await get(`${BASE}/ical-imports`, otherVendor);
    expect(own.body).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    // Nothing changed.
    expect(await app.strapi.db.query('api::calendar-feed.calendar-feed').count({ where: { documentId: feedId } })).toBe(1);
    expect(await app.strapi.db.query('api::blocked-period.blocked-period').count({ where: { documentId: manualBlock } })).toBe(1);
  });

  it('answers a malformed request with the same 400 whoever owns the venue it names', async () => {
    const cases: [TestUser, () => Promise<{ status: number; body: { error: { name: string; message: string } } }>][] = [];
    for (const user of [vendor, otherVendor]) {
      cases.push(
        [
          user,
          () => post(`${BASE}/blocked-dates`, { venue: 'not a documentId!', start: at(31, '08:00'), end: at(31, '09:00') }, user),
        ],
        [
          user,
          () => post(`${BASE}/blocked-dates`, { venue: venue.documentId, start: at(31, '09:00'), end: at(31, '08:00') }, user),
        ],
        [user, () => get(`${BASE}/blocked-dates?venue=${venue.documentId}&pageSize=500`, user)],
        [user, () => get(`${BASE}/ical-imports?venue=not%20an%20id`, user)],
        [user, () => post(`${BASE}/ical-imports`, { venue: venue.documentId, url: ics.url('/x.ics'), extra: 1 }, user)],
        [user, () => post(`${BASE}/ical-export`, {}, user)]
      );
    }
    const answers = await Promise.all(cases.map(([, send]) => send()));
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    }
    // The owner and the other vendor get the very same error for each request.
    const half = answers.length / 2;
    expect(answers.slice(half).map((res) => res.body.error)).toEqual(answers.slice(0, half).map((res) => res.body.error));
    expect(answers[1].body.error.message).toBe('end: must be after start');
  });

  it('keeps customers and the public out of the vendor routes', async () => {
    expect((await get(`${BASE}/ical-imports`, customer)).status).toBe(403);
    expect(
      (await post(`${BASE}/blocked-dates`, { venue: venue.documentId, start: at(31, '08:00'), end: at(31, '09:00') }, customer))
        .status
    ).toBe(403);
    expect((await app.http().get(app.api(`${BASE}/blocked-dates`))).status).toBe(403);
  });
});
