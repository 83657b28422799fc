import { DateTime } from 'luxon';
import { appService } from '../../src/api/app-services';
import { startApp, type TestApp } from '../harness/app';
import { createBooking } from '../harness/bookings';
import { createCustomer, createVendor, type TestVendor } from '../harness/users';
import { statementsOfRequest } from '../harness/statements';
import { createVenue } from '../harness/venues';
import referenceSearch from './reference-search';

/**
 * The search read model (docs/search.md): it stays equal to what its projection computes from Strapi's tables
 * after every kind of write, a search sends a small fixed number of SQL statements, and on random data the
 * search answers exactly as the pre-read-model query (tests/search/reference-search.ts) did.
 */

let app: TestApp;
let vendor: TestVendor;

const readModel = () => appService(app.strapi, 'api::venue.search-read-model');
const search = () => appService(app.strapi, 'api::venue.venue-search');

/** The stored read model equals the projection of Strapi's tables right now (and is not trivially empty). */
const expectConsistent = async (minimumRows = 1) => {
  const { stored, expected, storedBlocks, expectedBlocks } = await readModel().compare();
  expect(stored).toEqual(expected);
  expect(storedBlocks).toEqual(expectedBlocks);
  expect(stored.length).toBeGreaterThanOrEqual(minimumRows);
};
const rowOf = async (documentId: string) =>
  (await app.strapi.db.connection('venue_search').where({ document_id: documentId }).first()) as
    Record<string, unknown> | undefined;

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
});
afterAll(async () => {
  await app?.stop();
});

