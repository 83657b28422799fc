import { z } from 'zod';
import { instant, integer } from '../../../../infra/openapi-shapes';

/** Response shapes of the insights routes (OpenAPI document; the controllers send exactly these). */

const date = z.string().describe('Calendar date YYYY-MM-DD in the reporting timezone');
const change = z.number().nullable().describe('Percent change against the previous period (null: previous was 0)');
const counts = z.object({}).catchall(integer);

const reportMeta = z.object({
  currency: z.string().describe('ISO 4217 code of every money figure (integer minor units)'),
  timezone: z.string().describe('IANA zone whose calendar days the periods are'),
  from: date,
  to: date,
  interval: z.enum(['day', 'week', 'month']),
  rollups_through: date.nullable().describe('Last day read from the daily rollups; later days are computed live'),
  generated_at: instant,
});

const period = { period_start: date, period_end: date };

const report = <S extends z.ZodRawShape, T extends z.ZodRawShape>(figures: S, totals: T, description: string) =>
  z
    .object({
      data: z.object({
        series: z.array(z.object({ ...period, ...figures })),
        totals: z.object({ ...figures, ...totals }),
        previous: z.object({ from: date, to: date, totals: z.object(figures) }),
        change: z.object(Object.fromEntries(Object.keys(figures).map((key) => [key, change])) as Record<keyof S, typeof change>),
      }),
      meta: reportMeta,
    })
    .describe(`${description} CSV with format=csv (text/csv, streamed).`);

export const revenueReport = report(
  { gross: integer, fees: integer, refunds: integer, net: integer, payouts: integer },
  {},
  'Revenue in minor units of meta.currency: gross (captured payments, by payment date), fees (platform fee of those payments), refunds (succeeded refunds, by refund date), net = gross − refunds, payouts (vendor share of destination charges).'
);

const bookingFigures = { created: integer, confirmed: integer, cancelled: integer };
export const bookingsReport = report(
  bookingFigures,
  { by_status: counts, by_city: z.array(z.object({ city: z.string().nullable(), count: integer })) },
  'Bookings by creation date with their current status: created (all), confirmed (confirmed or completed), cancelled; series items also carry by_status.'
);

export const userGrowthReport = report(
  { signups: integer, new_vendors: integer, active_users: integer },
  { vendors_by_status: counts },
  'User growth: signups, new vendor profiles, active users (distinct customers who created a booking in the period); vendors_by_status is the current count.'
);

const latency = z.object({
  status: z.enum(['up', 'down', 'disabled']),
  latency_ms: z.number().nullable(),
  error: z.string().optional(),
});

export const healthResponse = z
  .object({
    data: z.object({
      status: z.enum(['ok', 'degraded']),
      checked_at: instant,
      database: latency.extend({ client: z.string() }),
      redis: latency,
      queues: z.array(
        z.object({
          name: z.string(),
          kind: z.enum(['bullmq', 'memory']),
          waiting: integer,
          active: integer,
          delayed: integer,
          failed: integer,
        })
      ),
      jobs: z.array(
        z.object({
          name: z.string(),
          last_started_at: instant,
          last_finished_at: instant,
          last_duration_ms: integer,
          last_status: z.enum(['ok', 'failed']),
          last_error: z.string().nullable(),
          last_success_at: instant.nullable(),
        })
      ),
      http: z.object({
        scope: z.literal('instance'),
        uptime_s: integer,
        requests: integer,
        errors: integer,
        error_rate: z.number(),
        routes: z.array(
          z.object({
            method: z.string(),
            route: z.string(),
            requests: integer,
            errors: integer,
            error_rate: z.number(),
            p50_ms: z.number().nullable(),
            p95_ms: z.number().nullable(),
          })
        ),
      }),
    }),
    meta: z.object({}),
  })
  .describe(
    'System health: measured database/Redis pings, queue depths, last job runs, HTTP error rate and p50/p95 per route (this instance).'
  );
