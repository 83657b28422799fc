import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { startApp, type TestApp } from '../harness/app';
import { localTime, setSetting } from '../harness/bookings';
import { startInstance, type TestInstance } from '../harness/instance';
import { databaseUrl } from '../harness/postgres';
import { describeWith } from '../harness/services';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Double-booking under real concurrency: one in-process Strapi (A) and one in a child process (B)
 * on the same PostgreSQL database take a burst of simultaneous POST /bookings/create requests.
 * What a user sees (201 or 409 SLOT_TAKEN, never a 5xx; one winner per contested window; free
 * adjacent windows all granted) and the database invariant (no two live bookings of a venue closer
 * than its buffer, in `bookings` and in `booking_slots`) are checked, then the exclusion constraint
 * itself, also after a restart with a forced Strapi schema sync.
 */

const ZONE = 'Europe/Berlin';
const TIMEOUT = 120_000;
const HOLDING_SQL = `('requested', 'pending_payment', 'confirmed')`;
const MINUTE = 60_000;

type VenueKey = 'tight' | 'buffered';
type Expectation = 'one' | 'none' | 'any';

/** One distinct window, sent `copies` times in the burst. */
interface WindowSpec {
  venue: VenueKey;
  day: number;
  from: string;
  to: string;
  copies: number;
  /** one: exactly one request of its clique wins; none: every copy is refused; any: only the general invariants. */
  expect: Expectation;
  /** Windows of one clique all conflict with each other (defaults to the window itself). */
  clique?: string;
  note: string;
}

interface Outcome {
  index: number;
  instance: 'A' | 'B';
  spec: WindowSpec;
  key: string;
  start: number;
  end: number;
  status: number;
  body: {
    data?: { documentId?: string; status?: string } | null;
    error?: { name?: string; message?: string; details?: { reason?: string } };
  };
  error?: string;
  ms: number;
}

const BUFFERS: Record<VenueKey, number> = { tight: 0, buffered: 30 };

const keyOf = (spec: { venue: VenueKey; day: number; from: string; to: string }) =>
  `${spec.venue}@+${spec.day}d ${spec.from}-${spec.to}`;

const clockPlus = (clock: string, minutes: number): string => {
  const [h, m] = clock.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
};

/** Two bookings of one venue conflict when less than one buffer lies between them. */
const conflicts = (a: { venue: VenueKey; start: number; end: number }, b: { venue: VenueKey; start: number; end: number }) =>
  a.venue === b.venue && a.start < b.end + BUFFERS[a.venue] * MINUTE && b.start < a.end + BUFFERS[a.venue] * MINUTE;

