import { DateTime } from 'luxon';
import { startApp, type TestApp } from '../harness/app';
import { setSetting } from '../harness/bookings';
import { directDaily, seedActivity, service, STATUSES, type DayFigures } from './analytics-fixtures';

/**
 * Reconciliation: the reports (rollups + live slice) equal plain per-day SQL aggregates over the same rows, in a
 * non-UTC reporting timezone across its DST change, after incremental refreshes and after a timezone change.
 */

interface Rollups {
  refresh(now?: number): Promise<{ mode: string; days: number; rows: number }>;
  stateOf(tz: string): Promise<{ built_through_day: number } | null>;
}
interface Analytics {
  report(
    name: string,
    query: Record<string, unknown>,
    now?: number
  ): Promise<{
    data: { series: Record<string, unknown>[]; totals: Record<string, unknown>; previous: { totals: Record<string, number> } };
    meta: { rollups_through: string | null; timezone: string; currency: string };
  }>;
}

let app: TestApp;
let rollups: Rollups;
let analytics: Analytics;

const FROM = '2026-03-01';
const TO = '2026-04-12';

beforeAll(async () => {
  app = await startApp({ env: { CRON_ENABLED: 'false' } });
  rollups = service<Rollups>(app, 'analyticsRollups');
  analytics = service<Analytics>(app, 'analytics');
  await seedActivity(app, 260, '2026-02-20T00:00:00.000Z', '2026-04-13T00:00:00.000Z');
  await setSetting(app, 'analytics.reporting', { timezone: 'Europe/Berlin', currency: 'EUR' });
}, 180_000);
afterAll(async () => {
  await app.stop();
});

const at = (iso: string) => Date.parse(iso);

/** Expected report series from the reference, per report. */
const expectedRevenue = (days: DayFigures[], currency: string) =>
  days.map((d) => {
    const gross = d.gross[currency] ?? 0;
    const refunds = d.refunds[currency] ?? 0;
    return {
      period_start: d.date,
      gross,
      fees: d.fees[currency] ?? 0,
      refunds,
      net: gross - refunds,
      payouts: d.payouts[currency] ?? 0,
    };
  });
const expectedBookings = (days: DayFigures[]) =>
  days.map((d) => ({
    period_start: d.date,
    created: STATUSES.reduce((n, s) => n + (d.status[s] ?? 0), 0),
    confirmed: (d.status.confirmed ?? 0) + (d.status.completed ?? 0),
    cancelled: d.status.cancelled ?? 0,
    by_status: Object.fromEntries(STATUSES.map((s) => [s, d.status[s] ?? 0])),
  }));

const pick = (series: Record<string, unknown>[], keys: string[]) =>
  series.map((item) => Object.fromEntries(keys.map((k) => [k, item[k]])));

const reconcile = async (zone: string, now: number) => {
  const days = await directDaily(app, zone, FROM, TO);
  const revenue = await analytics.report('revenue', { from: FROM, to: TO, interval: 'day' }, now);
  expect(pick(revenue.data.series, ['period_start', 'gross', 'fees', 'refunds', 'net', 'payouts'])).toEqual(
    expectedRevenue(days, 'EUR')
  );
  const usd = await analytics.report('revenue', { from: FROM, to: TO, currency: 'USD' }, now);
  expect(pick(usd.data.series, ['period_start', 'gross', 'fees', 'refunds', 'net', 'payouts'])).toEqual(
    expectedRevenue(days, 'USD')
  );
  const bookings = await analytics.report('bookings', { from: FROM, to: TO }, now);
  expect(pick(bookings.data.series, ['period_start', 'created', 'confirmed', 'cancelled', 'by_status'])).toEqual(
    expectedBookings(days)
  );
  const growth = await analytics.report('user-growth', { from: FROM, to: TO }, now);
  expect(pick(growth.data.series, ['period_start', 'signups', 'new_vendors'])).toEqual(
    days.map((d) => ({ period_start: d.date, signups: d.signups, new_vendors: d.vendors }))
  );
  // Weeks and months are sums of their days; totals are sums of the series.
  for (const interval of ['week', 'month']) {
    const grouped = await analytics.report('bookings', { from: FROM, to: TO, interval }, now);
    const created = (grouped.data.series as { created: number }[]).reduce((n, p) => n + p.created, 0);
    expect(created).toBe(expectedBookings(days).reduce((n, d) => n + d.created, 0));
    expect(grouped.data.totals.created).toBe(created);
  }
  return { days, revenue, bookings };
};

