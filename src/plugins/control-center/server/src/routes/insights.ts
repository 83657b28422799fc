import { queryParams } from '../../../../../infra/openapi-shapes';
import { adminPolicies } from '../permissions';
import { reportQuery } from '../services/insights/analytics';
import { bookingsReport, healthResponse, revenueReport, userGrowthReport } from '../insights-contracts';

/**
 * Routes of the insights area: `admin` for the panel (/control-center/..., area `dashboard`; CSV exports area
 * `reports`), `contentApi` for API tokens under both seed trees (/api/v1/admin/analytics/... and
 * /api/v1/admin-dashboard/metrics/..., same controllers: one scope per report). See routes/index.ts.
 */
const query = { query: queryParams(reportQuery) };

const REPORT_ROUTES = [
  { path: 'revenue', controller: 'analytics-revenue', admin: 'revenue', response: revenueReport },
  { path: 'bookings', controller: 'analytics-bookings', admin: 'bookings', response: bookingsReport },
  { path: 'user-growth', controller: 'analytics-user-growth', admin: 'userGrowth', response: userGrowthReport },
] as const;

export const admin: object[] = [
  ...REPORT_ROUTES.map((r) => ({
    method: 'GET',
    path: `/analytics/${r.path}`,
    handler: `insights-admin.${r.admin}`,
    config: { policies: adminPolicies('dashboard') },
    request: query,
    response: r.response,
  })),
  {
    method: 'GET',
    path: '/reports/analytics/:report',
    handler: 'insights-admin.exportReport',
    config: { policies: adminPolicies('reports') },
    request: query,
  },
  {
    method: 'GET',
    path: '/health',
    handler: 'insights-admin.health',
    config: { policies: adminPolicies('dashboard') },
    response: healthResponse,
  },
];

export const contentApi: object[] = [
  ...REPORT_ROUTES.flatMap((r) =>
    ['/admin/analytics', '/admin-dashboard/metrics'].map((tree) => ({
      method: 'GET',
      path: `${tree}/${r.path}`,
      handler: `${r.controller}.find`,
      config: { prefix: '' },
      request: query,
      response: r.response,
    }))
  ),
  {
    method: 'GET',
    path: '/admin-dashboard/operations/health',
    handler: 'operations-health.find',
    config: { prefix: '' },
    response: healthResponse,
  },
];
