import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  createReviewBody,
  documentIdParam,
  myReviewsQuery,
  ownReviewListResponse,
  ownReviewResponse,
  reportResponse,
  reportReviewBody,
  respondBody,
  updateReviewBody,
  vendorReviewListResponse,
  vendorReviewResponse,
  vendorReviewsQuery,
} from '../contracts';

/**
 * Review endpoints (contract: Reviews). Loaded before the generated review routes (file name order); the
 * generated router keeps only find/findOne for scoped API tokens. Customers and vendors write, edit, list and
 * report; the vendor-dashboard routes (vendor role, policy api::venue.is-vendor) list reviews of one's venues and
 * reply. Public reviews of a venue: GET /venues/:id/reviews (src/api/venue). Permissions: src/bootstrap/permissions.ts.
 *
 * `request` / `response` feed Strapi's OpenAPI document only; the controllers parse with the same schemas.
 */
const byId = { id: documentIdParam };
const vendorOnly = { policies: ['api::venue.is-vendor'] };

export default {
  routes: [
    {
      method: 'POST',
      path: '/reviews',
      handler: 'review-actions.create',
      request: { body: jsonBody(createReviewBody) },
      response: ownReviewResponse,
    },
    {
      method: 'PATCH',
      path: '/reviews/:id',
      handler: 'review-actions.update',
      request: { params: byId, body: jsonBody(updateReviewBody) },
      response: ownReviewResponse,
    },
    {
      method: 'POST',
      path: '/reviews/:id/report',
      handler: 'review-actions.report',
      request: { params: byId, body: jsonBody(reportReviewBody) },
      response: reportResponse,
    },
    {
      method: 'GET',
      path: '/users/reviews',
      handler: 'review-actions.mine',
      request: { query: queryParams(myReviewsQuery) },
      response: ownReviewListResponse,
    },
    {
      method: 'GET',
      path: '/vendor-dashboard/reviews',
      handler: 'vendor-reviews.list',
      config: vendorOnly,
      request: { query: queryParams(vendorReviewsQuery) },
      response: vendorReviewListResponse,
    },
    {
      method: 'POST',
      path: '/vendor-dashboard/reviews/:id/respond',
      handler: 'vendor-reviews.respond',
      config: vendorOnly,
      request: { params: byId, body: jsonBody(respondBody) },
      response: vendorReviewResponse,
    },
    {
      method: 'PUT',
      path: '/vendor-dashboard/reviews/:id/respond',
      handler: 'vendor-reviews.respond',
      config: vendorOnly,
      request: { params: byId, body: jsonBody(respondBody) },
      response: vendorReviewResponse,
    },
  ],
};
