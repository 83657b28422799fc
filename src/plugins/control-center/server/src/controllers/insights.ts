import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { controlCenterService } from '../get-service';
import { BOOKING_STATUSES, REPORTS, type ReportAnswer, type ReportName } from '../services/insights/analytics';

type Ctx = Context & { query: Record<string, unknown>; params: Record<string, string> };

const COLUMNS: Record<ReportName, string[]> = {
  revenue: ['gross', 'fees', 'refunds', 'net', 'payouts'],
  bookings: ['created', 'confirmed', 'cancelled', ...BOOKING_STATUSES.map((s) => `status_${s}`)],
  'user-growth': ['signups', 'new_vendors', 'active_users'],
};

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report's series as CSV lines, one period per line (money in minor units, as in JSON). */
function* csvLines(name: ReportName, answer: ReportAnswer): Generator<string> {
  const columns = COLUMNS[name];
  const extra = name === 'revenue' ? ['currency'] : [];
  yield `${['period_start', 'period_end', ...columns, ...extra, 'timezone'].join(',')}\n`;
  for (const item of answer.data.series) {
    const byStatus = (item.by_status ?? {}) as Record<string, number>;
    const values = columns.map((column) =>
      column.startsWith('status_') ? (byStatus[column.slice('status_'.length)] ?? 0) : (item as Record<string, unknown>)[column]
    );
    const tail = name === 'revenue' ? [answer.meta.currency] : [];
    yield `${[item.period_start, item.period_end, ...values, ...tail, answer.meta.timezone].map(csvCell).join(',')}\n`;
  }
}

const sendCsv = (ctx: Ctx, name: ReportName, answer: ReportAnswer) => {
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', `attachment; filename="${name}_${answer.meta.from}_${answer.meta.to}.csv"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = Readable.from(csvLines(name, answer));
};

const report = async (strapi: Core.Strapi, ctx: Ctx, name: ReportName, csv: 'allowed' | 'refused' | 'always') => {
  const query = { ...ctx.query };
  if (csv === 'always') query.format = 'csv';
  const answer = await controlCenterService(strapi, 'analytics').report(name, query);
  if (answer && query.format === 'csv') {
    if (csv === 'refused') {
      throw new errors.ValidationError(
        'format: CSV exports are served by /control-center/reports/analytics/:report (reports permission)',
        {
          errors: [{ path: ['format'], message: 'CSV export needs the reports permission', name: 'ValidationError' }],
        }
      );
    }
    sendCsv(ctx, name, answer);
    return;
  }
  ctx.body = answer;
};

/** One content-api controller per report (each action is an API-token scope; `find` so read-only tokens pass). */
const reportController =
  (name: ReportName) =>
  ({ strapi }: { strapi: Core.Strapi }) => ({
    async find(ctx: Ctx) {
      await report(strapi, ctx, name, 'allowed');
    },
  });

/** Controllers of the insights area (analytics, system health). */
export default {
  'analytics-revenue': reportController('revenue'),
  'analytics-bookings': reportController('bookings'),
  'analytics-user-growth': reportController('user-growth'),
  'operations-health': ({ strapi }: { strapi: Core.Strapi }) => ({
    async find(ctx: Ctx) {
      ctx.body = { data: await controlCenterService(strapi, 'systemHealth').report(), meta: {} };
    },
  }),
  /** Admin-panel routes (/control-center/...): guarded by the area's RBAC action in the route's policies. */
  'insights-admin': ({ strapi }: { strapi: Core.Strapi }) => ({
    async revenue(ctx: Ctx) {
      await report(strapi, ctx, 'revenue', 'refused');
    },
    async bookings(ctx: Ctx) {
      await report(strapi, ctx, 'bookings', 'refused');
    },
    async userGrowth(ctx: Ctx) {
      await report(strapi, ctx, 'user-growth', 'refused');
    },
    async exportReport(ctx: Ctx) {
      const name = ctx.params.report as ReportName;
      if (!(REPORTS as readonly string[]).includes(name)) throw new errors.NotFoundError(`no report "${name}"`);
      await report(strapi, ctx, name, 'always');
    },
    async health(ctx: Ctx) {
      ctx.body = { data: await controlCenterService(strapi, 'systemHealth').report(), meta: {} };
    },
  }),
};
