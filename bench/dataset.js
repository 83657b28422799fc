'use strict';
/**
 * Benchmark dataset generator (issues 16 and 17): approved venues in many cities and time zones, with hours,
 * rules and amenities, bulk-written into Strapi's tables (names from Strapi's metadata; a sample is read back
 * through the Document Service), their opening ranges computed by the app's domain function, the search read
 * model rebuilt; and live booking slots bulk-inserted into `booking_slots` (the engine's table of held time: all
 * search and availability read of bookings). This JS path is the SQLite one (and Strapi-agnostic of the dialect);
 * on PostgreSQL `generate` uses the set-based bulk generator of bench/dataset-bulk.js instead (users, vendors,
 * venues with components and links, opening ranges, bookings with slots, payments and refunds; 10,000 venues /
 * 1,000,000 bookings in minutes).
 *
 * Bookings are spread so that they CANNOT collide: slot k of a venue lands on its own day (or its own 4-hour
 * lane of that day when a venue gets more bookings than days in the horizon), with guards of at most 30 min.
 * Any insert error fails the run (no row-by-row retry, no error flood in the server log). After loading, the
 * rows are counted and compared with what was asked; a difference fails loudly. ANALYZE runs at the end.
 *
 *   DATABASE_URL=postgres://… npm run bench:data -- --venues 10000 --bookings 1000000
 *
 * Use a throwaway database: the script adds data (tagged with a run id, so several runs can coexist).
 */
const crypto = require('node:crypto');
const path = require('node:path');

const DAY = 86_400_000;
const HOUR = 3_600_000;

const CITIES = [
  ['Berlin', 'DE', 52.52, 13.405, 'Europe/Berlin'],
  ['Hamburg', 'DE', 53.55, 9.99, 'Europe/Berlin'],
  ['Munich', 'DE', 48.137, 11.575, 'Europe/Berlin'],
  ['Paris', 'FR', 48.857, 2.352, 'Europe/Paris'],
  ['Lyon', 'FR', 45.764, 4.835, 'Europe/Paris'],
  ['Madrid', 'ES', 40.417, -3.704, 'Europe/Madrid'],
  ['Lisbon', 'PT', 38.722, -9.139, 'Europe/Lisbon'],
  ['London', 'GB', 51.507, -0.128, 'Europe/London'],
  ['Dublin', 'IE', 53.35, -6.26, 'Europe/Dublin'],
  ['Amsterdam', 'NL', 52.37, 4.895, 'Europe/Amsterdam'],
  ['Warsaw', 'PL', 52.23, 21.012, 'Europe/Warsaw'],
  ['Athens', 'GR', 37.984, 23.728, 'Europe/Athens'],
  ['Istanbul', 'TR', 41.008, 28.978, 'Europe/Istanbul'],
  ['Cairo', 'EG', 30.044, 31.236, 'Africa/Cairo'],
  ['Nairobi', 'KE', -1.292, 36.822, 'Africa/Nairobi'],
  ['Lagos', 'NG', 6.524, 3.379, 'Africa/Lagos'],
  ['Dubai', 'AE', 25.205, 55.271, 'Asia/Dubai'],
  ['Mumbai', 'IN', 19.076, 72.878, 'Asia/Kolkata'],
  ['Delhi', 'IN', 28.704, 77.102, 'Asia/Kolkata'],
  ['Kathmandu', 'NP', 27.717, 85.324, 'Asia/Kathmandu'],
  ['Bangkok', 'TH', 13.756, 100.502, 'Asia/Bangkok'],
  ['Singapore', 'SG', 1.352, 103.82, 'Asia/Singapore'],
  ['Tokyo', 'JP', 35.676, 139.65, 'Asia/Tokyo'],
  ['Seoul', 'KR', 37.566, 126.978, 'Asia/Seoul'],
  ['Sydney', 'AU', -33.869, 151.209, 'Australia/Sydney'],
  ['Adelaide', 'AU', -34.929, 138.601, 'Australia/Adelaide'],
  ['Auckland', 'NZ', -36.848, 174.763, 'Pacific/Auckland'],
  ['Honolulu', 'US', 21.307, -157.858, 'Pacific/Honolulu'],
  ['Los Angeles', 'US', 34.052, -118.244, 'America/Los_Angeles'],
  ['Denver', 'US', 39.739, -104.99, 'America/Denver'],
  ['Chicago', 'US', 41.878, -87.63, 'America/Chicago'],
  ['New York', 'US', 40.713, -74.006, 'America/New_York'],
  ['Toronto', 'CA', 43.653, -79.383, 'America/Toronto'],
  ['St. John’s', 'CA', 47.561, -52.713, 'America/St_Johns'],
  ['Mexico City', 'MX', 19.433, -99.133, 'America/Mexico_City'],
  ['Bogotá', 'CO', 4.711, -74.072, 'America/Bogota'],
  ['São Paulo', 'BR', -23.55, -46.633, 'America/Sao_Paulo'],
  ['Buenos Aires', 'AR', -34.604, -58.382, 'America/Argentina/Buenos_Aires'],
  ['Santiago', 'CL', -33.449, -70.669, 'America/Santiago'],
  ['Reykjavík', 'IS', 64.147, -21.942, 'Atlantic/Reykjavik'],
];
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Opening days: every day (most venues), weekdays only, closed on Mondays. */
const WEEKDAY_SETS = [WEEK, WEEK, WEEK, WEEK.slice(0, 5), WEEK.slice(1)];
const AMENITIES = ['wifi', 'projector', 'stage', 'kitchen', 'parking', 'garden', 'piano', 'accessible'];
const KINDS = ['Hall', 'Loft', 'Studio', 'Barn', 'Rooftop', 'Gallery', 'Ballroom', 'Garden room'];
const HOURS = [
  ['08:00', '22:00'],
  ['07:00', '23:00'],
  ['09:00', '18:00'],
  ['10:00', '02:00'],
  ['00:00', '00:00'],
];