describe('rollups reconcile with direct SQL aggregates', () => {
  it('with no rollups yet, everything is computed live and matches', async () => {
    const { revenue } = await reconcile('Europe/Berlin', at('2026-04-20T10:00:00Z'));
    expect(revenue.meta.rollups_through).toBeNull();
    expect(revenue.meta.timezone).toBe('Europe/Berlin');
  });

  it('after a full rebuild (rollups up to yesterday) the reports still match, across the DST change', async () => {
    const now = at('2026-04-20T10:00:00Z');
    const outcome = await rollups.refresh(now);
    expect(outcome.mode).toBe('full');
    expect(outcome.rows).toBeGreaterThan(0);
    const { revenue, days } = await reconcile('Europe/Berlin', now);
    expect(revenue.meta.rollups_through).toBe('2026-04-19');
    // The spring-forward day (23 hours) holds the bookings created at its local midnights.
    const dst = days.find((d) => d.date === '2026-03-29') as DayFigures;
    expect(STATUSES.reduce((n, s) => n + (dst.status[s] ?? 0), 0)).toBeGreaterThanOrEqual(2);
    const stored = await app.strapi.db
      .connection('analytics_daily_rollups')
      .where({ timezone: 'Europe/Berlin' })
      .count({ n: '*' })
      .first();
    expect(Number((stored as { n: unknown }).n)).toBe(outcome.rows);
  });

  it('rollups up to a day in the middle plus the live slice after it match', async () => {
    await app.strapi.db.connection('analytics_rollup_state').delete();
    const now = at('2026-03-30T10:00:00Z'); // Berlin: rollups through 2026-03-29, live from the 30th
    await rollups.refresh(now);
    const { revenue } = await reconcile('Europe/Berlin', now);
    expect(revenue.meta.rollups_through).toBe('2026-03-29');
  });

  it('a status change of an old booking reaches the rollups at the next incremental refresh', async () => {
    const now = at('2026-04-20T10:00:00Z');
    await app.strapi.db.connection('analytics_rollup_state').delete();
    await rollups.refresh(now - 60_000);
    const booking = (await app.strapi.db
      .connection('bookings')
      .where('status', '<>', 'cancelled')
      .andWhere(
        'created_at',
        '>=',
        app.database.client === 'postgres' ? '2026-03-10T00:00:00.000Z' : Date.parse('2026-03-10T00:00:00Z')
      )
      .orderBy('id')
      .first()) as { id: number; created_at: unknown };
    await app.strapi.db
      .query('api::booking.booking')
      .update({ where: { id: booking.id }, data: { status: 'cancelled', updatedAt: new Date(now - 30_000) } });
    const outcome = await rollups.refresh(now);
    expect(outcome.mode).toBe('incremental');
    expect(outcome.days).toBeGreaterThanOrEqual(1);
    await reconcile('Europe/Berlin', now);
  });

  it('a new reporting timezone is computed live at once and rebuilt by the next refresh', async () => {
    await setSetting(app, 'analytics.reporting', { timezone: 'America/New_York', currency: 'EUR' });
    const now = at('2026-04-20T10:00:00Z');
    const live = await reconcile('America/New_York', now);
    expect(live.revenue.meta.rollups_through).toBeNull();
    expect((await rollups.refresh(now)).mode).toBe('full');
    const rebuilt = await reconcile('America/New_York', now);
    expect(rebuilt.revenue.meta.rollups_through).toBe('2026-04-19');
    const zones = await app.strapi.db.connection('analytics_daily_rollups').distinct('timezone');
    expect(zones).toEqual([{ timezone: 'America/New_York' }]);
  });

  it('on PostgreSQL the daily booking counts equal a GROUP BY with AT TIME ZONE', async () => {
    if (app.database.client !== 'postgres') return;
    const zone = 'America/New_York';
    const { rows } = (await app.strapi.db.connection.raw(
      `select to_char(date_trunc('day', (created_at at time zone 'UTC') at time zone ?), 'YYYY-MM-DD') as d, count(*) as n
         from bookings
        where (created_at at time zone 'UTC') at time zone ? >= ?::date and (created_at at time zone 'UTC') at time zone ? < (?::date + 1)
        group by 1 order by 1`,
      [zone, zone, FROM, zone, TO]
    )) as { rows: { d: string; n: string }[] };
    const report = await analytics.report('bookings', { from: FROM, to: TO }, at('2026-04-20T10:00:00Z'));
    const nonZero = (report.data.series as { period_start: string; created: number }[]).filter((p) => p.created > 0);
    expect(nonZero.map((p) => [p.period_start, p.created])).toEqual(rows.map((r) => [r.d, Number(r.n)]));
    expect(DateTime.fromISO('2026-03-08', { zone }).isInDST).toBe(false);
  });
});
