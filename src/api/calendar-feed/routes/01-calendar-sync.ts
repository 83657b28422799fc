import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import { documentIdParam } from '../../booking/contracts';
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

/**
 * Vendor dashboard: iCal import URLs and the private export feed (contract: Vendor dashboard,
 * venues/availability). Imports and rotation are vendor-only (src/bootstrap/permissions.ts) and answer
 * 404 for anything of another vendor; the export feed itself is public, its token is the credential.
 */
const base = '/vendor-dashboard/venues/availability';

export default {
  routes: [
    {
      method: 'GET',
      path: `${base}/ical-imports`,
      handler: 'calendar-imports.list',
      request: { query: queryParams(importsQuery) },
      response: feedListResponse,
    },
    {
      method: 'POST',
      path: `${base}/ical-imports`,
      handler: 'calendar-imports.create',
      request: { body: jsonBody(createImportBody) },
      response: feedSyncResponse,
    },
    {
      method: 'DELETE',
      path: `${base}/ical-imports/:id`,
      handler: 'calendar-imports.remove',
      request: { params: { id: documentIdParam } },
      response: feedResponse,
    },
    {
      method: 'POST',
      path: `${base}/ical-imports/:id/sync`,
      handler: 'calendar-imports.sync',
      request: { params: { id: documentIdParam } },
      response: feedSyncResponse,
    },
    {
      method: 'POST',
      path: `${base}/ical-export`,
      handler: 'calendar-export.rotate',
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
  ],
};
