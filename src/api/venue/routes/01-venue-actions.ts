import { queryParams } from '../../../infra/openapi-shapes';
import {
  availabilityResponse,
  calendarResponse,
  documentIdParam,
  quoteQuery,
  quoteResponse,
  reviewsQuery,
  reviewsResponse,
  searchQueryParams,
  searchResponse,
  venueDetailsResponse,
  windowQuery,
} from '../contracts';

/**
 * Public venue endpoints (contract: Venues). Registered before the generated routes (file order)
 * so `/venues/search` is not read as `/venues/:id`. Permissions: src/bootstrap/permissions.ts.
 *
 * `request` / `response` feed Strapi's OpenAPI document (GET /api/v1/openapi.json) only: Strapi does
 * not validate custom controllers' input with them, the controllers parse with the same schemas.
 */
const byId = { id: documentIdParam };

export default {
  routes: [
    {
      method: 'GET',
      path: '/venues/search',
      handler: 'venue-actions.search',
      request: { query: searchQueryParams },
      response: searchResponse,
    },
    {
      method: 'GET',
      path: '/venues/:id/details',
      handler: 'venue-actions.details',
      request: { params: byId },
      response: venueDetailsResponse,
    },
    {
      method: 'GET',
      path: '/venues/:id/reviews',
      handler: 'venue-actions.reviews',
      request: { params: byId, query: queryParams(reviewsQuery) },
      response: reviewsResponse,
    },
    {
      method: 'GET',
      path: '/venues/:id/availability',
      handler: 'venue-actions.availability',
      request: { params: byId, query: queryParams(windowQuery) },
      response: availabilityResponse,
    },
    {
      method: 'GET',
      path: '/venues/:id/quote',
      handler: 'venue-actions.quote',
      request: { params: byId, query: queryParams(quoteQuery) },
      response: quoteResponse,
    },
    {
      method: 'GET',
      path: '/venues/:id/calendar.ics',
      handler: 'venue-actions.calendar',
      request: { params: byId, query: queryParams(windowQuery) },
      response: calendarResponse,
    },
  ],
};
