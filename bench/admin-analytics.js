'use strict';
/**
 * Control-center analytics benchmark (PostgreSQL only): seeds venues, customers, bookings, payments and refunds
 * with set-based SQL (generate_series), checks the row counts, ANALYZEs, builds the daily rollups, then times every
 * analytics endpoint over HTTP with a full-access API token and prints p50/p95 per endpoint. The report is saved to
 * bench/reports/admin-analytics-<timestamp>.json.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/admin-analytics.js \
 *     --venues 10000 --bookings 1000000 --customers 50000 --days 730 --requests 50
 *
 * It works in a database of its own, created next to DATABASE_URL's (tofimotia_bench_analytics_<pid>) and dropped
 * at the end (--keep keeps it). Bookings are spread over `days` days of creation history ending now; each venue's
 * bookings sit in distinct 3-hour slots, so the no-overlap exclusion constraint of booking_slots holds.
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
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

const admin = async (baseUrl, sql) => {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** Statuses by g % 20: 8 confirmed, 4 completed, 3 cancelled, 1 expired, 1 rejected, 1 requested, 2 pending_payment. */
const STATUS_SQL = `CASE
  WHEN g % 20 < 8 THEN 'confirmed' WHEN g % 20 < 12 THEN 'completed' WHEN g % 20 < 15 THEN 'cancelled'
  WHEN g % 20 = 15 THEN 'expired' WHEN g % 20 = 16 THEN 'rejected' WHEN g % 20 = 17 THEN 'requested'
  ELSE 'pending_payment' END`;
const CITIES = ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Frankfurt', 'Stuttgart', 'Leipzig', 'Dresden', 'Paris', 'Vienna'];