describe('the search read model stays in step with every write', () => {
  it('venue create, update, hide and delete', async () => {
    const venue = await createVenue(app, vendor, { name: 'Consistency Hall', price_per_hour: 4200 });
    await expectConsistent();
    expect(await rowOf(venue.documentId)).toMatchObject({ name_lc: 'consistency hall', city_lc: 'berlin' });

    await app.strapi.documents('api::venue.venue').update({
      documentId: venue.documentId,
      data: {
        price_per_hour: 9900,
        location: { address: '2 Elbe', city: 'Dresden', country: 'DE', postal_code: '01067', lat: 51.05, lng: 13.74 },
      } as never,
    });
    await expectConsistent();
    expect(Number((await rowOf(venue.documentId))?.price_per_hour)).toBe(9900);
    expect((await rowOf(venue.documentId))?.city_lc).toBe('dresden');

    await app.strapi
      .documents('api::venue.venue')
      .update({ documentId: venue.documentId, data: { status: 'suspended' } as never });
    await expectConsistent(0);
    expect(await rowOf(venue.documentId)).toBeUndefined();
    await app.strapi
      .documents('api::venue.venue')
      .update({ documentId: venue.documentId, data: { status: 'approved' } as never });
    expect(await rowOf(venue.documentId)).toBeDefined();

    await app.strapi.documents('api::venue.venue').delete({ documentId: venue.documentId });
    await expectConsistent(0);
    expect(await rowOf(venue.documentId)).toBeUndefined();
  });

  it('vendor verification status hides and shows all of its venues', async () => {
    const other = await createVendor(app);
    const a = await createVenue(app, other);
    const b = await createVenue(app, other);
    await app.strapi
      .documents('api::vendor-profile.vendor-profile')
      .update({ documentId: other.profile.documentId, data: { verification_status: 'suspended' } as never });
    await expectConsistent(0);
    expect(await rowOf(a.documentId)).toBeUndefined();
    expect(await rowOf(b.documentId)).toBeUndefined();
    await app.strapi
      .documents('api::vendor-profile.vendor-profile')
      .update({ documentId: other.profile.documentId, data: { verification_status: 'approved' } as never });
    await expectConsistent(2);
    expect(await rowOf(a.documentId)).toBeDefined();

    await app.strapi.documents('api::vendor-profile.vendor-profile').delete({ documentId: other.profile.documentId });
    await expectConsistent(0);
    expect(await rowOf(a.documentId)).toBeUndefined();
  });

  it('amenities: attach, rename and delete', async () => {
    const amenity = await app.strapi
      .documents('api::amenity.amenity')
      .create({ data: { name: 'Piano', slug: 'piano' } as never });
    const venue = await createVenue(app, vendor, { amenities: [amenity.id] });
    await expectConsistent();
    expect(String((await rowOf(venue.documentId))?.amenities)).toContain('piano');

    await app.strapi
      .documents('api::amenity.amenity')
      .update({ documentId: amenity.documentId, data: { slug: 'grand-piano' } as never });
    await expectConsistent();
    expect(String((await rowOf(venue.documentId))?.amenities)).toContain('grand-piano');

    await app.strapi.documents('api::amenity.amenity').delete({ documentId: amenity.documentId });
    await expectConsistent();
    expect(String((await rowOf(venue.documentId))?.amenities)).not.toContain('piano');
  });

  it('blocked periods: create, move to another venue and delete', async () => {
    const first = await createVenue(app, vendor);
    const second = await createVenue(app, vendor);
    const block = await app.strapi.documents('api::blocked-period.blocked-period').create({
      data: { venue: first.id, start_datetime: '2031-01-01T10:00:00.000Z', end_datetime: '2031-01-01T12:00:00.000Z' } as never,
    });
    await expectConsistent();
    const blocksOf = (documentId: string) =>
      app.strapi.db.connection('venue_search_blocks').where({ venue_document_id: documentId }).select('start_ms', 'end_ms');
    expect((await blocksOf(first.documentId)).map((r) => Number(r.start_ms))).toEqual([Date.parse('2031-01-01T10:00:00Z')]);

    await app.strapi
      .documents('api::blocked-period.blocked-period')
      .update({ documentId: block.documentId, data: { venue: second.id } as never });
    await expectConsistent();
    expect(await blocksOf(first.documentId)).toEqual([]);
    expect(await blocksOf(second.documentId)).toHaveLength(1);

    await app.strapi.documents('api::blocked-period.blocked-period').delete({ documentId: block.documentId });
    await expectConsistent();
    expect(await blocksOf(second.documentId)).toEqual([]);
  });

  it('a rebuild gives the same rows, and a failed write leaves no trace in the read model', async () => {
    const before = await readModel().compare();
    await readModel().rebuild();
    const after = await readModel().compare();
    expect(after.stored).toEqual(before.stored);

    // A write that fails after the refresh rolls back both: the read model never shows an uncommitted venue.
    const venue = await createVenue(app, vendor, { name: 'Rollback Hall' });
    await expect(
      app.strapi.db.transaction(async () => {
        await app.strapi
          .documents('api::venue.venue')
          .update({ documentId: venue.documentId, data: { price_per_hour: 1 } as never });
        throw new Error('abort');
      })
    ).rejects.toThrow('abort');
    expect(Number((await rowOf(venue.documentId))?.price_per_hour)).toBe(10000);
    await expectConsistent();
  });

  it('concurrent refreshes of the same venues (and a rebuild among them) all succeed and leave one row each', async () => {
    const venue = await createVenue(app, vendor, { name: 'Busy Refresh Hall' });
    const other = await createVenue(app, vendor, { name: 'Other Refresh Hall' });
    // Two calendar feeds of one venue syncing at once refresh it in two transactions: both used to insert its row.
    const results = await Promise.allSettled([
      ...Array.from({ length: 8 }, (_, i) =>
        readModel().refresh({ documentIds: i % 2 ? [venue.documentId, other.documentId] : [other.documentId, venue.documentId] })
      ),
      readModel().rebuild(),
    ]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const rows = await app.strapi.db.connection('venue_search').whereIn('document_id', [venue.documentId, other.documentId]);
    expect(rows).toHaveLength(2);
    await expectConsistent();
  });
});

describe('statements per search', () => {
  it('a search sends a small fixed number of SQL statements, whatever the filters and the number of hits', async () => {
    const wifi = await app.strapi
      .documents('api::amenity.amenity')
      .create({ data: { name: 'Wi-Fi', slug: 'wifi-count' } as never });
    for (let i = 0; i < 6; i += 1) {
      await createVenue(app, vendor, {
        name: `Counting Hall ${i}`,
        amenities: [wifi.id],
        location: { address: 'C', city: 'Leipzig', country: 'DE', postal_code: '04109', lat: 51.34, lng: 12.37 },
      });
    }
    const start = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 5 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const window = { start: start.toUTC().toISO(), end: start.plus({ hours: 2 }).toUTC().toISO() };
    const queries: Record<string, unknown>[] = [
      { city: 'Leipzig' },
      { city: 'Leipzig', ...window },
      { q: 'counting', amenities: 'wifi-count', price_min: 100, ...window },
      { lat: 51.34, lng: 12.37, radius_km: 5, sort: 'distance', ...window },
      { ...window, guests: 5, pageSize: 100 },
      { city: 'Leipzig', page: 9 },
    ];
    // Warm up: Strapi's own first-request work (core store, upload folder stats) is not the search's.
    await app.http().get(app.api('/venues/search')).query(queries[1]);
    const sqlite = app.database.client === 'sqlite';
    for (const query of queries) {
      const { response, statements: sent } = await statementsOfRequest(app.strapi, () =>
        app.http().get(app.api('/venues/search')).query(query)
      );
      expect(response.status).toBe(200);
      if (query.city === 'Leipzig' && !query.page) expect(response.body.data).toHaveLength(6);
      // Users-permissions' public-role read (Strapi's, 1) + the page with its total (1) + the hits' rows and images (2);
      // with a window also the settings (1), the hits' pricing rules (1) and, on SQLite only, the distinct zones (1);
      // past the last page a count instead of the hits' rows.
      const budget = query.start ? (sqlite ? 7 : 6) : 4;
      expect(sent.length).toBeGreaterThanOrEqual(2); // the request's own statements were seen
      expect({ query, statements: sent.length <= budget ? 'within budget' : sent }).toEqual({
        query,
        statements: 'within budget',
      });
    }
    // No search reads Strapi's component or link tables for filtering: only the hits' views do (Strapi's aliases t0…).
    const { statements: sent } = await statementsOfRequest(app.strapi, () =>
      app.http().get(app.api('/venues/search')).query(queries[2])
    );
    const ours = sent.filter((sql) => /\bas [`"]rs[`"]/.test(sql));
    expect(ours).toHaveLength(1);
    expect(ours[0]).not.toMatch(/_lnk\b|_cmps\b|components_/);
    expect(sent.filter((sql) => /select distinct/i.test(sql) && /timezone/.test(sql))).toHaveLength(
      app.database.client === 'postgres' ? 0 : 1
    );
  });
});

describe('settings within a request', () => {
  it('are read once per request, and a change applies to the next request', async () => {
    const venue = await createVenue(app, vendor);
    const availability = () => app.http().get(app.api(`/venues/${venue.documentId}/availability`));
    await availability(); // warm-up
    const { response, statements: sent } = await statementsOfRequest(app.strapi, availability);
    expect(response.status).toBe(200);
    // The controller (window limit) and the catalog (granularity) both ask: one read.
    expect(sent.filter((sql) => /system_settings/.test(sql))).toHaveLength(1);

    await app.strapi.db
      .query('api::system-setting.system-setting')
      .update({ where: { key: 'booking.max_window_days' }, data: { value: 3 } });
    try {
      expect((await availability()).status).toBe(400); // default window is 7 days
    } finally {
      await app.strapi.db
        .query('api::system-setting.system-setting')
        .update({ where: { key: 'booking.max_window_days' }, data: { value: 62 } });
    }
    expect((await availability()).status).toBe(200);
  });
});

describe('same answers as the reference query', () => {
  /** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  it('on random venues, blocks, bookings and queries', async () => {
    const rnd = random(16_17);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
    const places = [
      { city: 'Kathmandu', country: 'NP', lat: 27.7, lng: 85.32, timezone: 'Asia/Kathmandu' },
      { city: 'Adelaide', country: 'AU', lat: -34.93, lng: 138.6, timezone: 'Australia/Adelaide' },
      { city: 'Mumbai', country: 'IN', lat: 19.07, lng: 72.87, timezone: 'Asia/Kolkata' },
      { city: 'Boston', country: 'US', lat: 42.36, lng: -71.06, timezone: 'America/New_York' },
      { city: 'Porto', country: 'PT', lat: 41.15, lng: -8.61, timezone: 'Europe/Lisbon' },
    ] as const;
    const slugs = ['projector', 'garden', 'kitchen'];
    const amenityIds: number[] = [];
    for (const slug of slugs) {
      amenityIds.push(
        Number((await app.strapi.documents('api::amenity.amenity').create({ data: { name: slug, slug } as never })).id)
      );
    }
    const vendors = [vendor, await createVendor(app)];
    const created: { id: number; documentId: string }[] = [];
    for (let i = 0; i < 36; i += 1) {
      const place = pick(places);
      const opens = pick(['00:00', '07:00', '08:30', '12:00', '18:00']);
      const closes = pick(['00:00', '14:00', '22:00', '23:30', '03:00']);
      created.push(
        await createVenue(app, pick(vendors), {
          name: `${pick(['Loft', 'Hall', 'Studio', 'Barn'])} ${pick(['North', 'South', 'River'])} ${i}`,
          description: pick(['A bright room', 'Quiet garden hall', null]),
          timezone: place.timezone,
          location: {
            address: `${i} Random Road`,
            city: place.city,
            country: place.country,
            postal_code: null,
            lat: place.lat + (rnd() - 0.5) * 0.2,
            lng: place.lng + (rnd() - 0.5) * 0.2,
          },
          capacity: 5 + Math.floor(rnd() * 200),
          price_per_hour: 1000 + Math.floor(rnd() * 20) * 500,
          currency: pick(['EUR', 'EUR', 'USD']),
          amenities: amenityIds.filter(() => rnd() < 0.5),
          featured: rnd() < 0.2,
          rating_average: Math.floor(rnd() * 50) / 10,
          rating_count: Math.floor(rnd() * 5),
          min_hours: pick([0.5, 1, 2]),
          max_hours: pick([null, 4, 8]),
          buffer_minutes: pick([0, 15, 30, 60]),
          notice_hours: pick([0, 0, 24, 400]),
          status: rnd() < 0.9 ? 'approved' : 'pending_approval',
          weekly_hours: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
            .filter(() => rnd() < 0.85)
            .map((weekday) => ({ weekday, opens, closes: closes === opens ? '23:00' : closes })),
        })
      );
    }
    const now = Date.now();
    const day0 = Math.ceil(now / 86_400_000) * 86_400_000 + 86_400_000;
    const HALF_HOUR = 1_800_000;
    // Live slots (some expired holds, some inactive), never overlapping at one venue; and blocked periods.
    const slots: Record<string, unknown>[] = [];
    created.forEach((venue, v) => {
      let cursor = day0 + Math.floor(rnd() * 48) * HALF_HOUR;
      for (let k = 0; k < 8; k += 1) {
        const start = cursor + Math.floor(rnd() * 8) * HALF_HOUR;
        const end = start + (1 + Math.floor(rnd() * 6)) * HALF_HOUR;
        const guard = pick([0, 15, 30]) * 60_000;
        slots.push({
          booking_document_id: `ref-${v}-${k}`,
          venue_document_id: venue.documentId,
          customer_id: null,
          start_ms: start,
          end_ms: end,
          guard_start_ms: start - guard,
          guard_end_ms: end + guard,
          expires_at_ms: rnd() < 0.2 ? now - 1000 : rnd() < 0.2 ? now + 3_600_000 : null,
          status: 'confirmed',
          active: rnd() < 0.85,
        });
        cursor = end + guard * 2 + HALF_HOUR;
      }
    });
    await app.strapi.db.connection('booking_slots').insert(slots);
    for (const venue of created.filter(() => rnd() < 0.3)) {
      const start = day0 + Math.floor(rnd() * 200) * HALF_HOUR;
      await app.strapi.documents('api::blocked-period.blocked-period').create({
        data: {
          venue: venue.id,
          start_datetime: new Date(start).toISOString(),
          end_datetime: new Date(start + (1 + Math.floor(rnd() * 20)) * HALF_HOUR).toISOString(),
        } as never,
      });
    }
    await expectConsistent(20);

    const reference = referenceSearch({ strapi: app.strapi });
    let compared = 0;
    let withHits = 0;
    for (let i = 0; i < 120; i += 1) {
      const place = pick(places);
      const query: Record<string, unknown> = {
        sort: pick(['relevance', 'price_asc', 'price_desc', 'rating', 'newest', 'relevance']),
        page: 1,
        pageSize: pick([5, 25, 100]),
      };
      if (rnd() < 0.3) query.city = place.city.toUpperCase();
      if (rnd() < 0.1) query.country = place.country.toLowerCase();
      if (rnd() < 0.2) query.q = pick(['loft', 'garden', 'river', 'MUM', '%', 'o']);
      if (rnd() < 0.2) query.guests = 1 + Math.floor(rnd() * 150);
      if (rnd() < 0.2) query.price_max = 2000 + Math.floor(rnd() * 10_000);
      if (rnd() < 0.1) query.price_min = 3000;
      if (rnd() < 0.1) query.currency = 'usd';
      if (rnd() < 0.2) query.amenities = slugs.filter(() => rnd() < 0.5);
      if (rnd() < 0.3) {
        query.lat = place.lat;
        query.lng = place.lng;
        if (rnd() < 0.7) query.radius_km = pick([1, 5, 12, 50]);
        if (rnd() < 0.5) query.sort = 'distance';
      }
      if (rnd() < 0.7) {
        const start = day0 + Math.floor(rnd() * 20 * 96) * (HALF_HOUR / 2);
        query.start = start;
        query.end = start + (1 + Math.floor(rnd() * 12)) * HALF_HOUR;
      }
      if (rnd() < 0.1) query.page = 2;
      const expected = await reference.search(query as never, { now });
      const actual = await search().search(query as never, { now });
      expect({ query, pagination: actual.pagination, data: actual.data }).toEqual({
        query,
        pagination: expected.pagination,
        data: expected.data,
      });
      compared += 1;
      if (expected.data.length > 0) withHits += 1;
    }
    expect(compared).toBe(120);
    // The random queries are not all empty: most find something.
    expect(withHits).toBeGreaterThan(40);
  });
});

describe('a booking made through the API takes the venue out of search for that window', () => {
  it('and cancelling nothing else changes', async () => {
    const customer = await createCustomer(app);
    const venue = await createVenue(app, vendor, {
      location: { address: 'D', city: 'Kiel', country: 'DE', postal_code: '24103', lat: 54.32, lng: 10.14 },
    });
    const start = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 6 })
      .set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
    const query = { city: 'Kiel', start: start.toUTC().toISO(), end: start.plus({ hours: 2 }).toUTC().toISO() };
    const ids = async () =>
      ((await app.http().get(app.api('/venues/search')).query(query)).body.data as { documentId: string }[]).map(
        (v) => v.documentId
      );
    expect(await ids()).toEqual([venue.documentId]);
    const res = await createBooking(app, customer, {
      venue: venue.documentId,
      start: start.plus({ hours: 1 }).toUTC().toISO() as string,
      end: start.plus({ hours: 3 }).toUTC().toISO() as string,
      guests: 2,
    });
    expect(res.status).toBe(201);
    expect(await ids()).toEqual([]);
  });
});
