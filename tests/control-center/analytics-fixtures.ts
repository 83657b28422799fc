import crypto from 'node:crypto';
import { DateTime } from 'luxon';
import type { TestApp } from '../harness/app';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/** Shared data and the independent reference ("direct SQL per local day") of the analytics tests. */

export const STATUSES = ['requested', 'pending_payment', 'confirmed', 'rejected', 'expired', 'cancelled', 'completed'];

/** A deterministic PRNG (mulberry32), so failures reproduce. */
export const prng = (seed: number) => () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export const service = <T>(app: TestApp, name: string): T => app.strapi.plugin('control-center').service(name) as T;

export interface Seeded {
  customers: TestUser[];
  venues: TestVenue[];
  bookingIds: number[];
}

/**
 * Bookings, payments and refunds at chosen instants between `from` and `to` (ISO), some on purpose within
 * minutes of local midnights in Europe/Berlin and America/New_York, and around their 2026 DST changes.
 */
export const seedActivity = async (app: TestApp, count: number, fromIso: string, toIso: string, seed = 7): Promise<Seeded> => {
  const random = prng(seed);
  const vendor = await createVendor(app);
  const venues = [
    await createVenue(app, vendor),
    await createVenue(app, vendor, {
      location: { address: '2 Rue', city: 'Paris', country: 'FR', postal_code: '75001', lat: 48.85, lng: 2.35 },
    }),
  ];
  const customers = [await createCustomer(app), await createCustomer(app), await createCustomer(app)];
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  const tricky = [
    '2026-03-28T22:59:59.000Z', // 23:59:59 CET on the 28th (Berlin)
    '2026-03-28T23:00:00.000Z', // 00:00 CET on the 29th, spring-forward day
    '2026-03-29T21:59:59.000Z', // 23:59:59 CEST on the 29th
    '2026-03-29T22:00:00.000Z', // 00:00 CEST on the 30th
    '2026-03-08T04:59:00.000Z', // 23:59 EST on the 7th (New York), before its spring forward
    '2026-03-08T05:00:00.000Z', // 00:00 EST on the 8th
    '2026-03-09T03:59:00.000Z', // 23:59 EDT on the 8th
    '2026-03-09T04:00:00.000Z', // 00:00 EDT on the 9th
  ]
    .map(Date.parse)
    .filter((t) => t >= from && t < to);
  const instants = [...tricky, ...Array.from({ length: count - tricky.length }, () => from + Math.floor(random() * (to - from)))];
  const bookingIds: number[] = [];
  let n = 0;
  for (const created of instants) {
    n += 1;
    const status = STATUSES[Math.floor(random() * STATUSES.length)];
    const currency = random() < 0.8 ? 'EUR' : 'USD';
    const total = 1000 + Math.floor(random() * 50) * 100;
    const start = created + 30 * 86_400_000 + n * 3_600_000;
    const booking = (await app.strapi.db.query('api::booking.booking').create({
      data: {
        reference: `AN${crypto.randomBytes(5).toString('hex')}`,
        venue: venues[n % 2].id,
        customer: customers[n % 3].id,
        start_datetime: new Date(start),
        end_datetime: new Date(start + 3_600_000),
        guests: 2,
        status,
        payment_status: 'unpaid',
        total_amount: total,
        currency,
        createdAt: new Date(created),
        updatedAt: new Date(created),
      },
    })) as { id: number };
    bookingIds.push(booking.id);
    if (random() < 0.6) {
      const paymentStatus = ['succeeded', 'succeeded', 'partially_refunded', 'refunded', 'failed', 'processing'][
        Math.floor(random() * 6)
      ];
      const captured = ['failed', 'processing'].includes(paymentStatus) ? 0 : total;
      const fee = Math.round(total / 11);
      const paidAt = created + Math.floor(random() * 3_600_000);
      const payment = (await app.strapi.db.query('api::payment.payment').create({
        data: {
          booking: booking.id,
          customer: customers[n % 3].id,
          amount: total,
          currency,
          status: paymentStatus,
          provider: 'stripe',
          platform_fee: fee,
          amount_captured: captured,
          refunded_amount: 0,
          stripe_account_id: random() < 0.5 ? 'acct_test' : null,
          createdAt: new Date(paidAt),
          updatedAt: new Date(paidAt),
        },
      })) as { id: number };
      if (captured && random() < 0.4) {
        const refundedAt = paidAt + Math.floor(random() * 5 * 86_400_000);
        await app.strapi.db.query('api::refund.refund').create({
          data: {
            payment: payment.id,
            booking: booking.id,
            amount: Math.round(captured / 2),
            currency,
            status: random() < 0.8 ? 'succeeded' : 'pending',
            kind: 'cancellation',
            initiated_by: 'customer',
            createdAt: new Date(Math.min(refundedAt, to - 1)),
            updatedAt: new Date(Math.min(refundedAt, to - 1)),
          },
        });
      }
    }
  }
  // Spread the users' sign-ups over the range too.
  const users = (await app.strapi.db.query('plugin::users-permissions.user').findMany({ select: ['id'] })) as { id: number }[];
  for (const user of users) {
    await app.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: user.id }, data: { createdAt: new Date(from + Math.floor(random() * (to - from))) } });
  }
  return { customers, venues, bookingIds };
};

