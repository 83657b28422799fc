'use strict';
/**
 * Bulk dataset generator for PostgreSQL (issues 16 and 17): writes a marketplace straight into Strapi's tables
 * with set-based SQL (INSERT … SELECT over generate_series), in the shape Strapi itself stores documents:
 *
 *   up_users (+ role links)            vendors' and customers' accounts (bcrypt password, confirmed)
 *   vendor_profiles (+ user link)      approved vendors, 200 venues each
 *   venues (+ vendor, amenity links)   approved venues in 40 cities / 37 time zones, documentId, slug, rules
 *   components_venue_locations,        the location and the weekly hours as Strapi components, linked through
 *   components_availability_weekly_hours, venues_cmps
 *   venue_open_ranges (+ state)        computed by the app's own domain function (`openingIntervals`) from the
 *                                      rules the app loads, one computation per distinct (zone, hours, days)
 *   bookings (+ venue, customer links) confirmed and paid, 1 in 20 cancelled by the customer and refunded
 *   booking_slots                      one per booking, guard = half the venue's buffer each side (as the engine
 *                                      computes it); cancelled ones inactive
 *   payments (+ booking, customer)     one per booking (succeeded, or refunded)
 *   refunds (+ payment, booking)       one per cancelled booking
 *
 * Invariants: every booking lies inside its venue's opening hours (venue-local 10:00–17:30 on an open weekday,
 * which every generated opening-hours pattern contains), on the 30-minute grid, within min/max hours and the
 * booking horizon, and no two bookings of a venue have overlapping guards: booking k of n takes the k-th of the
 * venue's (open day × lane) pairs spread over the horizon, the four lanes (10:00, 12:00, 14:00, 16:00, 1–1.5 h)
 * are 2 h apart and guards are at most 15 min each side, so the exclusion constraint of `booking_slots` (kept in
 * place while loading) never fires. Any SQL error fails the run.
 *
 * Non-unique indexes of the big tables are dropped for the load and rebuilt after it (a bulk index build is
 * several times faster than 1,000,000 incremental inserts); constraints (primary keys, unique, the exclusion
 * constraint) stay. Then the search read model is rebuilt by its own service, ANALYZE runs, and every table is
 * counted and compared with what was asked (a difference throws).
 */
const crypto = require('node:crypto');
const path = require('node:path');

const DAY = 86_400_000;
const HOURS_PER_VENDOR = 200; // venues per vendor