/** Deterministic pseudo-random numbers (mulberry32). */
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** A one-line progress bar (redrawn in place on a terminal, one line per 10 % otherwise). */
const progress = (label, total) => {
  const started = Date.now();
  let lastDecile = -1;
  return (done) => {
    const ratio = total === 0 ? 1 : done / total;
    const bar = '█'.repeat(Math.round(ratio * 30)).padEnd(30, '░');
    const line = `[data] ${label.padEnd(13)} ${bar} ${String(done).padStart(String(total).length)}/${total} ${((Date.now() - started) / 1000).toFixed(0)} s`;
    if (process.stdout.isTTY) {
      process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    } else if (Math.floor(ratio * 10) !== lastDecile || done === total) {
      lastDecile = Math.floor(ratio * 10);
      console.log(line);
    }
  };
};

const isPostgres = (strapi) => strapi.db.dialect.client === 'postgres';

const documentIdOf = () => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < 24; i += 1) id += alphabet[crypto.randomInt(alphabet.length)];
  return id;
};

/**
 * Writes venues straight into Strapi's tables (venue rows, location and weekly-hours components with their
 * `_cmps` links, vendor and amenity links), with the column and table names Strapi's metadata gives, then their
 * opening ranges computed by the domain function the app uses. A Document Service create per venue costs ~50
 * statements; 10,000 of them took over an hour on this machine. `verifySample` then reads some of them back
 * through the Document Service to prove they are well-formed Strapi documents.
 */
