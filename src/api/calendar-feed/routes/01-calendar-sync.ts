import { documentIdParam } from '../../../infra/params';
import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  createImportBody,
  exportBody,
  exportFeedResponse,
  exportResponse,
  exportTokenParam,
  feedListResponse,
  feedResponse,
  feedSyncResponse,
  importsQuery,
} from '../contracts';
import type { IsVenueOwnerConfig } from '../../venue/policies/is-venue-owner';

/**
 * Vendor dashboard: iCal import URLs and the private export feed (contract: Vendor dashboard,
 * venues/availability). Imports and rotation are vendor-only (src/bootstrap/permissions.ts, then the
 * is-vendor policy) and answer 404 for anything of another vendor: a venue named in the request through the
 * is-venue-owner policy (after the same 400s as the controller for a malformed request), a feed in the
 * service. The export feed itself is public, its token is the credential.
 */
const base = '/vendor-dashboard/venues/availability';
const isVendor = 'api::venue.is-vendor';
const ownsVenue = (config: IsVenueOwnerConfig) => ({ name: 'api::venue.is-venue-owner', config });

const routes = [
  {
    method: 'GET',
    path: `${base}/ical-imports`,
    handler: 'calendar-imports.list',
    config: { policies: [isVendor, ownsVenue({ from: 'query', field: 'venue', schema: importsQuery, optional: true })] },
    request: { query: queryParams(importsQuery) },
    response: feedListResponse,
  },
  {
    method: 'POST',
    path: `${base}/ical-imports`,
    handler: 'calendar-imports.create',
    config: { policies: [isVendor, ownsVenue({ from: 'body', field: 'venue', schema: createImportBody })] },
    request: { body: jsonBody(createImportBody) },
    response: feedSyncResponse,
  },
  {
    method: 'DELETE',
    path: `${base}/ical-imports/:id`,
    handler: 'calendar-imports.remove',
    config: { policies: [isVendor] },
    request: { params: { id: documentIdParam } },
    response: feedResponse,
  },
  {
    method: 'POST',
    path: `${base}/ical-imports/:id/sync`,
    handler: 'calendar-imports.sync',
    config: { policies: [isVendor] },
    request: { params: { id: documentIdParam } },
    response: feedSyncResponse,
  },
  {
    method: 'POST',
    path: `${base}/ical-export`,
    handler: 'calendar-export.rotate',
    config: { policies: [isVendor, ownsVenue({ from: 'body', field: 'venue', schema: exportBody })] },
    request: { body: jsonBody(exportBody) },
    response: exportResponse,
  },
  {
    method: 'GET',
    path: `${base}/ical-export/:token`,
    handler: 'calendar-export.feed',
    request: { params: { token: exportTokenParam } },
    response: exportFeedResponse,
  },
];

/** The seed's `/vendor/...` tree serves the same routes (contract: Vendor dashboard, both trees). */
export default {
  routes: [...routes, ...routes.map((route) => ({ ...route, path: route.path.replace(/^\/vendor-dashboard\//, '/vendor/') }))],
};