const KINDS = ['Hall', 'Loft', 'Studio', 'Barn', 'Rooftop', 'Gallery', 'Ballroom', 'Garden room'];
const ADJECTIVES = ['bright', 'quiet', 'spacious', 'cosy', 'historic', 'modern'];
const PURPOSES = [
  'weddings and parties',
  'conferences and meetings',
  'concerts and rehearsals',
  'workshops and classes',
  'exhibitions and launches',
];
const AMENITIES = ['wifi', 'projector', 'stage', 'kitchen', 'parking', 'garden', 'piano', 'accessible'];
/** Opening hours patterns; every one contains venue-local 09:45–17:45 (the booking lanes with their guards). */
const HOURS = [
  ['08:00', '22:00'],
  ['07:00', '23:00'],
  ['09:00', '18:00'],
  ['10:00', '02:00'],
  ['00:00', '00:00'],
];
/** Opening days: 0 every day, 1 Monday–Friday, 2 Tuesday–Sunday (weights 3:1:1). */
const WEEKDAY_SETS = [
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  ['mon', 'tue', 'wed', 'thu', 'fri'],
  ['tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
];
/** Booking lanes (venue-local start, minutes of day): 2 h apart; bookings last 60 or 90 minutes. */
const LANES = [600, 720, 840, 960];

const now = () => Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** `hash(i, salt) mod n` in SQL: deterministic pseudo-random integers from PostgreSQL's hashint8. */
const rnd = (expr, salt, n) => `((hashint8((${expr})::bigint * 1000003 + ${salt})::bigint + 2147483648) % ${n})`;

/** The tables and columns this generator writes, as Strapi 5.54 names them; checked against the database first. */
const SCHEMA = {
  up_users: [
    'id',
    'document_id',
    'username',
    'email',
    'provider',
    'password',
    'confirmed',
    'blocked',
    'created_at',
    'updated_at',
    'published_at',
  ],
  up_users_role_lnk: ['user_id', 'role_id', 'user_ord'],
  vendor_profiles: [
    'id',
    'document_id',
    'business_name',
    'description',
    'contact_email',
    'verification_status',
    'verified_at',
    'payouts_enabled',
    'rating_average',
    'rating_count',
    'created_at',
    'updated_at',
    'published_at',
  ],
  vendor_profiles_user_lnk: ['vendor_profile_id', 'user_id'],
  venues: [
    'id',
    'document_id',
    'name',
    'slug',
    'description',
    'timezone',
    'capacity',
    'price_per_hour',
    'currency',
    'status',
    'booking_mode',
    'min_hours',
    'max_hours',
    'buffer_minutes',
    'notice_hours',
    'cancellation_policy',
    'featured',
    'rating_average',
    'rating_count',
    'created_at',
    'updated_at',
    'published_at',
  ],
  venues_cmps: ['entity_id', 'cmp_id', 'component_type', 'field', 'order'],
  components_venue_locations: ['id', 'address', 'city', 'country', 'postal_code', 'lat', 'lng'],
  components_availability_weekly_hours: ['id', 'weekday', 'opens', 'closes'],
  venues_vendor_lnk: ['venue_id', 'vendor_profile_id', 'venue_ord'],
  venues_amenities_lnk: ['venue_id', 'amenity_id', 'amenity_ord', 'venue_ord'],
  venue_open_ranges: ['venue_document_id', 'start_ms', 'end_ms'],
  venue_open_ranges_state: ['venue_document_id', 'computed_from_ms', 'computed_until_ms', 'rules_hash'],
  bookings: [
    'id',
    'document_id',
    'reference',
    'start_datetime',
    'end_datetime',
    'guests',
    'status',
    'payment_status',
    'total_amount',
    'currency',
    'price_breakdown',
    'cancellation_policy',
    'confirmed_at',
    'cancelled_at',
    'cancelled_by',
    'cancel_reason',
    'refund_due',
    'refunded_amount',
    'created_at',
    'updated_at',
    'published_at',
  ],
  bookings_venue_lnk: ['booking_id', 'venue_id', 'booking_ord'],
  bookings_customer_lnk: ['booking_id', 'user_id'],
  booking_slots: [
    'booking_document_id',
    'venue_document_id',
    'customer_id',
    'start_ms',
    'end_ms',
    'guard_start_ms',
    'guard_end_ms',
    'expires_at_ms',
    'status',
    'active',
  ],
  payments: [
    'id',
    'document_id',
    'amount',
    'currency',
    'status',
    'provider',
    'transaction_id',
    'platform_fee',
    'refunded_amount',
    'disputed',
    'capture_method',
    'amount_captured',
    'created_at',
    'updated_at',
    'published_at',
  ],
  payments_booking_lnk: ['payment_id', 'booking_id', 'payment_ord'],
  payments_customer_lnk: ['payment_id', 'user_id'],
  refunds: [
    'id',
    'document_id',
    'amount',
    'currency',
    'status',
    'reason',
    'kind',
    'initiated_by',
    'created_at',
    'updated_at',
    'published_at',
  ],
  refunds_payment_lnk: ['refund_id', 'payment_id', 'refund_ord'],
  refunds_booking_lnk: ['refund_id', 'booking_id'],
};
/** Big tables whose non-constraint indexes are rebuilt after the load instead of maintained row by row. */
const BULK_TABLES = [
  'venue_open_ranges',
  'bookings',
  'bookings_venue_lnk',
  'bookings_customer_lnk',
  'booking_slots',
  'payments',
  'payments_booking_lnk',
  'payments_customer_lnk',
];

const checkSchema = async (db) => {
  const { rows } = await db.raw(
    `select table_name, column_name from information_schema.columns where table_schema = current_schema() and table_name = any(?)`,
    [Object.keys(SCHEMA)]
  );
  const have = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  const missing = Object.entries(SCHEMA).flatMap(([table, columns]) =>
    columns.filter((c) => !have.has(`${table}.${c}`)).map((c) => `${table}.${c}`)
  );
  if (missing.length) throw new Error(`Strapi's schema is not what the bulk generator writes; missing ${missing.join(', ')}`);
};

const maxId = async (db, table) => Number((await db.raw(`select coalesce(max(id), 0) as m from ??`, [table])).rows[0].m);

/**
 * Writes the dataset. `log` prints progress lines (one per step, with its duration and rows).
 * Returns what was asked, the counts found, the expected counts and the timings.
 */
const generateBulk = async (strapi, { venues, bookings, runId, log = console.log, distDir }) => {
  if (strapi.db.dialect.client !== 'postgres') throw new Error('the bulk generator writes PostgreSQL only');
  const db = strapi.db.connection;
  const started = now();
  await checkSchema(db);
  const steps = [];
  const step = async (label, sql, bindings = []) => {
    const t0 = now();
    const result = await db.raw(sql, bindings);
    const rows = result.rowCount ?? 0;
    steps.push({ step: label, rows, ms: now() - t0 });
    log(
      `[data] ${label.padEnd(34)} ${String(rows).padStart(9)} rows  ${seconds(now() - t0).padStart(8)}  (total ${seconds(now() - started)})`
    );
    return result;
  };

  const settings = strapi.service('api::system-setting.settings');
  const booking = await settings.booking();
  const fees = typeof settings.fees === 'function' ? await settings.fees() : {};
  const feePercent = Number(fees.platformFeePercent ?? booking.platformFeePercent ?? 10);
  const taxPercent = Number(fees.taxPercent ?? booking.taxPercent ?? 0);
  const maxAdvanceDays = Number(booking.maxAdvanceDays);
  const vendors = Math.max(1, Math.ceil(venues / HOURS_PER_VENDOR));
  const customers = Math.max(10, Math.min(50_000, Math.ceil(bookings / 20)));
  const cancelled = Math.floor(bookings / 20);
  const perVenue = Math.floor(bookings / venues);
  const extraBookings = bookings - perVenue * venues;

  // Bookings: from the next Monday at least two days out, over `horizon` days inside the booking horizon.
  const today = Math.floor(now() / DAY) * DAY;
  let firstDay = today + 2 * DAY;
  while (new Date(firstDay).getUTCDay() !== 1) firstDay += DAY;
  const horizon = Math.floor((maxAdvanceDays - (firstDay - today) / DAY - 2) / 7) * 7;
  const openDays = [horizon, (horizon / 7) * 5, (horizon / 7) * 6];
  const pairs = Math.min(...openDays) * LANES.length;
  if (perVenue + 1 > pairs)
    throw new Error(`${perVenue + 1} bookings per venue do not fit ${pairs} (day × lane) pairs of the ${horizon}-day horizon`);
  const firstDate = new Date(firstDay).toISOString().slice(0, 10);

  const roles = Object.fromEntries((await db('up_roles').select('id', 'type')).map((r) => [r.type, Number(r.id)]));
  if (!roles.authenticated || !roles.vendor) throw new Error('users-permissions roles "authenticated" and "vendor" are missing');
  const amenityIds = [];
  for (const slug of AMENITIES) {
    const found = await strapi.db.query('api::amenity.amenity').findOne({ where: { slug }, select: ['id'] });
    amenityIds.push(
      Number(found ? found.id : (await strapi.documents('api::amenity.amenity').create({ data: { name: slug, slug } })).id)
    );
  }
  const { CITIES } = require('./dataset');
  const password = require('bcryptjs').hashSync('bench-password-1', 10);
  const base = {};
  for (const table of [
    'up_users',
    'vendor_profiles',
    'venues',
    'components_venue_locations',
    'components_availability_weekly_hours',
    'bookings',
    'payments',
    'refunds',
  ])
    base[table] = await maxId(db, table);
  const tag = `bench-${runId}`;
  log(
    `[data] postgres: ${venues} venues, ${bookings} bookings (${perVenue}–${perVenue + (extraBookings ? 1 : 0)} per venue over ${horizon} days from ${firstDate}), ${vendors} vendors, ${customers} customers (run ${runId})`
  );

  // Indexes that are not constraints: dropped now, rebuilt after the load (also rebuilt if the load fails).
  const { rows: dropped } = await db.raw(
    `select ic.relname as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i join pg_class t on t.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
      where t.relname = any(?) and t.relnamespace = current_schema()::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [BULK_TABLES]
  );
  for (const { name } of dropped) await db.raw(`drop index ??`, [name]);
  log(`[data] dropped ${dropped.length} non-constraint indexes of ${BULK_TABLES.join(', ')} for the load`);
  const restoreIndexes = async () => {
    for (const { name, def } of dropped) {
      const t0 = now();
      await db.raw(`set maintenance_work_mem = '256MB'; ${def.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')}`);
      log(`[data] index ${name.padEnd(40)} rebuilt  ${seconds(now() - t0)}`);
    }
  };

  const work = db.raw.bind(db);
  try {
    await work(`drop table if exists bench_gen_venues, bench_gen_templates, bench_gen_ranges`);
    // 1. One row per venue with every choice drawn (pseudo-random, deterministic per run).
    await step(
      'plan venues',
      `create unlogged table bench_gen_venues as
       select g as i,
              ${base.venues} + g as id,
              substr(md5(:tag || '-venue-' || g), 1, 24) as document_id,
              ${base.components_venue_locations} + g as location_id,
              ${base.vendor_profiles} + ((g - 1) % ${vendors}) + 1 as vendor_id,
              (g - 1) % ${CITIES.length} + 1 as city,
              ${rnd('g', 1, HOURS.length)} + 1 as hours,
              case when ${rnd('g', 2, 5)} < 3 then 1 when ${rnd('g', 2, 5)} = 3 then 2 else 3 end as days,
              (array[0, 15, 30])[(g % 3) + 1] as buffer_minutes,
              10 + ${rnd('g', 3, 300)} as capacity,
              2000 + ${rnd('g', 4, 60)} * 500 as price_per_hour,
              ${perVenue} + case when g <= ${extraBookings} then 1 else 0 end as n_bookings,
              sum(${perVenue} + case when g <= ${extraBookings} then 1 else 0 end) over (order by g) - (${perVenue} + case when g <= ${extraBookings} then 1 else 0 end) as first_booking
         from generate_series(1, ${venues}) g`,
      { tag }
    );
    await work(`alter table bench_gen_venues add primary key (i); analyze bench_gen_venues`);
    const cityArrays = [0, 1, 2, 3, 4].map((k) => CITIES.map((c) => c[k]));
    const city = (k, type) => `(:${['name', 'country', 'lat', 'lng', 'zone'][k]}::${type}[])[v.city]`;
    const cityBindings = {
      name: cityArrays[0],
      country: cityArrays[1],
      lat: cityArrays[2],
      lng: cityArrays[3],
      zone: cityArrays[4],
    };
    const nowSql = `now() at time zone 'utc'`;

    // 2. Accounts: vendors first, then customers.
    await step(
      'users',
      `insert into up_users (id, document_id, username, email, provider, password, confirmed, blocked, first_name, last_name, created_at, updated_at, published_at)
       select ${base.up_users} + g, substr(md5(:tag || '-user-' || g), 1, 24),
              case when g <= ${vendors} then :tag || '-vendor-' || g else :tag || '-customer-' || (g - ${vendors}) end,
              case when g <= ${vendors} then :tag || '-vendor-' || g else :tag || '-customer-' || (g - ${vendors}) end || '@example.test',
              'local', :password, true, false,
              (array['Ada','Bea','Cem','Dana','Emil','Fatou','Gil','Hana'])[g % 8 + 1], 'Bench', ${nowSql}, ${nowSql}, ${nowSql}
         from generate_series(1, ${vendors + customers}) g`,
      { tag, password }
    );
    await step(
      'user role links',
      `insert into up_users_role_lnk (user_id, role_id, user_ord)
       select ${base.up_users} + g, case when g <= ${vendors} then ${roles.vendor} else ${roles.authenticated} end,
              coalesce((select max(user_ord) from up_users_role_lnk), 0) + g
         from generate_series(1, ${vendors + customers}) g`
    );
    await step(
      'vendor profiles',
      `insert into vendor_profiles (id, document_id, business_name, description, contact_email, verification_status, verified_at, payouts_enabled, rating_average, rating_count, created_at, updated_at, published_at)
       select ${base.vendor_profiles} + g, substr(md5(:tag || '-vendor-' || g), 1, 24), 'Bench Venues ' || g,
              'Venues for hire in many cities.', :tag || '-vendor-' || g || '@example.test', 'approved', ${nowSql}, true, 0, 0, ${nowSql}, ${nowSql}, ${nowSql}
         from generate_series(1, ${vendors}) g`,
      { tag }
    );
    await step(
      'vendor user links',
      `insert into vendor_profiles_user_lnk (vendor_profile_id, user_id)
       select ${base.vendor_profiles} + g, ${base.up_users} + g from generate_series(1, ${vendors}) g`
    );

    // 3. Venues, their components and links.
    await step(
      'venues',
      `insert into venues (id, document_id, name, slug, description, timezone, capacity, price_per_hour, currency, status, booking_mode, min_hours, max_hours, buffer_minutes, notice_hours, cancellation_policy, featured, rating_average, rating_count, created_at, updated_at, published_at)
       select v.id, v.document_id,
              (:kinds::text[])[${rnd('v.i', 5, KINDS.length)} + 1] || ' ' || ${city(0, 'text')} || ' ' || v.i,
              :tag || '-' || v.i,
              'A ' || (:adjectives::text[])[${rnd('v.i', 6, ADJECTIVES.length)} + 1] || ' ' || lower((:kinds::text[])[${rnd('v.i', 5, KINDS.length)} + 1])
                || ' for ' || (:purposes::text[])[${rnd('v.i', 7, PURPOSES.length)} + 1] || ' in ' || ${city(0, 'text')} || '.',
              ${city(4, 'text')}, v.capacity, v.price_per_hour, 'EUR', 'approved', 'instant', 1, 12, v.buffer_minutes, 0,
              (array['flexible','moderate','strict'])[${rnd('v.i', 8, 3)} + 1], ${rnd('v.i', 9, 20)} = 0,
              ${rnd('v.i', 10, 51)} / 10.0, ${rnd('v.i', 11, 40)}, ${nowSql}, ${nowSql}, ${nowSql}
         from bench_gen_venues v order by v.i`,
      { tag, kinds: KINDS, adjectives: ADJECTIVES, purposes: PURPOSES, ...cityBindings }
    );
    await step(
      'locations',
      `insert into components_venue_locations (id, address, city, country, postal_code, lat, lng)
       select v.location_id, v.i || ' Bench Street', ${city(0, 'text')}, ${city(1, 'text')}, lpad((10000 + v.i % 90000)::text, 5, '0'),
              ${city(2, 'float8')} + (${rnd('v.i', 12, 10000)} / 10000.0 - 0.5) * 0.3,
              ${city(3, 'float8')} + (${rnd('v.i', 13, 10000)} / 10000.0 - 0.5) * 0.3
         from bench_gen_venues v`,
      cityBindings
    );
    await step(
      'location component links',
      `insert into venues_cmps (entity_id, cmp_id, component_type, field, "order")
       select v.id, v.location_id, 'venue.location', 'location', 1 from bench_gen_venues v`
    );
    await step(
      'weekly hours + links',
      `with h as (
         select v.id as venue_id, w.weekday, w.k,
                (:opens::text[])[v.hours] as opens, (:closes::text[])[v.hours] as closes,
                ${base.components_availability_weekly_hours} + row_number() over (order by v.i, w.k) as hid
           from bench_gen_venues v
           cross join lateral unnest(case v.days when 1 then :all::text[] when 2 then :weekdays::text[] else :tuesun::text[] end)
                with ordinality as w(weekday, k)
       ), ins as (
         insert into components_availability_weekly_hours (id, weekday, opens, closes) select hid, weekday, opens, closes from h
       )
       insert into venues_cmps (entity_id, cmp_id, component_type, field, "order")
       select venue_id, hid, 'availability.weekly-hours', 'weekly_hours', k from h`,
      {
        opens: HOURS.map((h) => h[0]),
        closes: HOURS.map((h) => h[1]),
        all: WEEKDAY_SETS[0],
        weekdays: WEEKDAY_SETS[1],
        tuesun: WEEKDAY_SETS[2],
      }
    );
    await step(
      'vendor links',
      `insert into venues_vendor_lnk (venue_id, vendor_profile_id, venue_ord)
       select v.id, v.vendor_id, row_number() over (partition by v.vendor_id order by v.i) from bench_gen_venues v`
    );
    await step(
      'amenity links',
      `with a as (
         select v.id as venue_id, v.i, am.amenity_id, am.k
           from bench_gen_venues v cross join unnest(:amenities::int[]) with ordinality as am(amenity_id, k)
          where ${rnd('v.i * 16 + am.k', 14, 100)} < 35
       ), last as materialized (
         select amenity_id, max(venue_ord) as ord from venues_amenities_lnk group by amenity_id
       )
       insert into venues_amenities_lnk (venue_id, amenity_id, amenity_ord, venue_ord)
       select a.venue_id, a.amenity_id, row_number() over (partition by a.venue_id order by a.k),
              coalesce(last.ord, 0) + row_number() over (partition by a.amenity_id order by a.i)
         from a left join last on last.amenity_id = a.amenity_id`,
      { amenities: amenityIds }
    );
    for (const table of [
      'up_users',
      'vendor_profiles',
      'venues',
      'components_venue_locations',
      'components_availability_weekly_hours',
    ]) {
      await work(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`, [table, table]);
    }
    for (const table of [
      'up_users_role_lnk',
      'vendor_profiles_user_lnk',
      'venues_cmps',
      'venues_vendor_lnk',
      'venues_amenities_lnk',
    ]) {
      await work(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`, [table, table]);
    }

    // 4. Opening ranges: the app's own rules loader and domain function, once per (zone, hours, days) template.
    const t0 = now();
    const { openingIntervals } = require(path.join(distDir, 'src', 'domain', 'availability'));
    const from = today - DAY;
    const until = from + (maxAdvanceDays + 3) * DAY;
    const { rows: templates } = await work(
      `select min(document_id) as representative, city, hours, days from bench_gen_venues group by city, hours, days`
    );
    const rules = strapi.service('api::venue.venue-rules');
    const tmpl = { key: [], start: [], end: [] };
    const hashes = { key: [], hash: [] };
    const byZone = new Map();
    for (const t of templates) {
      const venue = await rules.load(t.representative, { publicOnly: false });
      if (!venue) throw new Error(`generated venue ${t.representative} cannot be loaded by the app's venue rules`);
      const { timezone, weeklyHours, dateOverrides } = venue.rules;
      const key = `${t.city}/${t.hours}/${t.days}`;
      hashes.key.push(key);
      hashes.hash.push(
        crypto.createHash('sha256').update(JSON.stringify({ timezone, weeklyHours, dateOverrides })).digest('hex')
      );
      const zoneKey = `${timezone}/${t.hours}/${t.days}`;
      if (!byZone.has(zoneKey)) byZone.set(zoneKey, openingIntervals(venue.rules, { start: from, end: until }));
      for (const r of byZone.get(zoneKey)) {
        tmpl.key.push(key);
        tmpl.start.push(r.start);
        tmpl.end.push(r.end);
      }
    }
    await work(`create unlogged table bench_gen_ranges (key text, start_ms bigint, end_ms bigint)`);
    for (let i = 0; i < tmpl.key.length; i += 50_000) {
      await work(`insert into bench_gen_ranges select * from unnest(?::text[], ?::bigint[], ?::bigint[])`, [
        tmpl.key.slice(i, i + 50_000),
        tmpl.start.slice(i, i + 50_000),
        tmpl.end.slice(i, i + 50_000),
      ]);
    }
    await work(`create unlogged table bench_gen_templates as select * from unnest(?::text[], ?::text[]) as t(key, hash)`, [
      hashes.key,
      hashes.hash,
    ]);
    log(
      `[data] ${`opening-range templates (${templates.length})`.padEnd(34)} ${String(tmpl.key.length).padStart(9)} rows  ${seconds(now() - t0).padStart(8)}`
    );
    await step(
      'opening ranges',
      `insert into venue_open_ranges (venue_document_id, start_ms, end_ms)
       select v.document_id, r.start_ms, r.end_ms
         from bench_gen_venues v join bench_gen_ranges r on r.key = v.city || '/' || v.hours || '/' || v.days`
    );
    await step(
      'opening ranges state',
      `insert into venue_open_ranges_state (venue_document_id, computed_from_ms, computed_until_ms, rules_hash)
       select v.document_id, ${from}, ${until}, t.hash
         from bench_gen_venues v join bench_gen_templates t on t.key = v.city || '/' || v.hours || '/' || v.days`
    );

    // 5. Bookings: booking k of a venue takes pair p = floor(k·P/n) + offset (mod P) of its (open day × lane) pairs.
    const pairsSql = `(case v.days when 1 then ${openDays[0]} when 2 then ${openDays[1]} else ${openDays[2]} end) * ${LANES.length}`;
    await step(
      'plan bookings',
      `create unlogged table bench_gen_bookings as
       with b as (
         select v.*, k, v.first_booking + k + 1 as g,
                ((k * ${pairsSql}) / v.n_bookings + ${rnd('v.i', 15, 100000)}) % (${pairsSql}) as p
           from bench_gen_venues v cross join lateral generate_series(0, v.n_bookings - 1) k
       ), d as (
         select b.*, p / ${LANES.length} as day, p % ${LANES.length} as lane,
                case when ${rnd('g', 16, 2)} = 0 then 60 else 90 end as minutes
           from b
       ), t as (
         select d.*,
                (:first_date::date + (case d.days when 1 then d.day when 2 then (d.day / 5) * 7 + d.day % 5 else (d.day / 6) * 7 + d.day % 6 + 1 end)::int)
                  + make_interval(mins => (:lanes::int[])[d.lane + 1]) as local_start
           from d
       )
       select g, id as venue_id, document_id as venue_document_id, price_per_hour, buffer_minutes, minutes,
              1 + ${rnd('g', 17, 10_000)} % capacity as guests,
              ${base.up_users + vendors} + ${rnd('g', 18, customers)} + 1 as customer_id,
              (extract(epoch from local_start at time zone ${city(4, 'text').replace('v.city', 't.city')}) * 1000)::bigint as start_ms,
              g % 20 = 0 as cancelled,
              (date_trunc('second', ${nowSql}) - make_interval(days => 3 + ${rnd('g', 19, 120)}::int, secs => ${rnd('g', 20, 86400)}::int)) as created_at
         from t`,
      { first_date: firstDate, lanes: LANES, ...cityBindings }
    );
    await work(`alter table bench_gen_bookings add primary key (g); analyze bench_gen_bookings`);
    const subtotal = `(price_per_hour * minutes / 60)`;
    const fee = `round(${subtotal} * ${feePercent} / 100.0)::int`;
    const tax = `round((${subtotal} + ${fee}) * ${taxPercent} / 100.0)::int`;
    await step(
      'bookings',
      `insert into bookings (id, document_id, reference, start_datetime, end_datetime, guests, status, payment_status, total_amount, currency, price_breakdown, cancellation_policy, confirmed_at, cancelled_at, cancelled_by, cancel_reason, refund_due, refunded_amount, created_at, updated_at, published_at)
       select ${base.bookings} + g, substr(md5(:tag || '-booking-' || g), 1, 24), 'TOF-' || upper(substr(md5(:tag || '-ref-' || g), 1, 12)),
              to_timestamp(start_ms / 1000.0) at time zone 'utc', to_timestamp((start_ms + minutes * 60000) / 1000.0) at time zone 'utc',
              guests, case when cancelled then 'cancelled' else 'confirmed' end, case when cancelled then 'refunded' else 'paid' end,
              ${subtotal} + ${fee} + ${tax}, 'EUR',
              jsonb_build_object('currency', 'EUR', 'hours', minutes / 60.0,
                'lines', jsonb_build_array(jsonb_build_object('label', 'Base rate', 'amount', ${subtotal}, 'minutes', minutes, 'rate', price_per_hour, 'rule_id', null)),
                'subtotal', ${subtotal}, 'discount', 0, 'discount_rule', null, 'platform_fee', ${fee}, 'tax', ${tax}, 'total_amount', ${subtotal} + ${fee} + ${tax}),
              jsonb_build_object('policy', 'flexible', 'tiers', jsonb_build_array(jsonb_build_object('min_hours_before', 24, 'refund_percent', 100), jsonb_build_object('min_hours_before', 0, 'refund_percent', 0)), 'vendor_cancel_refund_percent', 100),
              created_at + interval '1 minute',
              case when cancelled then created_at + interval '2 days' end, case when cancelled then 'customer' end,
              case when cancelled then 'Plans changed' end,
              case when cancelled then ${subtotal} + ${fee} + ${tax} else 0 end, case when cancelled then ${subtotal} + ${fee} + ${tax} else 0 end,
              created_at, created_at, created_at
         from bench_gen_bookings`,
      { tag }
    );
    await step(
      'booking venue links',
      `insert into bookings_venue_lnk (booking_id, venue_id, booking_ord)
       select ${base.bookings} + b.g, b.venue_id, b.g - v.first_booking from bench_gen_bookings b join bench_gen_venues v on v.id = b.venue_id`
    );
    await step(
      'booking customer links',
      `insert into bookings_customer_lnk (booking_id, user_id) select ${base.bookings} + g, customer_id from bench_gen_bookings`
    );
    await step(
      'booking slots',
      `insert into booking_slots (booking_document_id, venue_document_id, customer_id, start_ms, end_ms, guard_start_ms, guard_end_ms, expires_at_ms, status, active)
       select substr(md5(:tag || '-booking-' || g), 1, 24), venue_document_id, customer_id, start_ms, start_ms + minutes * 60000,
              start_ms - buffer_minutes * 30000, start_ms + minutes * 60000 + buffer_minutes * 30000, null,
              case when cancelled then 'cancelled' else 'confirmed' end, not cancelled
         from bench_gen_bookings`,
      { tag }
    );
    await step(
      'payments',
      `insert into payments (id, document_id, amount, currency, status, provider, transaction_id, platform_fee, refunded_amount, disputed, capture_method, amount_captured, created_at, updated_at, published_at)
       select ${base.payments} + g, substr(md5(:tag || '-payment-' || g), 1, 24), ${subtotal} + ${fee} + ${tax}, 'EUR',
              case when cancelled then 'refunded' else 'succeeded' end, 'stripe', 'pi_' || :tag || '_' || g, ${fee},
              case when cancelled then ${subtotal} + ${fee} + ${tax} else 0 end, false, 'automatic', ${subtotal} + ${fee} + ${tax},
              created_at + interval '1 minute', created_at + interval '1 minute', created_at + interval '1 minute'
         from bench_gen_bookings`,
      { tag }
    );
    await step(
      'payment booking links',
      `insert into payments_booking_lnk (payment_id, booking_id, payment_ord) select ${base.payments} + g, ${base.bookings} + g, 1 from bench_gen_bookings`
    );
    await step(
      'payment customer links',
      `insert into payments_customer_lnk (payment_id, user_id) select ${base.payments} + g, customer_id from bench_gen_bookings`
    );
    await step(
      'refunds',
      `insert into refunds (id, document_id, amount, currency, status, reason, kind, initiated_by, created_at, updated_at, published_at)
       select ${base.refunds} + g / 20, substr(md5(:tag || '-refund-' || g), 1, 24), ${subtotal} + ${fee} + ${tax}, 'EUR', 'succeeded',
              'Plans changed', 'cancellation', 'customer', created_at + interval '2 days', created_at + interval '2 days', created_at + interval '2 days'
         from bench_gen_bookings where cancelled`,
      { tag }
    );
    await step(
      'refund payment links',
      `insert into refunds_payment_lnk (refund_id, payment_id, refund_ord) select ${base.refunds} + g / 20, ${base.payments} + g, 1 from bench_gen_bookings where cancelled`
    );
    await step(
      'refund booking links',
      `insert into refunds_booking_lnk (refund_id, booking_id) select ${base.refunds} + g / 20, ${base.bookings} + g from bench_gen_bookings where cancelled`
    );
    for (const table of [
      'bookings',
      'bookings_venue_lnk',
      'bookings_customer_lnk',
      'payments',
      'payments_booking_lnk',
      'payments_customer_lnk',
      'refunds',
      'refunds_payment_lnk',
      'refunds_booking_lnk',
    ]) {
      await work(`select setval(pg_get_serial_sequence(?, 'id'), greatest(1, (select coalesce(max(id), 0) from ??)))`, [
        table,
        table,
      ]);
    }
  } finally {
    await restoreIndexes();
  }

  // 6. The search read model, by its own rebuild (the bulk path bypasses the Document Service middleware).
  // Statistics first: planned on freshly loaded tables without them, the projection's joins (venues_cmps,
  // links) run as nested loops over sequential scans (2.5+ minutes for 10,000 venues instead of seconds).
  let t0 = now();
  await work(
    `analyze venues, venues_cmps, components_venue_locations, venues_vendor_lnk, vendor_profiles, venues_amenities_lnk, amenities`
  );
  log(`[data] ${'ANALYZE of the venue tables'.padEnd(34)} ${''.padStart(14)} ${seconds(now() - t0).padStart(8)}`);
  t0 = now();
  const rebuilt = await strapi.service('api::venue.search-read-model').rebuild();
  steps.push({ step: 'search read model rebuild', rows: rebuilt.venues, ms: now() - t0 });
  log(
    `[data] ${'search read model rebuild'.padEnd(34)} ${String(rebuilt.venues).padStart(9)} rows  ${seconds(now() - t0).padStart(8)}`
  );
  const loadedMs = now() - started;
  const loadFinishedAt = now();
  t0 = now();
  await work('analyze');
  const analyzedAt = new Date().toISOString();
  log(`[data] ANALYZE done in ${seconds(now() - t0)}`);

  const expected = {
    users: vendors + customers,
    vendor_profiles: vendors,
    venues,
    locations: venues,
    weekly_hours: Number(
      (await work(`select sum(case days when 1 then 7 when 2 then 5 else 6 end) as n from bench_gen_venues`)).rows[0].n
    ),
    venues_in_read_model: venues,
    venues_with_open_ranges: venues,
    open_ranges: Number(
      (
        await work(
          `select count(*) as n from bench_gen_venues v join bench_gen_ranges r on r.key = v.city || '/' || v.hours || '/' || v.days`
        )
      ).rows[0].n
    ),
    bookings,
    live_booking_slots: bookings - cancelled,
    booking_slots: bookings,
    payments: bookings,
    refunds: cancelled,
    live_slots_outside_opening_hours: 0,
  };
  await work(`drop table if exists bench_gen_venues, bench_gen_templates, bench_gen_ranges, bench_gen_bookings`);
  return { runId, steps, expected, loadedMs, loadFinishedAt, analyzedAt };
};

/** Counts, per table, what a bulk run wrote (rows reached through Strapi's links from the run's venues). */
const countBulk = async (strapi, runId) => {
  const db = strapi.db.connection;
  const tag = `bench-${runId}`;
  const one = async (sql) => Number((await db.raw(sql, { tag })).rows[0].n);
  const venuesOf = `select id, document_id from venues where slug like :tag || '-%'`;
  const bookingsOf = `select l.booking_id as id from bookings_venue_lnk l join (${venuesOf}) v on v.id = l.venue_id`;
  return {
    users: await one(`select count(*) as n from up_users where username like :tag || '-%'`),
    vendor_profiles: await one(
      `select count(*) as n from vendor_profiles p join vendor_profiles_user_lnk l on l.vendor_profile_id = p.id
         join up_users u on u.id = l.user_id where u.username like :tag || '-vendor-%' and p.verification_status = 'approved'`
    ),
    venues: await one(`select count(*) as n from (${venuesOf}) v`),
    locations: await one(
      `select count(*) as n from venues_cmps c join (${venuesOf}) v on v.id = c.entity_id
         join components_venue_locations l on l.id = c.cmp_id where c.field = 'location' and c.component_type = 'venue.location'`
    ),
    weekly_hours: await one(
      `select count(*) as n from venues_cmps c join (${venuesOf}) v on v.id = c.entity_id
         join components_availability_weekly_hours h on h.id = c.cmp_id where c.field = 'weekly_hours'`
    ),
    venues_in_read_model: await one(`select count(*) as n from venue_search s join (${venuesOf}) v on v.id = s.venue_id`),
    venues_with_open_ranges: await one(
      `select count(*) as n from (${venuesOf}) v where exists (select 1 from venue_open_ranges r where r.venue_document_id = v.document_id)`
    ),
    open_ranges: await one(
      `select count(*) as n from venue_open_ranges r join (${venuesOf}) v on v.document_id = r.venue_document_id`
    ),
    bookings: await one(
      `select count(*) as n from bookings b join (${bookingsOf}) x on x.id = b.id
        where exists (select 1 from bookings_customer_lnk c where c.booking_id = b.id)`
    ),
    live_booking_slots: await one(
      `select count(*) as n from booking_slots s join (${venuesOf}) v on v.document_id = s.venue_document_id where s.active`
    ),
    booking_slots: await one(
      `select count(*) as n from booking_slots s join (${venuesOf}) v on v.document_id = s.venue_document_id`
    ),
    payments: await one(`select count(*) as n from payments_booking_lnk p join (${bookingsOf}) x on x.id = p.booking_id`),
    refunds: await one(`select count(*) as n from refunds_booking_lnk r join (${bookingsOf}) x on x.id = r.booking_id`),
    // Invariant: every live booking lies inside one opening range of its venue (GiST probe per slot).
    live_slots_outside_opening_hours: await one(
      `select count(*) as n from booking_slots s join (${venuesOf}) v on v.document_id = s.venue_document_id
        where s.active and not exists (select 1 from venue_open_ranges r where r.venue_document_id = s.venue_document_id
          and int8range(r.start_ms, r.end_ms, '[]') @> int8range(s.start_ms, s.end_ms, '[]'))`
    ),
  };
};

/** Prints found next to expected per table; throws when any differs. */
const checkCounts = (expected, found, log = console.log) => {
  const bad = [];
  for (const [table, asked] of Object.entries(expected)) {
    const got = found[table];
    log(
      `[data] ${table.padEnd(24)} asked ${String(asked).padStart(9)}  found ${String(got).padStart(9)}  ${asked === got ? 'ok' : 'MISMATCH'}`
    );
    if (asked !== got) bad.push(`${table} asked ${asked}, found ${got}`);
  }
  if (bad.length) throw new Error(`dataset verification failed: ${bad.join('; ')}`);
};

/** Reads generated documents back through the Document Service (they must be well-formed Strapi documents). */
const verifyDocuments = async (strapi, runId, count = 20) => {
  const db = strapi.db.connection;
  const { rows } = await db.raw(`select document_id from venues where slug like ? || '-%' order by id limit ?`, [
    `bench-${runId}`,
    count,
  ]);
  for (const { document_id } of rows) {
    const venue = await strapi.documents('api::venue.venue').findOne({
      documentId: document_id,
      populate: {
        location: true,
        weekly_hours: true,
        vendor: true,
        amenities: true,
        bookings: { populate: ['customer', 'payments'] },
      },
    });
    const problems = [];
    if (!venue) problems.push('not found');
    else {
      if (venue.status !== 'approved' || !venue.location?.city || !(venue.weekly_hours ?? []).length || !venue.vendor)
        problems.push('venue');
      const booking = (venue.bookings ?? [])[0];
      if (!booking || !booking.customer || !(booking.payments ?? []).length) problems.push('bookings');
    }
    if (problems.length)
      throw new Error(`generated venue ${document_id} reads back wrong through the Document Service: ${problems.join(', ')}`);
  }
};

module.exports = { generateBulk, countBulk, checkCounts, verifyDocuments };