const bulkVenues = async (strapi, specs, { distDir }) => {
  const db = strapi.db.connection;
  const pg = isPostgres(strapi);
  const meta = (uid) => strapi.db.metadata.get(uid);
  const venueMeta = meta('api::venue.venue');
  const join = (attribute) => venueMeta.attributes[attribute].joinTable;
  const location = join('location');
  const hours = join('weekly_hours');
  const vendorLink = join('vendor');
  const amenityLink = join('amenities');
  const tables = {
    venues: venueMeta.tableName,
    locations: meta('venue.location').tableName,
    hours: meta('availability.weekly-hours').tableName,
  };
  const nextId = async (table) => Number((await db(table).max({ m: 'id' }))[0].m ?? 0) + 1;
  const { openingIntervals } = require(path.join(distDir, 'src', 'domain', 'availability'));
  const { maxAdvanceDays } = await strapi.service('api::system-setting.settings').booking();
  const from = Math.floor(Date.now() / DAY) * DAY - DAY;
  const until = from + (maxAdvanceDays + 3) * DAY;
  const now = new Date();
  const instant = pg ? now : now.getTime();
  const documentIds = [];
  const bar = progress('venues', specs.length);
  const CHUNK = 250;
  let rangesWritten = 0;
  const vendorOrder = new Map();
  const rangeCache = new Map();
  for (let c = 0; c < specs.length; c += CHUNK) {
    const chunk = specs.slice(c, c + CHUNK);
    await strapi.db.transaction(async ({ trx }) => {
      let venueId = await nextId(tables.venues);
      let locationId = await nextId(tables.locations);
      let hoursId = await nextId(tables.hours);
      const rows = { venues: [], locations: [], hours: [], cmps: [], vendors: [], amenities: [], ranges: [], state: [] };
      for (const spec of chunk) {
        const id = venueId++;
        const documentId = documentIdOf();
        documentIds.push(documentId);
        rows.venues.push({
          id,
          document_id: documentId,
          name: spec.name,
          slug: spec.slug,
          description: spec.description,
          timezone: spec.timezone,
          capacity: spec.capacity,
          price_per_hour: spec.price_per_hour,
          currency: spec.currency,
          status: spec.status,
          booking_mode: 'instant',
          min_hours: spec.min_hours,
          max_hours: spec.max_hours,
          buffer_minutes: spec.buffer_minutes,
          notice_hours: spec.notice_hours,
          cancellation_policy: 'moderate',
          featured: spec.featured,
          rating_average: spec.rating_average,
          rating_count: spec.rating_count,
          created_at: instant,
          updated_at: instant,
          published_at: instant,
        });
        const loc = locationId++;
        rows.locations.push({ id: loc, ...spec.location, postal_code: null });
        rows.cmps.push({
          [location.joinColumn.name]: id,
          [location.inverseJoinColumn.name]: loc,
          component_type: 'venue.location',
          field: 'location',
          order: null,
        });
        spec.weekly_hours.forEach((h, k) => {
          const hid = hoursId++;
          rows.hours.push({ id: hid, ...h });
          rows.cmps.push({
            [hours.joinColumn.name]: id,
            [hours.inverseJoinColumn.name]: hid,
            component_type: 'availability.weekly-hours',
            field: 'weekly_hours',
            order: k + 1,
          });
        });
        const order = (vendorOrder.get(spec.vendor) ?? 0) + 1;
        vendorOrder.set(spec.vendor, order);
        rows.vendors.push({
          [vendorLink.joinColumn.name]: id,
          [vendorLink.inverseJoinColumn.name]: spec.vendor,
          ...(vendorLink.inverseOrderColumnName ? { [vendorLink.inverseOrderColumnName]: order } : {}),
        });
        spec.amenities.forEach((amenity, k) => {
          rows.amenities.push({
            [amenityLink.joinColumn.name]: id,
            [amenityLink.inverseJoinColumn.name]: amenity,
            ...(amenityLink.orderColumnName ? { [amenityLink.orderColumnName]: k + 1 } : {}),
            ...(amenityLink.inverseOrderColumnName ? { [amenityLink.inverseOrderColumnName]: 1 } : {}),
          });
        });
        const rules = { timezone: spec.timezone, weeklyHours: spec.weekly_hours, dateOverrides: [] };
        // Venues with the same zone and hours share their ranges (computing them is the costly part).
        const key = JSON.stringify(rules);
        if (!rangeCache.has(key)) rangeCache.set(key, openingIntervals(rules, { start: from, end: until }));
        for (const r of rangeCache.get(key)) {
          rows.ranges.push({ venue_document_id: documentId, start_ms: r.start, end_ms: r.end });
        }
        rows.state.push({
          venue_document_id: documentId,
          computed_from_ms: from,
          computed_until_ms: until,
          rules_hash: 'bench-bulk',
        });
      }
      const insert = async (table, list) => {
        for (let i = 0; i < list.length; i += 1000) await trx(table).insert(list.slice(i, i + 1000));
      };
      await insert(tables.venues, rows.venues);
      await insert(tables.locations, rows.locations);
      await insert(tables.hours, rows.hours);
      await insert(location.name, rows.cmps);
      await insert(vendorLink.name, rows.vendors);
      await insert(amenityLink.name, rows.amenities);
      await insert('venue_open_ranges', rows.ranges);
      await insert('venue_open_ranges_state', rows.state);
      rangesWritten += rows.ranges.length;
    });
    bar(Math.min(specs.length, c + CHUNK));
  }
  if (pg) {
    for (const table of [tables.venues, tables.locations, tables.hours, location.name, vendorLink.name, amenityLink.name]) {
      await db.raw(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`, [table, table]);
    }
  }
  console.log(`[data] opening ranges ${rangesWritten} rows`);
  return documentIds;
};

/** Reads `count` generated venues back through the Document Service and checks them against their specs. */
const verifySample = async (strapi, specs, documentIds, count = 25) => {
  for (let n = 0; n < Math.min(count, specs.length); n += 1) {
    const i = Math.floor((n * specs.length) / Math.min(count, specs.length));
    const venue = await strapi.documents('api::venue.venue').findOne({
      documentId: documentIds[i],
      populate: { location: true, weekly_hours: true, vendor: true, amenities: true },
    });
    const spec = specs[i];
    const problems = [];
    if (!venue) problems.push('not found');
    else {
      if (venue.name !== spec.name || venue.slug !== spec.slug || venue.status !== 'approved') problems.push('fields');
      if (venue.location?.city !== spec.location.city) problems.push('location');
      if ((venue.weekly_hours ?? []).length !== spec.weekly_hours.length) problems.push('weekly hours');
      if (venue.vendor?.id !== spec.vendor) problems.push('vendor');
      if (
        (venue.amenities ?? [])
          .map((a) => a.id)
          .sort()
          .join() !== [...spec.amenities].sort().join()
      )
        problems.push('amenities');
    }
    if (problems.length)
      throw new Error(`generated venue ${spec.slug} reads back wrong through the Document Service: ${problems.join(', ')}`);
  }
};

/** Slot k of n for one venue: its own day (or 3-hour lane), never overlapping another slot of the venue. */
const slotTimes = (firstDay, horizonDays, n, k, seed) => {
  const lanes = Math.max(1, Math.ceil(n / horizonDays));
  if (lanes > 4) throw new Error(`more than ${4 * horizonDays} bookings per venue do not fit the lanes of the horizon`);
  const day = Math.floor(k / lanes);
  const lane = k % lanes;
  const hours = 1 + (seed % 2); // 1 or 2 hours
  // Lanes start at 06, 10, 14 and 18 h UTC (+0/1 h): with at most 2 h and 30 min guards each side, a lane's guard
  // ends at or before the next lane's guard starts (ranges are half-open).
  const start = firstDay + day * DAY + (6 + lane * 4 + (seed % 2)) * HOUR;
  const guard = (seed % 3) * 15 * 60_000; // 0, 15 or 30 min on each side
  return { start, end: start + hours * HOUR, guardStart: start - guard, guardEnd: start + hours * HOUR + guard };
};

/**
 * Writes the dataset and verifies it. Returns what was asked, what was found and the ANALYZE time.
 * `options.runId` tags every row (venue slugs, vendor names, booking ids).
 */
const generate = async (strapi, { venues, bookings, runId = String(Date.now()), log = console.log, distDir } = {}) => {
  if (isPostgres(strapi)) {
    // PostgreSQL: set-based bulk load straight into Strapi's tables (bench/dataset-bulk.js).
    const { generateBulk, countBulk, checkCounts, verifyDocuments } = require('./dataset-bulk');
    const result = await generateBulk(strapi, { venues, bookings, runId, log, distDir });
    const found = await countBulk(strapi, runId);
    checkCounts(result.expected, found, log);
    await verifyDocuments(strapi, runId);
    log(
      `[data] loaded in ${(result.loadedMs / 1000).toFixed(0)} s; 20 venues with their bookings read back through the Document Service`
    );
    return {
      runId,
      asked: { venues, bookings },
      expected: result.expected,
      verification: found,
      steps: result.steps,
      analyzedAt: result.analyzedAt,
      loadedMs: result.loadedMs,
      loadFinishedAt: result.loadFinishedAt,
    };
  }
  const rnd = random(1617);
  const started = Date.now();
  log(`[data] ${strapi.db.dialect.client}: ${venues} venues, ${bookings} bookings (run ${runId})`);

  const amenityIds = [];
  for (const slug of AMENITIES) {
    const found = await strapi.db.query('api::amenity.amenity').findOne({ where: { slug }, select: ['id'] });
    amenityIds.push(
      found ? found.id : (await strapi.documents('api::amenity.amenity').create({ data: { name: slug, slug } })).id
    );
  }

  const vendorCount = Math.max(1, Math.ceil(venues / 200));
  const vendorIds = [];
  const vendorBar = progress('vendors', vendorCount);
  for (let i = 0; i < vendorCount; i += 1) {
    const user = await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username: `bench-${runId}-${i}`,
        email: `bench-${runId}-${i}@example.test`,
        password: 'bench-password-1',
        provider: 'local',
        confirmed: true,
      });
    const vendor = await strapi.documents('api::vendor-profile.vendor-profile').create({
      data: { user: user.id, business_name: `Bench Venues ${i}`, verification_status: 'approved' },
    });
    vendorIds.push(vendor.id);
    vendorBar(i + 1);
  }

  // Every random choice is drawn up front, so the parallel writers do not change the dataset.
  const specs = Array.from({ length: venues }, (_, i) => {
    const [city, country, lat, lng, timezone] = CITIES[i % CITIES.length];
    const [opens, closes] = HOURS[Math.floor(rnd() * HOURS.length)];
    return {
      name: `Bench ${KINDS[Math.floor(rnd() * KINDS.length)]} ${i}`,
      slug: `bench-${runId}-${i}`,
      description: `A ${['bright', 'quiet', 'spacious', 'cosy'][i % 4]} space for events in ${city}.`,
      vendor: vendorIds[i % vendorIds.length],
      status: 'approved',
      timezone,
      location: {
        address: `${i} Bench Street`,
        city,
        country,
        lat: lat + (rnd() - 0.5) * 0.3,
        lng: lng + (rnd() - 0.5) * 0.3,
      },
      capacity: 10 + Math.floor(rnd() * 300),
      price_per_hour: 2000 + Math.floor(rnd() * 60) * 500,
      currency: 'EUR',
      amenities: amenityIds.filter(() => rnd() < 0.35),
      featured: rnd() < 0.05,
      rating_average: Math.round(rnd() * 50) / 10,
      rating_count: Math.floor(rnd() * 40),
      min_hours: 1,
      max_hours: 12,
      buffer_minutes: [0, 15, 30][i % 3],
      notice_hours: 0,
      weekly_hours: WEEKDAY_SETS[Math.floor(rnd() * WEEKDAY_SETS.length)].map((weekday) => ({ weekday, opens, closes })),
    };
  });
  const venueDocumentIds = await bulkVenues(strapi, specs, { runId, distDir });
  // The bulk path bypasses the Document Service middleware: rebuild the search read model in one statement.
  const readModel = strapi.service('api::venue.search-read-model');
  if (readModel) await readModel.rebuild();
  const horizonDays = 360;
  const firstDay = Math.ceil(Date.now() / DAY) * DAY + DAY;
  const slotBar = progress('bookings', bookings);
  const batch = [];
  let written = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await strapi.db.connection('booking_slots').insert(batch); // an error here fails the run: no silent retries
    written += batch.length;
    batch.length = 0;
    slotBar(written);
  };
  const perVenue = Math.floor(bookings / Math.max(1, venues));
  const extra = bookings - perVenue * venues;
  for (let v = 0; v < venues && bookings > 0; v += 1) {
    const n = perVenue + (v < extra ? 1 : 0);
    for (let k = 0; k < n; k += 1) {
      const seed = (v * 7919 + k * 104_729) >>> 0;
      const t = slotTimes(firstDay, horizonDays, n, k, seed);
      batch.push({
        booking_document_id: `bench-${runId}-${v}-${k}`,
        venue_document_id: venueDocumentIds[v],
        customer_id: null,
        start_ms: t.start,
        end_ms: t.end,
        guard_start_ms: t.guardStart,
        guard_end_ms: t.guardEnd,
        expires_at_ms: null,
        status: 'confirmed',
        active: true,
      });
      if (batch.length === 2000) await flush();
    }
  }
  await flush();
  const loadedMs = Date.now() - started;
  const loadFinishedAt = Date.now();

  const analyzeStarted = Date.now();
  await strapi.db.connection.raw('analyze');
  const analyzedAt = new Date().toISOString();
  log(`[data] ANALYZE done in ${((Date.now() - analyzeStarted) / 1000).toFixed(1)} s`);

  await verifySample(strapi, specs, venueDocumentIds);
  const verification = await verify(strapi, { venues, bookings, runId });
  log(`[data] loaded in ${(loadedMs / 1000).toFixed(0)} s`);
  return { runId, asked: { venues, bookings }, verification, analyzedAt, loadedMs, loadFinishedAt };
};

/** Counts what a run wrote (Strapi's venues, the search read model, opening ranges, booking slots); throws on a difference. */
const verify = async (strapi, { venues, bookings, runId }) => {
  if (isPostgres(strapi)) {
    // A bulk run (bench/dataset-bulk.js): 1 booking in 20 is cancelled (inactive slot, refunded payment).
    const { countBulk, checkCounts } = require('./dataset-bulk');
    const found = await countBulk(strapi, runId);
    const cancelled = Math.floor(bookings / 20);
    const expected = {
      venues,
      venues_in_read_model: venues,
      venues_with_open_ranges: venues,
      bookings,
      booking_slots: bookings,
      live_booking_slots: bookings - cancelled,
      payments: bookings,
      refunds: cancelled,
    };
    checkCounts(expected, found);
    return found;
  }
  const db = strapi.db.connection;
  const count = async (query) => Number(Object.values((await query)[0])[0]);
  const venueTable = strapi.db.metadata.get('api::venue.venue').tableName;
  const found = {
    venues: await count(db(venueTable).where('slug', 'like', `bench-${runId}-%`).count({ n: '*' })),
    venues_in_read_model: (await db.schema.hasTable('venue_search'))
      ? await count(
          db('venue_search as rs')
            .join(`${venueTable} as v`, 'v.id', 'rs.venue_id')
            .where('v.slug', 'like', `bench-${runId}-%`)
            .count({ n: '*' })
        )
      : null,
    venues_with_open_ranges: await count(
      db(`${venueTable} as v`)
        .where('v.slug', 'like', `bench-${runId}-%`)
        .whereExists(db('venue_open_ranges as r').whereRaw('r.venue_document_id = v.document_id').select(db.raw('1')))
        .count({ n: '*' })
    ),
    bookings: await count(
      db('booking_slots').where('booking_document_id', 'like', `bench-${runId}-%`).andWhere('active', true).count({ n: '*' })
    ),
  };
  const rows = [
    ['venues', venues, found.venues],
    ['venues in read model', venues, found.venues_in_read_model],
    ['venues with open ranges', venues, found.venues_with_open_ranges],
    ['live booking slots', bookings, found.bookings],
  ];
  for (const [label, asked, got] of rows) {
    if (got === null) {
      console.log(`[data] ${label.padEnd(24)} asked ${String(asked).padStart(8)}  (no such table in this build)`);
      continue;
    }
    console.log(
      `[data] ${label.padEnd(24)} asked ${String(asked).padStart(8)}  found ${String(got).padStart(8)}  ${asked === got ? 'ok' : 'MISMATCH'}`
    );
  }
  const bad = rows.filter(([, asked, got]) => got !== null && asked !== got);
  if (bad.length)
    throw new Error(`dataset verification failed: ${bad.map(([label, a, g]) => `${label} asked ${a}, found ${g}`).join('; ')}`);
  return found;
};

module.exports = { generate, verify, CITIES, slotTimes };

if (require.main === module) {
  const arg = (name, fallback) => {
    const index = process.argv.indexOf(`--${name}`);
    return index > -1 ? Number(process.argv[index + 1]) : fallback;
  };
  (async () => {
    process.env.CRON_ENABLED = 'false';
    const { loadStrapi } = require('../scripts/boot');
    const { strapi, distDir } = await loadStrapi({ logLevel: 'error' });
    try {
      const venues = arg('venues', 2000);
      const bookings = arg('bookings', 200_000);
      const result = await generate(strapi, { venues, bookings, distDir });
      // Recorded like bench/search.js does, so `npm run bench -- --reuse` benchmarks this dataset.
      const db = strapi.db.connection;
      if (await db.schema.hasTable('venue_search_state')) {
        await db('venue_search_state').where({ key: 'bench.dataset' }).delete();
        await db('venue_search_state').insert({
          key: 'bench.dataset',
          value: JSON.stringify({ runId: result.runId, venues, bookings }),
        });
      }
      console.log(`[data] run ${result.runId} verified; ANALYZE at ${result.analyzedAt}`);
    } finally {
      await strapi.destroy();
    }
  })().then(
    () => process.exit(0),
    (error) => {
      console.error('[data] failed:', error.message ?? error);
      process.exit(1);
    }
  );
}
