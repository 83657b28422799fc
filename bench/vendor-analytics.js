'use strict';
/**
 * Vendor analytics benchmark (PostgreSQL only): creates a throwaway database, lets Strapi sync its schema, seeds
 * venues, bookings, payments, refunds, reviews and the opening-hours projection with set-based SQL
 * (generate_series), checks the row counts it seeded, runs ANALYZE, then times every vendor analytics call (and
 * the booking lists) over HTTP for a typical vendor (5 venues) and a large one (10 % of all venues) and prints
 * p50/p95 per call; the report is saved to bench/reports/vendor-analytics-<timestamp>.json. The database is
 * dropped at the end (--keep keeps it).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/vendor-analytics.js
 *   DATABASE_URL=… node bench/vendor-analytics.js --venues 1000 --bookings 100000 --requests 20 [--no-compile] [--keep]
 *
 * Target: p95 ≤ 200 ms per call at 10,000 venues / 1,000,000 bookings.
 */
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > -1 ? Number(process.argv[index + 1]) : fallback;
};
const flag = (name) => process.argv.includes(`--${name}`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const VENUES = arg('venues', 10_000);
const BOOKINGS = arg('bookings', 1_000_000);
const CUSTOMERS = arg('customers', 20_000);
const REQUESTS = arg('requests', 40);
const TYPICAL_VENUES = 5;
const LARGE_VENUES = Math.max(TYPICAL_VENUES + 1, Math.floor(VENUES / 10));
const DAY = 86_400_000;

const withDatabase = (url, name) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

const main = async () => {
  const base = process.env.DATABASE_URL;
  if (!base || !base.startsWith('postgres'))
    throw new Error('set DATABASE_URL to a PostgreSQL server (the benchmark creates its own database)');
  const dbName = `tofimotia_bench_vendor_${Date.now()}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  process.env.DATABASE_URL = withDatabase(base, dbName);
  process.env.RATE_LIMIT = 'off';
  process.env.CRON_ENABLED = 'false';
  delete process.env.REDIS_URL;
  console.log(`[bench] database ${dbName}: ${VENUES} venues, ${BOOKINGS} bookings, ${CUSTOMERS} customers`);

  // --no-compile reuses dist/ from an earlier build (the compile takes minutes on a busy machine).
  const { loadStrapi, appDir } = require('../scripts/boot');
  const { strapi } = flag('no-compile')
    ? await (async () => {
        const instance = require('@strapi/strapi').createStrapi({
          appDir,
          distDir: path.join(appDir, 'dist'),
          autoReload: false,
          serveAdminPanel: false,
        });
        instance.log.level = 'error';
        await instance.load();
        return { strapi: instance };
      })()
    : await loadStrapi({ logLevel: 'error' });
  let failed = null;
  try {
    await run(strapi);
  } catch (error) {
    failed = error;
  }
  await strapi.destroy();
  if (!flag('keep')) {
    const cleanup = new Client({ connectionString: base });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await cleanup.end();
  } else console.log(`[bench] kept database ${dbName}`);
  if (failed) throw failed;
};

const run = async (strapi) => {
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const api = `http://127.0.0.1:${strapi.server.httpServer.address().port}/api/v1`;
  const knex = strapi.db.connection;
  const table = (uid) => strapi.db.metadata.get(uid).tableName;
  const link = (uid, attribute) => {
    const jt = strapi.db.metadata.get(uid).attributes[attribute].joinTable;
    return { table: jt.name, column: jt.joinColumn.name, target: jt.inverseJoinColumn.name };
  };
  const T = {
    users: table('plugin::users-permissions.user'),
    vendors: table('api::vendor-profile.vendor-profile'),
    venues: table('api::venue.venue'),
    bookings: table('api::booking.booking'),
    payments: table('api::payment.payment'),
    refunds: table('api::refund.refund'),
    reviews: table('api::review.review'),
  };
  const L = {
    venueVendor: link('api::venue.venue', 'vendor'),
    bookingVenue: link('api::booking.booking', 'venue'),
    bookingCustomer: link('api::booking.booking', 'customer'),
    paymentBooking: link('api::payment.payment', 'booking'),
    refundBooking: link('api::refund.refund', 'booking'),
    reviewVenue: link('api::review.review', 'venue'),
  };

  // Two vendors that sign in (typical and large) through the users-permissions service; everything else by SQL.
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'vendor' } });
  const signIn = async (name) => {
    const user = await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username: name,
        email: `${name}@bench.test`,
        password: 'bench-password-1',
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      });
    const profile = await strapi.documents('api::vendor-profile.vendor-profile').create({
      data: { user: user.id, business_name: name, verification_status: 'approved' },
    });
    return { name, jwt: '', profileId: profile.id };
  };
  /** Access tokens live 15 minutes: sign in after seeding, right before timing. */
  const login = async (vendor) => {
    const res = await fetch(`${api}/auth/local`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: `${vendor.name}@bench.test`, password: 'bench-password-1' }),
    });
    const body = await res.json();
    if (!body.jwt) throw new Error(`sign in ${vendor.name}: ${JSON.stringify(body)}`);
    vendor.jwt = body.jwt;
  };
  const typical = await signIn('bench-typical');
  const large = await signIn('bench-large');

  const started = Date.now();
  const now = Date.now();
  const t0 = new Date(now - 365 * DAY).toISOString();
  const sql = (text, bindings = []) => knex.raw(text, bindings);

  // Filler vendors own the venues beyond the two signed-in vendors (5 each).
  const fillerVenues = VENUES - TYPICAL_VENUES - LARGE_VENUES;
  const fillerVendors = Math.ceil(fillerVenues / TYPICAL_VENUES);
  await sql(
    `INSERT INTO ${T.vendors} (document_id, business_name, verification_status, created_at, updated_at, published_at)
     SELECT 'bench-vendor-' || g, 'Bench vendor ' || g, 'approved', now(), now(), now() FROM generate_series(1, ?) g`,
    [fillerVendors]
  );
  const [{ min: firstFiller }] = (await sql(`SELECT min(id) AS min FROM ${T.vendors} WHERE document_id LIKE 'bench-vendor-%'`))
    .rows;

  // Venues 1..VENUES: the first 5 belong to the typical vendor, the next LARGE_VENUES to the large one.
  await sql(
    `INSERT INTO ${T.venues} (document_id, name, slug, timezone, currency, capacity, price_per_hour, status, booking_mode,
        min_hours, max_hours, buffer_minutes, notice_hours, cancellation_policy, created_at, updated_at, published_at)
     SELECT 'bench-venue-' || g, 'Bench hall ' || g, 'bench-hall-' || g,
        (ARRAY['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/London'])[1 + g % 4],
        (ARRAY['EUR', 'USD', 'INR', 'GBP'])[1 + g % 4], 50, 10000, 'approved',
        CASE WHEN g % 3 = 0 THEN 'request' ELSE 'instant' END, 1, 12, 0, 0, 'moderate', now(), now(), now()
     FROM generate_series(1, ?) g`,
    [VENUES]
  );
  await sql(
    `INSERT INTO ${L.venueVendor.table} (${L.venueVendor.column}, ${L.venueVendor.target})
     SELECT v.id, CASE WHEN g <= ? THEN ? WHEN g <= ? THEN ? ELSE ? + (g - ? - 1) / ? END
     FROM generate_series(1, ?) g JOIN ${T.venues} v ON v.document_id = 'bench-venue-' || g`,
    [
      TYPICAL_VENUES,
      typical.profileId,
      TYPICAL_VENUES + LARGE_VENUES,
      large.profileId,
      firstFiller,
      TYPICAL_VENUES + LARGE_VENUES,
      TYPICAL_VENUES,
      VENUES,
    ]
  );

  // Opening-hours projection: 08:00–22:00 UTC daily from yesterday for 120 days (what the refresh job keeps).
  const fromDay = Math.floor(now / DAY) * DAY - DAY;
  await sql(
    `INSERT INTO venue_open_ranges (venue_document_id, start_ms, end_ms)
     SELECT 'bench-venue-' || g, CAST(? AS bigint) + d * ${DAY}::bigint + 8 * 3600000, CAST(? AS bigint) + d * ${DAY}::bigint + 22 * 3600000
     FROM generate_series(1, ?) g CROSS JOIN generate_series(0, 119) d`,
    [fromDay, fromDay, VENUES]
  );
  await sql(
    `INSERT INTO venue_open_ranges_state (venue_document_id, computed_from_ms, computed_until_ms, rules_hash)
     SELECT 'bench-venue-' || g, ?, ?, 'bench' FROM generate_series(1, ?) g`,
    [fromDay, fromDay + 120 * DAY, VENUES]
  );

  // Customers.
  await sql(
    `INSERT INTO ${T.users} (document_id, username, email, provider, confirmed, blocked, created_at, updated_at, published_at)
     SELECT 'bench-customer-' || g, 'bench-customer-' || g, 'bench-customer-' || g || '@bench.test', 'local', true, false, now(), now(), now()
     FROM generate_series(1, ?) g`,
    [CUSTOMERS]
  );
  const [{ min: firstCustomer }] = (await sql(`SELECT min(id) AS min FROM ${T.users} WHERE document_id LIKE 'bench-customer-%'`))
    .rows;

  // Bookings spread over two years around now; venue = g mod VENUES, so each venue gets BOOKINGS / VENUES.
  // Status mix: 55 % completed/confirmed (by date), 12 % cancelled, 8 % requested→rejected/expired, rest pending/requested.
  console.log('[bench] seeding bookings…');
  await sql(
    `INSERT INTO ${T.bookings} (document_id, reference, start_datetime, end_datetime, guests, status, payment_status, total_amount,
        currency, request_expires_at, confirmed_at, created_at, updated_at, published_at, refund_due, refunded_amount)
     SELECT 'bench-booking-' || g, 'TOF-B' || g, s.start_at, s.start_at + ((1 + g % 4) * interval '1 hour'), 2 + g % 40,
        s.status,
        CASE WHEN s.status IN ('confirmed', 'completed') THEN 'paid' WHEN s.status = 'cancelled' THEN 'refunded' ELSE 'unpaid' END,
        (1 + g % 4) * 10000, (ARRAY['EUR', 'USD', 'INR', 'GBP'])[1 + (1 + g % ?) % 4],
        CASE WHEN g % 3 = 0 THEN s.start_at - interval '2 days' END,
        CASE WHEN s.status IN ('confirmed', 'completed', 'cancelled') THEN s.start_at - interval '5 days' END,
        s.start_at - ((1 + g % 30) * interval '1 day'), now(), now(), 0, 0
     FROM generate_series(1, ?) g
     CROSS JOIN LATERAL (
       SELECT CAST(? AS timestamp) + ((g::bigint * 7919) % 730) * interval '1 day' + (8 + g % 12) * interval '1 hour' AS start_at
     ) t
     CROSS JOIN LATERAL (
       SELECT t.start_at,
         CASE
           WHEN g % 100 < 12 THEN 'cancelled'
           WHEN g % 100 < 16 THEN 'rejected'
           WHEN g % 100 < 20 THEN 'expired'
           WHEN g % 100 < 23 THEN CASE WHEN t.start_at > now() THEN 'requested' ELSE 'expired' END
           WHEN t.start_at < now() THEN 'completed'
           ELSE 'confirmed'
         END AS status
     ) s`,
    [VENUES, BOOKINGS, t0]
  );
  await sql(
    `INSERT INTO ${L.bookingVenue.table} (${L.bookingVenue.column}, ${L.bookingVenue.target})
     SELECT b.id, v.id FROM ${T.bookings} b
     JOIN ${T.venues} v ON v.document_id = 'bench-venue-' || (1 + (substring(b.document_id from 15)::int % ?))
     WHERE b.document_id LIKE 'bench-booking-%'`,
    [VENUES]
  );
  await sql(
    `INSERT INTO ${L.bookingCustomer.table} (${L.bookingCustomer.column}, ${L.bookingCustomer.target})
     SELECT b.id, ? + (b.id % ?) FROM ${T.bookings} b WHERE b.document_id LIKE 'bench-booking-%'`,
    [firstCustomer, CUSTOMERS]
  );

  console.log('[bench] seeding payments, refunds, reviews…');
  await sql(
    `INSERT INTO ${T.payments} (document_id, amount, currency, status, provider, transaction_id, platform_fee, refunded_amount,
        amount_captured, capture_method, stripe_account_id, created_at, updated_at, published_at)
     SELECT 'bench-pay-' || b.id, b.total_amount, b.currency,
        CASE WHEN b.status = 'cancelled' THEN 'refunded' ELSE 'succeeded' END, 'stripe', 'pi_bench_' || b.id,
        b.total_amount / 10, CASE WHEN b.status = 'cancelled' THEN b.total_amount ELSE 0 END, b.total_amount, 'automatic',
        CASE WHEN b.id % 2 = 0 THEN 'acct_bench' END, b.created_at, now(), now()
     FROM ${T.bookings} b WHERE b.document_id LIKE 'bench-booking-%' AND b.status IN ('confirmed', 'completed', 'cancelled')`
  );
  await sql(
    `INSERT INTO ${L.paymentBooking.table} (${L.paymentBooking.column}, ${L.paymentBooking.target})
     SELECT p.id, b.id FROM ${T.payments} p JOIN ${T.bookings} b ON b.id = substring(p.document_id from 11)::int
     WHERE p.document_id LIKE 'bench-pay-%'`
  );
  await sql(
    `INSERT INTO ${T.refunds} (document_id, amount, currency, status, reason, kind, initiated_by, created_at, updated_at, published_at)
     SELECT 'bench-refund-' || b.id, b.total_amount, b.currency, 'succeeded', 'bench', 'cancellation', 'customer', now(), now(), now()
     FROM ${T.bookings} b WHERE b.document_id LIKE 'bench-booking-%' AND b.status = 'cancelled'`
  );
  await sql(
    `INSERT INTO ${L.refundBooking.table} (${L.refundBooking.column}, ${L.refundBooking.target})
     SELECT r.id, b.id FROM ${T.refunds} r JOIN ${T.bookings} b ON b.id = substring(r.document_id from 14)::int
     WHERE r.document_id LIKE 'bench-refund-%'`
  );
  await sql(
    `INSERT INTO ${T.reviews} (document_id, rating, comment, status, booking_key, created_at, updated_at, published_at)
     SELECT 'bench-review-' || b.id, 1 + b.id % 5, 'Bench review', CASE WHEN b.id % 20 = 0 THEN 'hidden' ELSE 'published' END,
        'bench-' || b.id, b.end_datetime + interval '1 day', now(), now()
     FROM ${T.bookings} b WHERE b.document_id LIKE 'bench-booking-%' AND b.status = 'completed' AND substring(b.document_id from 15)::int % 7 = 0`
  );
  await sql(
    `INSERT INTO ${L.reviewVenue.table} (${L.reviewVenue.column}, ${L.reviewVenue.target})
     SELECT r.id, bv.${L.bookingVenue.target} FROM ${T.reviews} r
     JOIN ${T.bookings} b ON b.id = substring(r.document_id from 14)::int
     JOIN ${L.bookingVenue.table} bv ON bv.${L.bookingVenue.column} = b.id
     WHERE r.document_id LIKE 'bench-review-%'`
  );

  // Verify what was seeded before timing anything.
  const count = async (text) => Number((await sql(text)).rows[0].n);
  const counts = {
    venues: await count(`SELECT count(*) AS n FROM ${T.venues} WHERE document_id LIKE 'bench-venue-%'`),
    venue_vendor_links: await count(`SELECT count(*) AS n FROM ${L.venueVendor.table}`),
    bookings: await count(`SELECT count(*) AS n FROM ${T.bookings} WHERE document_id LIKE 'bench-booking-%'`),
    booking_venue_links: await count(`SELECT count(*) AS n FROM ${L.bookingVenue.table}`),
    payments: await count(`SELECT count(*) AS n FROM ${T.payments}`),
    refunds: await count(`SELECT count(*) AS n FROM ${T.refunds}`),
    reviews: await count(`SELECT count(*) AS n FROM ${T.reviews}`),
    open_ranges: await count(`SELECT count(*) AS n FROM venue_open_ranges`),
    large_vendor_venues: await count(
      `SELECT count(*) AS n FROM ${L.venueVendor.table} WHERE ${L.venueVendor.target} = ${Number(large.profileId)}`
    ),
  };
  const expect = {
    venues: VENUES,
    venue_vendor_links: VENUES,
    bookings: BOOKINGS,
    booking_venue_links: BOOKINGS,
    large_vendor_venues: LARGE_VENUES,
  };
  for (const [key, value] of Object.entries(expect)) {
    if (counts[key] !== value) throw new Error(`seeded ${key}: ${counts[key]}, expected ${value}`);
  }
  if (counts.payments < BOOKINGS / 2 || counts.refunds === 0 || counts.reviews === 0)
    throw new Error(`seeding incomplete: ${JSON.stringify(counts)}`);
  const seedSeconds = (Date.now() - started) / 1000;
  console.log(`[bench] seeded in ${seedSeconds.toFixed(0)} s: ${JSON.stringify(counts)}`);
  await sql('ANALYZE');
  await login(typical);
  await login(large);

  const calls = {
    'analytics/revenue (±90 d, day)': '/vendor-dashboard/analytics/revenue',
    'analytics/revenue (365 d, month)': `/vendor-dashboard/analytics/revenue?interval=month&from=${new Date(now - 365 * DAY).toISOString()}&to=${new Date(now).toISOString()}`,
    'analytics/performance (±30 d)': '/vendor-dashboard/analytics/performance',
    'analytics/customer-insights (365 d)': '/vendor-dashboard/analytics/customer-insights',
    'analytics/reviews': '/vendor/analytics/reviews',
    'bookings/upcoming': '/vendor-dashboard/bookings/upcoming',
    'bookings/history': '/vendor-dashboard/bookings/history',
  };
  const report = {
    at: new Date().toISOString(),
    database: 'postgres',
    venues: VENUES,
    bookings: BOOKINGS,
    counts,
    seed_seconds: seedSeconds,
    requests: REQUESTS,
    results: {},
  };
  for (const [who, vendor] of [
    ['typical vendor (5 venues)', typical],
    [`large vendor (${LARGE_VENUES} venues)`, large],
  ]) {
    report.results[who] = {};
    for (const [name, url] of Object.entries(calls)) {
      const timings = [];
      let sample = null;
      for (let i = 0; i < REQUESTS + 3; i += 1) {
        const t = process.hrtime.bigint();
        const res = await fetch(`${api}${url}`, { headers: { Authorization: `Bearer ${vendor.jwt}` } });
        const body = await res.json();
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (res.status !== 200) throw new Error(`${who} ${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
        if (i >= 3) timings.push(ms);
        sample = body;
      }
      timings.sort((a, b) => a - b);
      const rows = Array.isArray(sample.data)
        ? sample.meta.pagination.total
        : (sample.data.rows ?? sample.data.venues ?? [sample.data]).length;
      const figures = {
        rows,
        p50_ms: percentile(timings, 50),
        p95_ms: percentile(timings, 95),
        max_ms: timings[timings.length - 1],
      };
      report.results[who][name] = figures;
      console.log(
        `[bench] ${who.padEnd(28)} ${name.padEnd(36)} rows=${String(rows).padStart(7)}  p50=${figures.p50_ms.toFixed(1)} ms  p95=${figures.p95_ms.toFixed(1)} ms`
      );
    }
  }
  const dir = path.join(__dirname, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `vendor-analytics-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`[bench] report saved to ${path.relative(process.cwd(), file)}`);
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  }
);