/** Deterministic shuffle (mulberry32), so the split of copies across A and B is the same every run. */
const shuffle = <T>(items: T[], seed: number): T[] => {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

// Days well ahead (≥ 30), one independent scenario per (venue, day).
const D = {
  adjacent: 40,
  bufferAdjacent: 41,
  bufferRace: 42,
  anchored: 43,
  partialTight: 44,
  partialBuffered: 45,
  identical: 46,
  restart: 47,
};

/** Pre-existing bookings (created before the burst), against which some windows must lose. */
const ANCHORS: Array<{ venue: VenueKey; day: number; from: string; to: string }> = [
  { venue: 'tight', day: D.anchored, from: '12:00', to: '14:00' },
  { venue: 'buffered', day: D.anchored, from: '12:00', to: '14:00' },
];

const buildSpecs = (): WindowSpec[] => {
  const specs: WindowSpec[] = [];
  // Buffer 0: a chain of back-to-back windows (end == next start), 6 racing copies of each.
  for (const [from, to] of [
    ['08:00', '10:00'],
    ['10:00', '12:00'],
    ['12:00', '14:00'],
    ['14:00', '16:00'],
    ['16:00', '18:00'],
    ['18:00', '20:00'],
    ['20:00', '22:00'],
  ]) {
    specs.push({ venue: 'tight', day: D.adjacent, from, to, copies: 6, expect: 'one', note: 'adjacent, buffer 0' });
  }
  // Buffer 30: windows exactly one buffer apart, 6 racing copies of each.
  for (const [from, to] of [
    ['08:00', '10:00'],
    ['10:30', '12:30'],
    ['13:00', '15:00'],
    ['15:30', '17:30'],
    ['18:00', '20:00'],
    ['20:30', '22:00'],
  ]) {
    specs.push({ venue: 'buffered', day: D.bufferAdjacent, from, to, copies: 6, expect: 'one', note: 'one buffer apart' });
  }
  // Buffer 30: pairs that only touch (gap 0 = buffer violated by one 30 min step) race each other;
  // consecutive pairs are a full buffer apart, so each pair is its own clique: exactly one winner.
  const pairs = [
    [
      ['08:00', '10:00'],
      ['10:00', '11:30'],
    ],
    [
      ['12:00', '13:30'],
      ['13:30', '15:00'],
    ],
    [
      ['15:30', '17:00'],
      ['17:00', '18:30'],
    ],
    [
      ['19:00', '20:30'],
      ['20:30', '22:00'],
    ],
  ];
  pairs.forEach((pair, n) => {
    for (const [from, to] of pair) {
      specs.push({
        venue: 'buffered',
        day: D.bufferRace,
        from,
        to,
        copies: 5,
        expect: 'one',
        clique: `buffer-violation pair ${n + 1}`,
        note: 'violates buffer by one step vs its pair',
      });
    }
  });
  // Anchored days (a booking 12:00–14:00 exists): windows violating it by one step always lose;
  // the windows exactly one buffer (or, buffer 0, zero minutes) away each get exactly one winner.
  specs.push(
    {
      venue: 'buffered',
      day: D.anchored,
      from: '10:30',
      to: '12:00',
      copies: 6,
      expect: 'none',
      note: 'ends one step inside the buffer of the anchor',
    },
    {
      venue: 'buffered',
      day: D.anchored,
      from: '14:00',
      to: '15:30',
      copies: 6,
      expect: 'none',
      note: 'starts one step inside the buffer of the anchor',
    },
    {
      venue: 'buffered',
      day: D.anchored,
      from: '10:00',
      to: '11:30',
      copies: 6,
      expect: 'one',
      note: 'ends one buffer before the anchor',
    },
    {
      venue: 'buffered',
      day: D.anchored,
      from: '14:30',
      to: '16:00',
      copies: 6,
      expect: 'one',
      note: 'starts one buffer after the anchor',
    },
    { venue: 'tight', day: D.anchored, from: '11:00', to: '13:00', copies: 5, expect: 'none', note: 'overlaps the anchor' },
    { venue: 'tight', day: D.anchored, from: '13:30', to: '14:30', copies: 5, expect: 'none', note: 'overlaps the anchor' },
    {
      venue: 'tight',
      day: D.anchored,
      from: '10:00',
      to: '12:00',
      copies: 5,
      expect: 'one',
      note: 'ends where the anchor starts',
    },
    {
      venue: 'tight',
      day: D.anchored,
      from: '14:00',
      to: '16:00',
      copies: 5,
      expect: 'one',
      note: 'starts where the anchor ends',
    }
  );
  // Partial overlaps: a window starting every 30 min (2 h on buffer 0, 1.5 h on buffer 30), 2 copies each.
  for (let from = '08:00'; from <= '20:00'; from = clockPlus(from, 30)) {
    specs.push({
      venue: 'tight',
      day: D.partialTight,
      from,
      to: clockPlus(from, 120),
      copies: 2,
      expect: 'any',
      note: 'partial overlaps',
    });
  }
  for (let from = '08:00'; from <= '20:30'; from = clockPlus(from, 30)) {
    specs.push({
      venue: 'buffered',
      day: D.partialBuffered,
      from,
      to: clockPlus(from, 90),
      copies: 2,
      expect: 'any',
      note: 'partial overlaps + buffer',
    });
  }
  // Many identical requests for one window.
  specs.push({ venue: 'tight', day: D.identical, from: '10:00', to: '12:00', copies: 24, expect: 'one', note: '24 identical' });
  return specs;
};

describeWith(['postgres'])('booking engine under concurrency, two instances on one database', () => {
  let app: TestApp;
  let instanceB: TestInstance | undefined;
  let vendor: TestVendor;
  let venues: Record<VenueKey, TestVenue>;
  let customers: TestUser[];
  const anchorDocumentIds: string[] = [];
  const knex = (): Knex => app.strapi.db.connection;
  const sharedDatabaseUrl = () => databaseUrl(process.env.TOFIMOTIA_TEST_PG_BASE_URL as string, app.database.name);

  const window = (venue: VenueKey, day: number, from: string, to: string) => ({
    venue: venues[venue].documentId,
    start: localTime(ZONE, day, from),
    end: localTime(ZONE, day, to),
    guests: 10,
  });

  beforeAll(async () => {
    app = await startApp();
    expect(app.database.client).toBe('postgres');
    vendor = await createVendor(app);
    venues = {
      tight: await createVenue(app, vendor, { buffer_minutes: 0 }),
      buffered: await createVenue(app, vendor, { buffer_minutes: 30 }),
    };
    customers = [];
    for (let i = 0; i < 24; i += 1) customers.push(await createCustomer(app));
    // Winners per customer are not predictable; the hold cap is not what this suite is about.
    await setSetting(app, 'booking.max_active_holds_per_customer', 1000);
    for (const anchor of ANCHORS) {
      const res = await app
        .http()
        .post(app.api('/bookings/create'))
        .set(customers[0].auth)
        .send(window(anchor.venue, anchor.day, anchor.from, anchor.to));
      expect(res.status).toBe(201);
      anchorDocumentIds.push(res.body.data.documentId);
    }
    instanceB = await startInstance({ databaseUrl: sharedDatabaseUrl() });
  }, TIMEOUT);

  afterAll(async () => {
    await instanceB?.stop();
    await app?.stop();
  }, TIMEOUT);

  it('accepts tokens issued by A on B and reads the same database', async () => {
    const b = instanceB as TestInstance;
    const res = await b.http().get(b.api('/bookings/history?pageSize=100')).set(customers[0].auth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((booking: { documentId: string }) => booking.documentId)).toEqual(
      expect.arrayContaining(anchorDocumentIds)
    );
    expect([401, 403]).toContain((await b.http().get(b.api('/bookings/history'))).status);
  });

  it(
    'lets exactly one of each set of conflicting simultaneous requests win, across instances',
    async () => {
      const b = instanceB as TestInstance;
      const specs = buildSpecs();
      const planned = shuffle(
        specs.flatMap((spec) => Array.from({ length: spec.copies }, () => spec)),
        20261124
      );
      expect(planned.length).toBeGreaterThanOrEqual(200);

      const started = Date.now();
      const outcomes: Outcome[] = await Promise.all(
        planned.map(async (spec, index): Promise<Outcome> => {
          const instance = index % 2 === 0 ? 'A' : 'B';
          const target = instance === 'A' ? app : b;
          const payload = window(spec.venue, spec.day, spec.from, spec.to);
          const base = {
            index,
            instance,
            spec,
            key: keyOf(spec),
            start: Date.parse(payload.start),
            end: Date.parse(payload.end),
          } as const;
          const t0 = Date.now();
          try {
            const res = await target
              .http()
              .post('/api/v1/bookings/create')
              .set(customers[index % customers.length].auth)
              .send(payload);
            return { ...base, status: res.status, body: res.body ?? {}, ms: Date.now() - t0 };
          } catch (error) {
            return { ...base, status: 0, body: {}, error: String((error as Error).stack ?? error), ms: Date.now() - t0 };
          }
        })
      );
      const elapsed = Date.now() - started;

      const describeOutcome = (o: Outcome) =>
        `#${o.index} ${o.instance} ${o.key} (${o.spec.note}) -> ${o.status} ${o.error ?? JSON.stringify(o.body).slice(0, 400)}`;
      const count = (instance: 'A' | 'B', status: number) =>
        outcomes.filter((o) => o.instance === instance && o.status === status).length;
      const won = outcomes.filter((o) => o.status === 201);
      const lost = outcomes.filter((o) => o.status === 409);
      const cliqueOf = (o: Outcome) => o.spec.clique ?? o.key;
      const crossInstance = [...new Set(outcomes.map(cliqueOf))].filter((clique) => {
        const members = outcomes.filter((o) => cliqueOf(o) === clique);
        const winner = members.find((o) => o.status === 201);
        return winner && members.some((o) => o.status === 409 && o.instance !== winner.instance);
      }).length;
      console.log(
        `[concurrency] ${outcomes.length} simultaneous creates in ${elapsed} ms (slowest ${Math.max(...outcomes.map((o) => o.ms))} ms): ` +
          `A 201=${count('A', 201)} 409=${count('A', 409)}, B 201=${count('B', 201)} 409=${count('B', 409)}, ` +
          `other=${outcomes.length - won.length - lost.length}; ${crossInstance} contested windows decided across instances, ` +
          `${lost.filter((o) => /concurrent request/.test(o.body.error?.message ?? '')).length} refusals by the exclusion constraint (23P01)`
      );

      // What users see: never a server error, only "booked" or "taken".
      expect(outcomes.filter((o) => o.status === 0 || o.status >= 500).map(describeOutcome)).toEqual([]);
      expect(outcomes.filter((o) => o.status !== 201 && o.status !== 409).map(describeOutcome)).toEqual([]);
      expect(
        lost
          .filter((o) => o.body.error?.name !== 'ConflictError' || o.body.error?.details?.reason !== 'SLOT_TAKEN')
          .map(describeOutcome)
      ).toEqual([]);
      expect(
        won.filter((o) => o.body.data?.status !== 'pending_payment' || !o.body.data?.documentId).map(describeOutcome)
      ).toEqual([]);

      // The winners (plus the anchors) never conflict with each other ...
      const anchors = ANCHORS.map((a) => ({
        ...a,
        key: `anchor ${keyOf(a)}`,
        start: Date.parse(localTime(ZONE, a.day, a.from)),
        end: Date.parse(localTime(ZONE, a.day, a.to)),
      }));
      const holders = [
        ...anchors,
        ...won.map((o) => ({ venue: o.spec.venue, key: `#${o.index} ${o.instance} ${o.key}`, start: o.start, end: o.end })),
      ];
      const doubleBooked: string[] = [];
      holders.forEach((x, i) =>
        holders.slice(i + 1).forEach((y) => conflicts(x, y) && doubleBooked.push(`${x.key} <> ${y.key}`))
      );
      expect(doubleBooked).toEqual([]);
      // ... and every refusal is explained by one of them (no 409 for a window that stayed free).
      expect(
        lost
          .filter((o) => !holders.some((h) => conflicts({ venue: o.spec.venue, start: o.start, end: o.end }, h)))
          .map(describeOutcome)
      ).toEqual([]);

      // Exactly one winner per set of mutually conflicting windows; none where the anchor is in the way.
      const cliques = new Map<string, { expect: Expectation; winners: number; requests: number; instances: Set<string> }>();
      for (const o of outcomes) {
        const entry = cliques.get(cliqueOf(o)) ?? {
          expect: o.spec.expect,
          winners: 0,
          requests: 0,
          instances: new Set<string>(),
        };
        entry.requests += 1;
        entry.instances.add(o.instance);
        if (o.status === 201) entry.winners += 1;
        cliques.set(cliqueOf(o), entry);
      }
      const wrongWinnerCounts = [...cliques.entries()]
        .filter(([, c]) => (c.expect === 'one' && c.winners !== 1) || (c.expect === 'none' && c.winners !== 0))
        .map(([clique, c]) => `${clique}: expected ${c.expect === 'one' ? 1 : 0} winner(s) of ${c.requests}, got ${c.winners}`);
      expect(wrongWinnerCounts).toEqual([]);
      // The contested windows really were contested from both instances (deterministic split).
      expect([...cliques.entries()].filter(([, c]) => c.requests >= 5 && c.instances.size < 2).map(([clique]) => clique)).toEqual(
        []
      );

      // Both sides of every adjacent (buffer 0) and buffer-adjacent (buffer 30) pair were granted.
      const winnerOf = (venue: VenueKey, day: number, from: string, to: string) =>
        anchors.some((a) => a.venue === venue && a.day === day && a.from === from && a.to === to) ||
        won.some((o) => o.spec.venue === venue && o.spec.day === day && o.spec.from === from && o.spec.to === to);
      const sidesMissing: string[] = [];
      const checkPairs = (venue: VenueKey, day: number, windows: Array<[string, string]>) => {
        const gap = BUFFERS[venue];
        for (const [from, to] of windows) {
          for (const [from2, to2] of windows) {
            if (clockPlus(to, gap) !== from2) continue;
            for (const [f, t] of [
              [from, to],
              [from2, to2],
            ]) {
              if (!winnerOf(venue, day, f, t))
                sidesMissing.push(`${keyOf({ venue, day, from: f, to: t })} (pair ${from}-${to} / ${from2}-${to2})`);
            }
          }
        }
      };
      const windowsOn = (venue: VenueKey, day: number): Array<[string, string]> => [
        ...specs
          .filter((s) => s.venue === venue && s.day === day && s.expect === 'one')
          .map((s) => [s.from, s.to] as [string, string]),
        ...ANCHORS.filter((a) => a.venue === venue && a.day === day).map((a) => [a.from, a.to] as [string, string]),
      ];
      checkPairs('tight', D.adjacent, windowsOn('tight', D.adjacent));
      checkPairs('buffered', D.bufferAdjacent, windowsOn('buffered', D.bufferAdjacent));
      checkPairs('tight', D.anchored, windowsOn('tight', D.anchored));
      checkPairs('buffered', D.anchored, windowsOn('buffered', D.anchored));
      expect(sidesMissing).toEqual([]);

      // The database invariant, from the bookings themselves: no two live bookings of a venue closer than its buffer.
      const overlappingBookings = await knex().raw(`
        SELECT a.document_id AS a, b.document_id AS b, la.venue_id
          FROM bookings a
          JOIN bookings_venue_lnk la ON la.booking_id = a.id
          JOIN bookings_venue_lnk lb ON lb.venue_id = la.venue_id AND lb.booking_id > a.id
          JOIN bookings b ON b.id = lb.booking_id
          JOIN venues v ON v.id = la.venue_id
         WHERE a.status IN ${HOLDING_SQL} AND b.status IN ${HOLDING_SQL}
           AND a.start_datetime - (COALESCE(v.buffer_minutes, 0) / 2.0) * INTERVAL '1 minute'
             < b.end_datetime + (COALESCE(v.buffer_minutes, 0) / 2.0) * INTERVAL '1 minute'
           AND b.start_datetime - (COALESCE(v.buffer_minutes, 0) / 2.0) * INTERVAL '1 minute'
             < a.end_datetime + (COALESCE(v.buffer_minutes, 0) / 2.0) * INTERVAL '1 minute'`);
      expect(overlappingBookings.rows).toEqual([]);
      // ... and from booking_slots (the table the exclusion constraint guards).
      const overlappingSlots = await knex().raw(`
        SELECT a.booking_document_id AS a, b.booking_document_id AS b, a.venue_document_id
          FROM booking_slots a
          JOIN booking_slots b ON b.venue_document_id = a.venue_document_id AND b.booking_document_id > a.booking_document_id
         WHERE a.active AND b.active
           AND int8range(a.guard_start_ms, a.guard_end_ms, '[)') && int8range(b.guard_start_ms, b.guard_end_ms, '[)')`);
      expect(overlappingSlots.rows).toEqual([]);

      // Every 201 is one booking row and one active slot, nothing more (no row left by a refused request).
      const venueIds = [venues.tight.id, venues.buffered.id];
      const venueDocumentIds = [venues.tight.documentId, venues.buffered.documentId];
      const bookingRows: Array<{
        document_id: string;
        status: string;
        start_datetime: Date;
        end_datetime: Date;
        venue_id: number;
      }> = await knex()('bookings as b')
        .join('bookings_venue_lnk as l', 'l.booking_id', 'b.id')
        .whereIn('l.venue_id', venueIds)
        .whereNotIn('b.document_id', anchorDocumentIds)
        .select('b.document_id', 'b.status', 'b.start_datetime', 'b.end_datetime', 'l.venue_id');
      const activeSlots: Array<{
        booking_document_id: string;
        venue_document_id: string;
        start_ms: string;
        end_ms: string;
        guard_start_ms: string;
        guard_end_ms: string;
      }> = await knex()('booking_slots')
        .whereIn('venue_document_id', venueDocumentIds)
        .andWhere('active', true)
        .whereNotIn('booking_document_id', anchorDocumentIds)
        .select('*');
      const wonIds = won.map((o) => o.body.data?.documentId as string).sort();
      expect(new Set(wonIds).size).toBe(won.length);
      expect(bookingRows.length).toBe(won.length);
      expect(activeSlots.length).toBe(won.length);
      expect(bookingRows.map((r) => r.document_id).sort()).toEqual(wonIds);
      expect(activeSlots.map((r) => r.booking_document_id).sort()).toEqual(wonIds);
      const rowById = new Map(bookingRows.map((r) => [r.document_id, r]));
      const slotById = new Map(activeSlots.map((r) => [r.booking_document_id, r]));
      const mismatched = won
        .filter((o) => {
          const id = o.body.data?.documentId as string;
          const row = rowById.get(id);
          const slot = slotById.get(id);
          const half = (BUFFERS[o.spec.venue] * MINUTE) / 2;
          return (
            !row ||
            !slot ||
            row.status !== 'pending_payment' ||
            row.venue_id !== venues[o.spec.venue].id ||
            new Date(row.start_datetime).getTime() !== o.start ||
            new Date(row.end_datetime).getTime() !== o.end ||
            slot.venue_document_id !== venues[o.spec.venue].documentId ||
            Number(slot.start_ms) !== o.start ||
            Number(slot.end_ms) !== o.end ||
            Number(slot.guard_start_ms) !== o.start - half ||
            Number(slot.guard_end_ms) !== o.end + half
          );
        })
        .map(describeOutcome);
      expect(mismatched).toEqual([]);
      expect(crossInstance).toBeGreaterThan(0);
    },
    TIMEOUT
  );

  /** Direct INSERTs into booking_slots: an overlapping active row is refused with SQLSTATE 23P01. */
  const expectExclusionEnforced = async () => {
    const { rows } = await knex().raw(
      `SELECT conname, contype, conrelid::regclass::text AS relation, pg_get_constraintdef(oid) AS definition
         FROM pg_constraint WHERE conname = 'booking_slots_no_overlap'`
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contype: 'x', relation: 'booking_slots' });
    expect(rows[0].definition).toMatch(
      /^EXCLUDE USING gist \(venue_document_id WITH =, int8range\(guard_start_ms, guard_end_ms, '\[\)'::text\) WITH &&\) WHERE \(active\)$/
    );

    const probe = `probe-${crypto.randomBytes(6).toString('hex')}`;
    const slot = (id: string, start: number, end: number, extra: Record<string, unknown> = {}) => ({
      booking_document_id: `${probe}-${id}`,
      venue_document_id: probe,
      customer_id: null,
      start_ms: start,
      end_ms: end,
      guard_start_ms: start,
      guard_end_ms: end,
      expires_at_ms: null,
      status: 'confirmed',
      active: true,
      ...extra,
    });
    const insert = (row: Record<string, unknown>) => knex()('booking_slots').insert(row);
    try {
      await insert(slot('base', 1_000_000, 2_000_000));
      await expect(insert(slot('overlap', 1_999_999, 3_000_000))).rejects.toMatchObject({
        code: '23P01',
        constraint: 'booking_slots_no_overlap',
      });
      await expect(insert(slot('inside', 1_200_000, 1_800_000))).rejects.toMatchObject({ code: '23P01' });
      // Touching ranges ('[)'), inactive rows and other venues are not in each other's way.
      await insert(slot('touching', 2_000_000, 3_000_000));
      await insert(slot('inactive', 1_500_000, 2_500_000, { active: false }));
      await insert(slot('other-venue', 1_500_000, 2_500_000, { venue_document_id: `${probe}-other` }));
      // Re-activating an overlapping row is refused too.
      await expect(
        knex()('booking_slots').where('booking_document_id', `${probe}-inactive`).update({ active: true })
      ).rejects.toMatchObject({ code: '23P01' });
    } finally {
      await knex()('booking_slots').where('venue_document_id', 'like', `${probe}%`).delete();
    }
  };

  it(
    'has the exclusion constraint, and it refuses an overlapping direct INSERT with 23P01',
    async () => {
      await expectExclusionEnforced();
    },
    TIMEOUT
  );

  it(
    'keeps the constraint through a restart with a Strapi schema sync',
    async () => {
      await instanceB?.stop();
      instanceB = undefined;
      // Make the next boot run a full schema diff (as after an upgrade or a content-type change),
      // not the "schema unchanged" shortcut.
      await knex()('strapi_database_schema').update({ hash: 'forced-resync-by-concurrency-test' });
      instanceB = await startInstance({ databaseUrl: sharedDatabaseUrl() });
      const stored = await knex()('strapi_database_schema').select('hash');
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.map((r: { hash: string }) => r.hash)).not.toContain('forced-resync-by-concurrency-test');

      await expectExclusionEnforced();

      // And through the API on the restarted instance plus the in-process one: one winner.
      const venue = await createVenue(app, vendor, { buffer_minutes: 30 });
      const payload = {
        venue: venue.documentId,
        start: localTime(ZONE, D.restart, '10:00'),
        end: localTime(ZONE, D.restart, '12:00'),
        guests: 10,
      };
      const restarted = instanceB;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? app.http() : restarted.http()).post('/api/v1/bookings/create').set(customers[i].auth).send(payload)
        )
      );
      expect(results.filter((r) => r.status >= 500).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
      expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    },
    TIMEOUT
  );

  it('re-creates a missing constraint at boot', async () => {
    await knex().raw('ALTER TABLE booking_slots DROP CONSTRAINT booking_slots_no_overlap');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
    const { ensureBookingConstraints } = require(`${app.strapi.dirs.dist.root}/src/bootstrap/booking-constraints`);
    await ensureBookingConstraints(app.strapi);
    await expectExclusionEnforced();
  });
});