const isPg = (app: TestApp) => app.database.client === 'postgres';
const bind = (app: TestApp, ms: number) => (isPg(app) ? new Date(ms).toISOString() : ms);

export interface DayFigures {
  date: string;
  status: Record<string, number>;
  gross: Record<string, number>;
  fees: Record<string, number>;
  payouts: Record<string, number>;
  refunds: Record<string, number>;
  signups: number;
  vendors: number;
}

/**
 * The reference: for every local day of [fromDate, toDate] in `zone`, its UTC bounds from luxon, then plain
 * COUNT/SUM queries over the source tables between those bounds (no rollups, no offset arithmetic).
 */
export const directDaily = async (app: TestApp, zone: string, fromDate: string, toDate: string): Promise<DayFigures[]> => {
  const knex = app.strapi.db.connection;
  const out: DayFigures[] = [];
  for (let day = DateTime.fromISO(fromDate, { zone }); day.toISODate()! <= toDate; day = day.plus({ days: 1 })) {
    const start = bind(app, day.startOf('day').toMillis());
    const end = bind(app, day.plus({ days: 1 }).startOf('day').toMillis());
    const between = (column: string) => (qb: import('knex').Knex.QueryBuilder) =>
      qb.where(column, '>=', start).andWhere(column, '<', end);
    const statusRows = (await knex('bookings')
      .modify(between('created_at'))
      .select('status')
      .count({ n: '*' })
      .groupBy('status')) as {
      status: string;
      n: unknown;
    }[];
    const payRows = (await knex('payments')
      .modify(between('created_at'))
      .whereIn('status', ['succeeded', 'partially_refunded', 'refunded'])
      .andWhere('amount_captured', '>', 0)
      .select('currency', 'amount_captured', 'platform_fee', 'stripe_account_id')) as {
      currency: string;
      amount_captured: unknown;
      platform_fee: unknown;
      stripe_account_id: string | null;
    }[];
    const refundRows = (await knex('refunds')
      .modify(between('created_at'))
      .where('status', 'succeeded')
      .select('currency', 'amount')) as {
      currency: string;
      amount: unknown;
    }[];
    const signups = (await knex('up_users').modify(between('created_at')).count({ n: '*' }).first()) as { n: unknown };
    const vendors = (await knex('vendor_profiles').modify(between('created_at')).count({ n: '*' }).first()) as { n: unknown };
    const sumBy = <R extends { currency: string }>(rows: R[], value: (row: R) => number) => {
      const sums: Record<string, number> = {};
      for (const row of rows) sums[row.currency] = (sums[row.currency] ?? 0) + value(row);
      return sums;
    };
    out.push({
      date: day.toISODate()!,
      status: Object.fromEntries(statusRows.map((r) => [r.status, Number(r.n)])),
      gross: sumBy(payRows, (r) => Number(r.amount_captured)),
      fees: sumBy(payRows, (r) => Number(r.platform_fee)),
      payouts: sumBy(payRows, (r) => (r.stripe_account_id ? Number(r.amount_captured) - Number(r.platform_fee) : 0)),
      refunds: sumBy(refundRows, (r) => Number(r.amount)),
      signups: Number(signups.n),
      vendors: Number(vendors.n),
    });
  }
  return out;
};
