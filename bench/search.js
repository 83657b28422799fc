'use strict';
/**
 * Search benchmark: seeds synthetic approved venues (and live booking slots), then times
 * GET /api/v1/venues/search scenarios over HTTP and prints p50/p95/p99 per scenario; the report is
 * saved to bench/reports/search-<timestamp>.json.
 *
 *   node bench/search.js --venues 2000 --bookings 50000 --requests 200
 *   DATABASE_URL=postgres://… node bench/search.js --venues 10000 --bookings 1000000
 *
 * Use a throwaway database: the script adds data. Venues go through the Document Service (as the
 * admin panel would: opening-hours projection included); booking slots are bulk-inserted into
 * booking_slots directly — they only matter to search as busy time, and a million bookings through
 * the engine would take hours.
 */
const fs = require('node:fs');
const path = require('node:path');
const { loadStrapi } = require('../scripts/boot');

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > -1 ? Number(process.argv[index + 1]) : fallback;
};

const CITIES = [
  ['Berlin', 'DE', 52.52, 13.405, 'Europe/Berlin'],
  ['Hamburg', 'DE', 53.55, 9.99, 'Europe/Berlin'],
  ['New York', 'US', 40.71, -74.0, 'America/New_York'],
  ['Mumbai', 'IN', 19.07, 72.87, 'Asia/Kolkata'],
  ['London', 'GB', 51.5, -0.12, 'Europe/London'],
];
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const main = async () => {
  const venues = arg('venues', 2000);
  const bookings = arg('bookings', 20000);
  const requests = arg('requests', 200);
  process.env.RATE_LIMIT = 'off';
  process.env.CRON_ENABLED = 'false';
  const { strapi } = await loadStrapi({ logLevel: 'error' });
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}/api/v1`;
  const client = strapi.db.dialect.client;
  console.log(`[bench] ${client}, seeding ${venues} venues and ${bookings} booking slots`);

  const owner = await strapi.plugin('users-permissions').service('user').add({
    username: `bench-${Date.now()}`, email: `bench-${Date.now()}@example.test`, password: 'bench-password-1', provider: 'local', confirmed: true,
  });
  const vendor = await strapi.documents('api::vendor-profile.vendor-profile').create({
    data: { user: owner.id, business_name: 'Bench Venues', verification_status: 'approved' },
  });
  const started = Date.now();
  const venueIds = [];
  for (let i = 0; i < venues; i += 1) {
    const [city, country, lat, lng, timezone] = CITIES[i % CITIES.length];
    const venue = await strapi.documents('api::venue.venue').create({
      data: {
        name: `Bench hall ${i}`, slug: `bench-hall-${started}-${i}`, vendor: vendor.id, status: 'approved', timezone,
        location: { address: `${i} Bench Street`, city, country, lat: lat + ((i % 97) - 48) / 500, lng: lng + ((i % 89) - 44) / 500 },
        capacity: 10 + (i % 200), price_per_hour: 2000 + (i % 50) * 500, currency: 'EUR', min_hours: 1, max_hours: 12,
        buffer_minutes: (i % 3) * 15, notice_hours: 0,
        weekly_hours: WEEK.map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
      },
    });
    venueIds.push(venue.documentId);
    if ((i + 1) % 250 === 0 || i + 1 === venues) {
      console.log(`[bench] venues ${i + 1}/${venues} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }

  const day = 24 * 3_600_000;
  const firstDay = Math.ceil(Date.now() / day) * day + 2 * day;
  const rows = [];
  for (let i = 0; i < bookings; i += 1) {
    const start = firstDay + (i % 300) * day + (9 + (i % 10)) * 3_600_000;
    rows.push({
      booking_document_id: `bench-${started}-${i}`, venue_document_id: venueIds[i % venueIds.length], customer_id: owner.id,
      start_ms: start, end_ms: start + 3_600_000, guard_start_ms: start - 900_000, guard_end_ms: start + 4_500_000,
      expires_at_ms: null, status: 'confirmed', active: true,
    });
    if (rows.length === 1000 || i + 1 === bookings) {
      try {
        await strapi.db.connection('booking_slots').insert(rows);
      } catch {
        // Rows that overlap an existing one on PostgreSQL are refused by the constraint; insert the rest one by one.
        for (const row of rows) await strapi.db.connection('booking_slots').insert(row).catch(() => undefined);
      }
      rows.length = 0;
      if ((i + 1) % 50_000 === 0 || i + 1 === bookings) console.log(`[bench] booking slots ${i + 1}/${bookings}`);
    }
  }

  const window = new Date(firstDay + 10 * day + 10 * 3_600_000).toISOString();
  const windowEnd = new Date(firstDay + 10 * day + 12 * 3_600_000).toISOString();
  const scenarios = {
    city: '/venues/search?city=Berlin',
    'city+window': `/venues/search?city=Berlin&start=${window}&end=${windowEnd}`,
    'radius+distance': '/venues/search?lat=52.52&lng=13.405&radius_km=10&sort=distance',
    'text+price': '/venues/search?q=hall%201&price_min=3000&price_max=9000',
    'window (all cities)': `/venues/search?start=${window}&end=${windowEnd}&guests=50`,
  };
  const report = { at: new Date().toISOString(), database: client, venues, bookings, requests, scenarios: {} };
  for (const [name, url] of Object.entries(scenarios)) {
    const timings = [];
    let hits = 0;
    for (let i = 0; i < requests; i += 1) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}${url}`);
      const body = await res.json();
      timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
      hits = body.meta.pagination.total;
    }
    timings.sort((a, b) => a - b);
    const figures = { hits, p50_ms: percentile(timings, 50), p95_ms: percentile(timings, 95), p99_ms: percentile(timings, 99) };
    report.scenarios[name] = figures;
    console.log(`[bench] ${name.padEnd(20)} hits=${String(hits).padStart(6)}  p50=${figures.p50_ms.toFixed(1)} ms  p95=${figures.p95_ms.toFixed(1)} ms  p99=${figures.p99_ms.toFixed(1)} ms`);
  }
  const dir = path.join(__dirname, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `search-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`[bench] report saved to ${path.relative(process.cwd(), file)}`);
  await strapi.destroy();
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  }
);
