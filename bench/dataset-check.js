'use strict';
/**
 * Answers of the running app on a generated dataset, checked against the database (bench/search.js runs this
 * before measuring): a city search finds every generated venue of that city, a venue's details are its rows,
 * a venue is not found for a window one of its live bookings holds and is found for a free window of the same
 * day. Throws on the first wrong answer.
 */
const checkAnswers = async (strapi, base, { runId, log = console.log }) => {
  const db = strapi.db.connection;
  const get = async (url) => {
    const res = await fetch(`${base}${url}`);
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  };
  const fail = (what) => {
    throw new Error(`dataset check failed: ${what}`);
  };
  const tag = `bench-${runId}-%`;

  // 1. City search: the total is the number of public venues of the city.
  const { rows: cityRows } = await db.raw(
    `select count(*) as n from venues v join venues_cmps c on c.entity_id = v.id and c.field = 'location'
       join components_venue_locations l on l.id = c.cmp_id
      where v.slug like ? and lower(l.city) = 'berlin' and v.status = 'approved'`,
    [tag]
  );
  const { rows: otherRows } = await db.raw(`select count(*) as n from venue_search where city_lc = 'berlin'`);
  const city = await get('/venues/search?city=Berlin&pageSize=5');
  const cityTotal = city.meta?.pagination?.total;
  if (Number(otherRows[0].n) !== Number(cityRows[0].n) || cityTotal !== Number(cityRows[0].n))
    fail(`search city=Berlin total ${cityTotal}, database ${cityRows[0].n} generated / ${otherRows[0].n} in the read model`);
  log(`[check] search city=Berlin: ${cityTotal} hits = ${cityRows[0].n} generated Berlin venues`);

  // 2. Details of one generated venue = its rows.
  const { rows: venueRows } = await db.raw(
    `select v.document_id, v.name, v.price_per_hour, v.capacity, v.timezone, l.city, l.lat, l.lng
       from venues v join venues_cmps c on c.entity_id = v.id and c.field = 'location'
       join components_venue_locations l on l.id = c.cmp_id
      where v.slug like ? order by v.id offset 1234 % (select count(*) from venues where slug like ?) limit 1`,
    [tag, tag]
  );
  const venue = venueRows[0];
  const details = (await get(`/venues/${venue.document_id}/details`)).data;
  const shown = details.venue ?? details;
  if (
    shown.documentId !== venue.document_id ||
    shown.name !== venue.name ||
    Number(shown.price_per_hour) !== Number(venue.price_per_hour) ||
    Number(shown.capacity) !== Number(venue.capacity) ||
    shown.location?.city !== venue.city ||
    shown.timezone !== venue.timezone
  )
    fail(`details of ${venue.document_id} do not match its rows: ${JSON.stringify(shown).slice(0, 400)}`);
  log(`[check] details of ${venue.document_id} ("${venue.name}", ${venue.city}, ${venue.timezone}) match its rows`);

  // 3. A window one of its live bookings holds: the venue is not found; a free hour of the same day: found.
  const { rows: slotRows } = await db.raw(
    `select start_ms, end_ms from booking_slots where venue_document_id = ? and active order by start_ms offset 3 limit 1`,
    [venue.document_id]
  );
  const slot = slotRows[0];
  if (!slot) fail(`venue ${venue.document_id} has no live booking`);
  const near = `lat=${venue.lat}&lng=${venue.lng}&radius_km=0.1`;
  const iso = (ms) => new Date(Number(ms)).toISOString();
  const booked = await get(`/venues/search?${near}&start=${iso(slot.start_ms)}&end=${iso(slot.end_ms)}`);
  if (booked.data.some((v) => v.documentId === venue.document_id))
    fail(`venue ${venue.document_id} found for ${iso(slot.start_ms)}–${iso(slot.end_ms)}, which a live booking holds`);
  // Lanes start at venue-local 10:00, 12:00, 14:00, 16:00: a free hour is 08:30 (or 18:00) local, if open then.
  let found = null;
  for (const offset of [-5_400_000, 2 * 3_600_000, -2 * 3_600_000, 4 * 3_600_000]) {
    const start = Number(slot.start_ms) + offset;
    const end = start + 3_600_000;
    const { rows: busy } = await db.raw(
      `select
         exists (select 1 from booking_slots where venue_document_id = ? and active and guard_start_ms < ? and guard_end_ms > ?) as busy,
         exists (select 1 from venue_open_ranges where venue_document_id = ? and start_ms <= ? and end_ms >= ?) as open`,
      [venue.document_id, end, start, venue.document_id, start, end]
    );
    if (busy[0].busy || !busy[0].open) continue;
    const free = await get(`/venues/search?${near}&start=${iso(start)}&end=${iso(end)}`);
    if (!free.data.some((v) => v.documentId === venue.document_id))
      fail(`venue ${venue.document_id} not found for the free, open hour ${iso(start)}–${iso(end)}`);
    found = iso(start);
    break;
  }
  if (!found) fail(`no free open hour found next to ${iso(slot.start_ms)} to check`);
  log(`[check] radius search: not found while booked (${iso(slot.start_ms)}), found when free (${found})`);
};

module.exports = { checkAnswers };
