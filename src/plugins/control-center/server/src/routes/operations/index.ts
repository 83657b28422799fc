import type { z } from 'zod';
import { jsonBody, queryParams } from '../../../../../../infra/openapi-shapes';
import {
  assignBody,
  auditExportQuery,
  auditListQuery,
  auditListResponse,
  documentIdParam,
  hideBody,
  moderationResponse,
  reasonBody,
  replyBody,
  reportListQuery,
  reportListResponse,
  resolveBody,
  restoreBody,
  reviewListQuery,
  reviewListResponse,
  settingsBody,
  settingsGroupParam,
  settingsResponse,
  staffTicketResponse,
  ticketQueueQuery,
  ticketQueueResponse,
  ticketStatusBody,
  userListQuery,
  userDetailResponse,
  userListResponse,
  userResponse,
  vendorActionResponse,
  vendorListQuery,
  vendorListResponse,
  vendorResponse,
  venueListQuery,
  venueListResponse,
  venueResponse,
} from '../../contracts/operations';
import { adminPolicies, type Area } from '../../permissions';

/**
 * Routes of the operations area, declared once and mounted twice (see routes/index.ts):
 * - `admin`: /control-center/<path> for the panel, each guarded by its area's RBAC action (adminPolicies(area));
 * - `contentApi`: /api/v1/admin/... and /api/v1/admin-dashboard/... for automation with API tokens. Each route's
 *   scope is `plugin::control-center.<controller>.<action>`; a route policy refuses anything but an API token
 *   (a customer's or vendor's JWT gets 403 even if a role were granted the action by mistake).
 */
interface Operation {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the area's prefix (`''` for the list). */
  path: string;
  handler: string;
  request?: Record<string, unknown>;
  response: z.ZodType;
}

interface Resource {
  area: Area;
  /** Path on the admin surface (under /control-center). */
  admin: string;
  /** Paths on the content-api surface (prefix ''). */
  api: string[];
  operations: Operation[];
}

const byId = { id: documentIdParam };
const action = (handler: string, verb: string, body: z.ZodType, response: z.ZodType): Operation => ({
  method: 'POST',
  path: `/:id/${verb}`,
  handler,
  request: { params: byId, body: jsonBody(body) },
  response,
});

const RESOURCES: Resource[] = [
  {
    area: 'vendors',
    admin: '/vendors',
    api: ['/admin/management/vendors', '/admin-dashboard/management/vendors'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'vendors.find',
        request: { query: queryParams(vendorListQuery) },
        response: vendorListResponse,
      },
      { method: 'GET', path: '/:id', handler: 'vendors.findOne', request: { params: byId }, response: vendorResponse },
      ...['approve', 'reject', 'suspend', 'reinstate'].map((verb) =>
        action(`vendors.${verb}`, verb, reasonBody, vendorActionResponse)
      ),
    ],
  },
  {
    area: 'venues',
    admin: '/venues',
    api: ['/admin/management/venues', '/admin-dashboard/management/venues'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'venues.find',
        request: { query: queryParams(venueListQuery) },
        response: venueListResponse,
      },
      { method: 'GET', path: '/:id', handler: 'venues.findOne', request: { params: byId }, response: venueResponse },
      ...['approve', 'reject', 'suspend', 'feature', 'unfeature'].map((verb) =>
        action(`venues.${verb}`, verb, reasonBody, venueResponse)
      ),
    ],
  },
  {
    area: 'users',
    admin: '/users',
    api: ['/admin/management/users', '/admin-dashboard/management/users'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'users.find',
        request: { query: queryParams(userListQuery) },
        response: userListResponse,
      },
      { method: 'GET', path: '/:id', handler: 'users.findOne', request: { params: byId }, response: userDetailResponse },
      ...['block', 'unblock'].map((verb) => action(`users.${verb}`, verb, reasonBody, userResponse)),
    ],
  },
  {
    area: 'moderation',
    admin: '/moderation/reviews',
    api: ['/admin/moderation/reviews', '/admin-dashboard/operations/reviews'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'reviews.find',
        request: { query: queryParams(reviewListQuery) },
        response: reviewListResponse,
      },
      action('reviews.hide', 'hide', hideBody, moderationResponse),
      action('reviews.restore', 'restore', restoreBody, moderationResponse),
    ],
  },
  {
    area: 'moderation',
    admin: '/moderation/reports',
    api: ['/admin/moderation/reports', '/admin-dashboard/operations/reports'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'moderation-reports.find',
        request: { query: queryParams(reportListQuery) },
        response: reportListResponse,
      },
      action('moderation-reports.resolve', 'resolve', resolveBody, moderationResponse),
      action('moderation-reports.dismiss', 'dismiss', resolveBody, moderationResponse),
    ],
  },
  {
    area: 'tickets',
    admin: '/tickets',
    api: ['/admin-dashboard/operations/tickets'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'tickets.find',
        request: { query: queryParams(ticketQueueQuery) },
        response: ticketQueueResponse,
      },
      { method: 'GET', path: '/:id', handler: 'tickets.findOne', request: { params: byId }, response: staffTicketResponse },
      action('tickets.assign', 'assign', assignBody, staffTicketResponse),
      action('tickets.reply', 'reply', replyBody, staffTicketResponse),
      action('tickets.update', 'status', ticketStatusBody, staffTicketResponse),
    ],
  },
  {
    area: 'settings',
    admin: '/settings',
    api: ['/admin/settings'],
    operations: [
      {
        method: 'GET',
        path: '/:group',
        handler: 'settings.findOne',
        request: { params: { group: settingsGroupParam } },
        response: settingsResponse,
      },
      {
        method: 'PUT',
        path: '/:group',
        handler: 'settings.update',
        request: { params: { group: settingsGroupParam }, body: jsonBody(settingsBody) },
        response: settingsResponse,
      },
    ],
  },
  {
    area: 'audit',
    admin: '/audit',
    api: ['/admin/audit'],
    operations: [
      {
        method: 'GET',
        path: '',
        handler: 'audit-log.find',
        request: { query: queryParams(auditListQuery) },
        response: auditListResponse,
      },
      {
        method: 'GET',
        path: '/export',
        handler: 'audit-export.find',
        request: { query: queryParams(auditExportQuery) },
        response: auditListResponse.describe('text/csv, streamed: one line per record (columns as the list), newest first'),
      },
    ],
  },
];

const DOCUMENTED = false;

export const admin = RESOURCES.flatMap((resource) =>
  resource.operations.map((operation) => ({
    method: operation.method,
    path: `${resource.admin}${operation.path}`,
    handler: operation.handler,
    config: { policies: adminPolicies(resource.area) },
  }))
);

export const contentApi = RESOURCES.flatMap((resource) =>
  resource.api.flatMap((base) =>
    resource.operations.map((operation) => ({
      method: operation.method,
      path: `${base}${operation.path}`,
      handler: operation.handler,
      config: { prefix: '', policies: ['api::admin-action.is-api-token'] },
      // Not yet in the OpenAPI document: with these 55 routes' request/response shapes, generating it took ~575 s on
      // the loaded test machine (to be bisected); the shapes stay declared above for when that is fixed.
      ...(DOCUMENTED ? { ...(operation.request ? { request: operation.request } : {}), response: operation.response } : {}),
    }))
  )
);