const main = async () => {
  const venues = arg('venues', 10_000);
  const bookings = arg('bookings', 1_000_000);
  const customers = arg('customers', 50_000);
  const days = arg('days', 730);
  const requests = arg('requests', 50);
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl || !/^postgres(ql)?:/.test(baseUrl))
    throw new Error('set DATABASE_URL to a PostgreSQL server (the bench creates its own database there)');
  const name = `tofimotia_bench_analytics_${process.pid}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  await admin(baseUrl, `CREATE DATABASE "${name}"`);
  process.env.DATABASE_URL = url.toString();
  delete process.env.REDIS_URL;
  process.env.RATE_LIMIT = 'off';
  process.env.CRON_ENABLED = 'false';
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';

  const { loadStrapi } = require('../scripts/boot');
  const { strapi } = await loadStrapi({ logLevel: 'error' });
  try {
    await strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}/api/v1`;
    const knex = strapi.db.connection;
    const steps = {};
    const step = async (label, sql, bindings = []) => {
      const started = Date.now();
      await knex.raw(sql, bindings);
      steps[label] = Number(seconds(started));
      console.log(`[bench]   ${label}: ${steps[label]} s`);
    };
    const link = (uid, attribute) => {
      const joinTable = strapi.db.metadata.get(uid).attributes[attribute].joinTable;
      return { table: joinTable.name, column: joinTable.joinColumn.name, target: joinTable.inverseJoinColumn.name };
    };
    const userRole = link('plugin::users-permissions.user', 'role');
    const venueVendor = link('api::venue.venue', 'vendor');
    const venueLocation = link('api::venue.venue', 'location');
    const bookingVenue = link('api::booking.booking', 'venue');
    const bookingCustomer = link('api::booking.booking', 'customer');
    const paymentBooking = link('api::payment.payment', 'booking');
    const refundBooking = link('api::refund.refund', 'booking');
    const now = new Date();
    const end = new Date(Math.floor(now.getTime() / 60_000) * 60_000); // creation history ends now
    const start = new Date(end.getTime() - days * 86_400_000);
    console.log(
      `[bench] seeding ${venues} venues, ${customers} customers, ${bookings} bookings over ${days} days (PostgreSQL ${name})`
    );
    const t0 = Date.now();

    const owner = await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username: `bench-owner-${Date.now()}`,
        email: `bench-owner-${Date.now()}@bench.test`,
        password: 'bench-password-1',
        provider: 'local',
        confirmed: true,
      });
    const vendor = await strapi.documents('api::vendor-profile.vendor-profile').create({
      data: { user: owner.id, business_name: 'Bench Venues', verification_status: 'approved' },
    });
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });

    const spread = () => `?::timestamp + ((g - 1) * (? / ?::float)) * interval '1 second'`;
    const span = days * 86_400;
    await step(
      'up_users',
      `INSERT INTO up_users (document_id, username, email, provider, confirmed, blocked, created_at, updated_at, published_at)
       SELECT 'bench-u-' || g, 'bench_u_' || g, 'bench_u_' || g || '@bench.test', 'local', true, false, ${spread()}, ${spread()}, now()
       FROM generate_series(1, ?) g`,
      [start.toISOString(), span, customers, start.toISOString(), span, customers, customers]
    );
    await step(
      'userRole',
      `INSERT INTO ${userRole.table} (${userRole.column}, ${userRole.target}) SELECT id, ? FROM up_users WHERE document_id LIKE 'bench-u-%'`,
      [role.id]
    );
    await step(
      'venues',
      `INSERT INTO venues (document_id, name, slug, status, timezone, capacity, price_per_hour, currency, booking_mode, min_hours,
                           max_hours, buffer_minutes, notice_hours, cancellation_policy, featured, created_at, updated_at, published_at)
       SELECT 'bench-v-' || g, 'Bench hall ' || g, 'bench-hall-' || g, 'approved', 'Europe/Berlin', 50, 5000, 'EUR', 'instant', 1,
              12, 0, 0, 'moderate', false, ?::timestamp, ?::timestamp, now()
       FROM generate_series(1, ?) g`,
      [start.toISOString(), start.toISOString(), venues]
    );
    await step(
      'components_venue_locations',
      `INSERT INTO components_venue_locations (address, city, country, lat, lng)
       SELECT 'bench-v-' || g, (?::text[])[1 + g % ?], 'DE', 52.5, 13.4 FROM generate_series(1, ?) g`,
      [CITIES, CITIES.length, venues]
    );
    await knex.raw('ANALYZE venues, components_venue_locations, up_users');
    await step(
      'venueLocation',
      `INSERT INTO ${venueLocation.table} (${venueLocation.column}, ${venueLocation.target}, component_type, field, "order")
       SELECT v.id, l.id, 'venue.location', 'location', 1
       FROM venues v JOIN components_venue_locations l ON l.address = v.document_id WHERE v.document_id LIKE 'bench-v-%'`
    );
    await step(
      'venueVendor',
      `INSERT INTO ${venueVendor.table} (${venueVendor.column}, ${venueVendor.target}) SELECT id, ? FROM venues WHERE document_id LIKE 'bench-v-%'`,
      [vendor.id]
    );
    console.log(`[bench] users and venues in ${seconds(t0)} s`);

    // Booking g: venue g % V, customer g % U, slot g / V (3-hour steps from tomorrow), created spread over the history.
    await step(
      'bookings',
      `INSERT INTO bookings (document_id, reference, start_datetime, end_datetime, guests, status, payment_status, total_amount, currency,
                             refund_due, refunded_amount, created_at, updated_at, published_at)
       SELECT 'bench-b-' || g, 'BB' || g,
              ?::timestamp + (g / ?) * interval '3 hours', ?::timestamp + (g / ?) * interval '3 hours' + interval '1 hour',
              2, ${STATUS_SQL}, 'unpaid', 2000 + (g % 50) * 500, CASE WHEN g % 10 = 0 THEN 'USD' ELSE 'EUR' END, 0, 0,
              ${spread()}, ${spread()}, now()
       FROM generate_series(1, ?) g`,
      [
        new Date(end.getTime() + 86_400_000).toISOString(),
        venues,
        new Date(end.getTime() + 86_400_000).toISOString(),
        venues,
        start.toISOString(),
        span,
        bookings,
        start.toISOString(),
        span,
        bookings,
        bookings,
      ]
    );
    console.log(`[bench] bookings in ${seconds(t0)} s`);
    // Fresh statistics first: without them the planner picks nested loops for the joins below (hours at 1M rows).
    await knex.raw('ANALYZE bookings');
    await step(
      'bookingVenue',
      `WITH v AS (SELECT id, document_id, row_number() OVER (ORDER BY id) - 1 AS rn FROM venues WHERE document_id LIKE 'bench-v-%')
       INSERT INTO ${bookingVenue.table} (${bookingVenue.column}, ${bookingVenue.target})
       SELECT b.id, v.id FROM bookings b JOIN v ON v.rn = substr(b.document_id, 9)::int % ? WHERE b.document_id LIKE 'bench-b-%'`,
      [venues]
    );
    await step(
      'bookingCustomer',
      `WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM up_users WHERE document_id LIKE 'bench-u-%')
       INSERT INTO ${bookingCustomer.table} (${bookingCustomer.column}, ${bookingCustomer.target})
       SELECT b.id, u.id FROM bookings b JOIN u ON u.rn = substr(b.document_id, 9)::int % ? WHERE b.document_id LIKE 'bench-b-%'`,
      [customers]
    );
    await knex.raw(`ANALYZE ${bookingVenue.table}, ${bookingCustomer.table}`);
    // The no-overlap exclusion constraint is dropped for the bulk load and added back right after: adding it checks
    // every live row at once (one index build instead of a million inserts into it), and fails if any overlap.
    const constraints = require('../database/booking-constraints');
    await knex.raw(`ALTER TABLE booking_slots DROP CONSTRAINT IF EXISTS ${constraints.CONSTRAINT}`);
    await step(
      'booking_slots',
      `INSERT INTO booking_slots (booking_document_id, venue_document_id, customer_id, start_ms, end_ms, guard_start_ms, guard_end_ms,
                                  expires_at_ms, status, active)
       SELECT b.document_id, v.document_id, bc.${bookingCustomer.target},
              (extract(epoch FROM b.start_datetime) * 1000)::bigint, (extract(epoch FROM b.end_datetime) * 1000)::bigint,
              (extract(epoch FROM b.start_datetime) * 1000)::bigint, (extract(epoch FROM b.end_datetime) * 1000)::bigint,
              NULL, b.status, b.status IN ('requested', 'pending_payment', 'confirmed')
       FROM bookings b
       JOIN ${bookingVenue.table} bv ON bv.${bookingVenue.column} = b.id JOIN venues v ON v.id = bv.${bookingVenue.target}
       JOIN ${bookingCustomer.table} bc ON bc.${bookingCustomer.column} = b.id
       WHERE b.document_id LIKE 'bench-b-%'`
    );
    let started = Date.now();
    await constraints.ensureExclusionConstraint(knex);
    if (!(await constraints.hasExclusionConstraint(knex))) throw new Error('the no-overlap constraint could not be restored');
    steps.exclusion_constraint = Number(seconds(started));
    console.log(`[bench]   exclusion constraint re-added (no overlaps): ${steps.exclusion_constraint} s`);
    console.log(`[bench] links and booking slots in ${seconds(t0)} s`);
    await step(
      'payments',
      `INSERT INTO payments (document_id, amount, currency, status, provider, platform_fee, refunded_amount, amount_captured,
                             stripe_account_id, capture_method, disputed, created_at, updated_at, published_at)
       SELECT 'bench-p-' || b.id, b.total_amount, b.currency,
              CASE WHEN b.status = 'cancelled' THEN 'partially_refunded' ELSE 'succeeded' END, 'stripe', b.total_amount / 11,
              CASE WHEN b.status = 'cancelled' THEN b.total_amount / 2 ELSE 0 END, b.total_amount,
              CASE WHEN b.id % 2 = 0 THEN 'acct_bench' END, 'automatic', false,
              b.created_at + interval '10 minutes', b.created_at + interval '10 minutes', now()
       FROM bookings b WHERE b.document_id LIKE 'bench-b-%' AND b.status IN ('confirmed', 'completed', 'cancelled')`
    );
    await knex.raw('ANALYZE payments');
    await step(
      'paymentBooking',
      `INSERT INTO ${paymentBooking.table} (${paymentBooking.column}, ${paymentBooking.target})
       SELECT p.id, substr(p.document_id, 9)::int FROM payments p WHERE p.document_id LIKE 'bench-p-%'`
    );
    await step(
      'refunds',
      `INSERT INTO refunds (document_id, amount, currency, status, kind, initiated_by, created_at, updated_at, published_at)
       SELECT 'bench-r-' || b.id, b.total_amount / 2, b.currency, 'succeeded', 'cancellation', 'customer',
              LEAST(b.created_at + interval '2 days', ?::timestamp), LEAST(b.created_at + interval '2 days', ?::timestamp), now()
       FROM bookings b WHERE b.document_id LIKE 'bench-b-%' AND b.status = 'cancelled'`,
      [end.toISOString(), end.toISOString()]
    );
    await knex.raw('ANALYZE refunds');
    await step(
      'refundBooking',
      `INSERT INTO ${refundBooking.table} (${refundBooking.column}, ${refundBooking.target})
       SELECT r.id, substr(r.document_id, 9)::int FROM refunds r WHERE r.document_id LIKE 'bench-r-%'`
    );
    console.log(`[bench] payments and refunds in ${seconds(t0)} s`);

    // Row counts: fail loudly when the load is not what was asked for.
    const perCycle = (low, high) => {
      let n = 0;
      for (let g = 1; g <= bookings; g += 1) if (g % 20 >= low && g % 20 < high) n += 1;
      return n;
    };
    const expected = {
      venues: venues,
      bookings,
      booking_slots: bookings,
      payments: perCycle(0, 15),
      refunds: perCycle(12, 15),
      customers,
    };
    const count = async (sql) => Number((await knex.raw(sql)).rows[0].n);
    const actual = {
      venues: await count(`SELECT count(*) AS n FROM venues WHERE document_id LIKE 'bench-v-%'`),
      bookings: await count(`SELECT count(*) AS n FROM bookings WHERE document_id LIKE 'bench-b-%'`),
      booking_slots: await count(`SELECT count(*) AS n FROM booking_slots WHERE booking_document_id LIKE 'bench-b-%'`),
      payments: await count(`SELECT count(*) AS n FROM payments WHERE document_id LIKE 'bench-p-%'`),
      refunds: await count(`SELECT count(*) AS n FROM refunds WHERE document_id LIKE 'bench-r-%'`),
      customers: await count(`SELECT count(*) AS n FROM up_users WHERE document_id LIKE 'bench-u-%'`),
    };
    for (const [key, value] of Object.entries(expected)) {
      if (actual[key] !== value) throw new Error(`loaded ${actual[key]} ${key}, expected ${value}`);
    }
    await knex.raw('ANALYZE');
    const seedSeconds = Number(seconds(t0));
    console.log(`[bench] loaded and analysed in ${seedSeconds} s: ${JSON.stringify(actual)}`);

    const rollups = strapi.plugin('control-center').service('analyticsRollups');
    started = Date.now();
    const full = await rollups.refresh();
    const fullSeconds = Number(seconds(started));
    console.log(`[bench] full rollup rebuild: ${fullSeconds} s (${full.days} days, ${full.rows} rows)`);
    started = Date.now();
    const incremental = await rollups.refresh();
    const incrementalMs = Date.now() - started;
    console.log(`[bench] incremental refresh right after: ${incrementalMs} ms (${incremental.days} days)`);

    const token = await strapi.service('admin::api-token').create({
      name: `bench-${Date.now()}`,
      kind: 'content-api',
      type: 'full-access',
      lifespan: null,
      description: '',
    });
    const auth = { Authorization: `Bearer ${token.accessKey}` };
    const day = (ms) => new Date(ms).toISOString().slice(0, 10);
    const today = day(end.getTime());
    const last30 = `from=${day(end.getTime() - 29 * 86_400_000)}&to=${today}`;
    const last12m = `from=${day(end.getTime() - 364 * 86_400_000)}&to=${today}&interval=month`;
    const scenarios = {
      'revenue 30d/day': `/admin/analytics/revenue?${last30}`,
      'revenue 12m/month': `/admin/analytics/revenue?${last12m}`,
      'bookings 30d/day': `/admin/analytics/bookings?${last30}`,
      'bookings 12m/month': `/admin/analytics/bookings?${last12m}`,
      'user-growth 30d/day': `/admin/analytics/user-growth?${last30}`,
      'user-growth 12m/month': `/admin/analytics/user-growth?${last12m}`,
      'revenue 30d CSV': `/admin/analytics/revenue?${last30}&format=csv`,
      'bookings 30d/day, no rollups (other zone)': `/admin/analytics/bookings?${last30}&timezone=America/New_York`,
      'operations/health': '/admin-dashboard/operations/health',
    };
    const report = {
      at: new Date().toISOString(),
      database: 'postgres',
      venues,
      customers,
      bookings,
      days,
      requests,
      rows: actual,
      seed_s: seedSeconds,
      seed_steps_s: steps,
      rollup_full_rebuild_s: fullSeconds,
      rollup_rows: full.rows,
      rollup_incremental_ms: incrementalMs,
      scenarios: {},
    };
    for (const [label, pathname] of Object.entries(scenarios)) {
      const timings = [];
      let sample = null;
      for (let i = 0; i < requests + 3; i += 1) {
        const started = process.hrtime.bigint();
        const res = await fetch(`${base}${pathname}`, { headers: auth });
        const body = await res.text();
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${body.slice(0, 500)}`);
        if (i >= 3) timings.push(ms); // 3 warm-up requests
        sample = body;
      }
      timings.sort((a, b) => a - b);
      const figures = { p50_ms: Number(percentile(timings, 50).toFixed(1)), p95_ms: Number(percentile(timings, 95).toFixed(1)) };
      if (label.startsWith('bookings 30d/day') && !label.includes('no rollups'))
        figures.created = JSON.parse(sample).data.totals.created;
      report.scenarios[label] = figures;
      console.log(
        `[bench] ${label.padEnd(44)} p50=${String(figures.p50_ms).padStart(7)} ms  p95=${String(figures.p95_ms).padStart(7)} ms`
      );
    }
    const dir = path.join(__dirname, 'reports');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `admin-analytics-${Date.now()}.json`);
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`[bench] report saved to ${path.relative(process.cwd(), file)}`);
  } finally {
    await strapi.destroy();
    if (!flag('keep')) await admin(baseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  }
);
