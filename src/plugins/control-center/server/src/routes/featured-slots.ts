import { adminPolicies } from '../permissions';

/**
 * Featured-slot requests, staff side (area `venues`): the list and the two decisions, on the admin surface
 * (/control-center/featured-slots) and under both content-api management trees (API-token scopes
 * `plugin::control-center.featured-slots.{find,approve,reject}`). Not in the OpenAPI document, like the other
 * operations routes (see routes/operations/index.ts, DOCUMENTED).
 */
const OPERATIONS = [
  { method: 'GET' as const, path: '', handler: 'featured-slots.find' },
  { method: 'POST' as const, path: '/:id/approve', handler: 'featured-slots.approve' },
  { method: 'POST' as const, path: '/:id/reject', handler: 'featured-slots.reject' },
];

const API_TREES = ['/admin/management/featured-slots', '/admin-dashboard/management/featured-slots'];

export const admin = OPERATIONS.map((operation) => ({
  ...operation,
  path: `/featured-slots${operation.path}`,
  config: { policies: adminPolicies('venues') },
}));

export const contentApi = API_TREES.flatMap((base) =>
  OPERATIONS.map((operation) => ({
    ...operation,
    path: `${base}${operation.path}`,
    config: { prefix: '', policies: ['api::admin-action.is-api-token'] },
  }))
);
