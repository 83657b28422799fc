import { documentIdParam } from '../../../infra/params';
import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import { blockListResponse, blockResponse, blockedDatesQuery, createBlockBody } from '../contracts';
import type { IsVenueOwnerConfig } from '../../venue/policies/is-venue-owner';

/**
 * Vendor dashboard: manual blocked dates (contract: Vendor dashboard, venues/availability/blocked-dates).
 * Vendor role only (src/bootstrap/permissions.ts, then the is-vendor policy); a venue named in the request
 * must be the caller's (is-venue-owner: 404 otherwise, after the same 400s as the controller for a malformed
 * request). The service answers 404 for another vendor's block, and checks venue ownership again.
 */
const isVendor = 'api::venue.is-vendor';
const ownsVenue = (config: IsVenueOwnerConfig) => ({ name: 'api::venue.is-venue-owner', config });

const routes = [
  {
    method: 'GET',
    path: '/vendor-dashboard/venues/availability/blocked-dates',
    handler: 'blocked-dates.list',
    config: { policies: [isVendor, ownsVenue({ from: 'query', field: 'venue', schema: blockedDatesQuery, optional: true })] },
    request: { query: queryParams(blockedDatesQuery) },
    response: blockListResponse,
  },
  {
    method: 'POST',
    path: '/vendor-dashboard/venues/availability/blocked-dates',
    handler: 'blocked-dates.create',
    config: { policies: [isVendor, ownsVenue({ from: 'body', field: 'venue', schema: createBlockBody })] },
    request: { body: jsonBody(createBlockBody) },
    response: blockResponse,
  },
  {
    method: 'DELETE',
    path: '/vendor-dashboard/venues/availability/blocked-dates/:id',
    handler: 'blocked-dates.remove',
    config: { policies: [isVendor] },
    request: { params: { id: documentIdParam } },
    response: blockResponse,
  },
];

/** The seed's `/vendor/...` tree serves the same routes (contract: Vendor dashboard, both trees). */
export default {
  routes: [...routes, ...routes.map((route) => ({ ...route, path: route.path.replace(/^\/vendor-dashboard\//, '/vendor/') }))],
};
