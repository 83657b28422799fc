import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import { documentIdParam } from '../../booking/contracts';
import { blockListResponse, blockResponse, blockedDatesQuery, createBlockBody } from '../contracts';

/**
 * Vendor dashboard: manual blocked dates (contract: Vendor dashboard, venues/availability/blocked-dates).
 * Vendor role only (src/bootstrap/permissions.ts); the service answers 404 for another vendor's venue or block.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/vendor-dashboard/venues/availability/blocked-dates',
      handler: 'blocked-dates.list',
      request: { query: queryParams(blockedDatesQuery) },
      response: blockListResponse,
    },
    {
      method: 'POST',
      path: '/vendor-dashboard/venues/availability/blocked-dates',
      handler: 'blocked-dates.create',
      request: { body: jsonBody(createBlockBody) },
      response: blockResponse,
    },
    {
      method: 'DELETE',
      path: '/vendor-dashboard/venues/availability/blocked-dates/:id',
      handler: 'blocked-dates.remove',
      request: { params: { id: documentIdParam } },
      response: blockResponse,
    },
  ],
};
