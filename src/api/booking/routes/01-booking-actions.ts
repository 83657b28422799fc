import { documentIdParam } from '../../../infra/params';
import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  bookingCreatedResponse,
  bookingListResponse,
  bookingResponse,
  cancelBookingBody,
  cancelResponse,
  createBookingBodyDoc,
  declineBookingBody,
  historyQuery,
  refundQuoteResponse,
} from '../contracts';

/**
 * Booking endpoints of the contract. Loaded before the generated routes (file name order) so
 * `/bookings/history` is not taken for `/bookings/:id`. Who may call each action is the
 * users-permissions matrix (src/bootstrap/permissions.ts); ownership is checked by the engine
 * (someone else's booking is a 404).
 *
 * `request` / `response` feed Strapi's OpenAPI document (GET /api/v1/openapi.json) only: Strapi does
 * not validate custom controllers' input with them, the controllers parse with the same schemas.
 */
const byId = { id: documentIdParam };

export default {
  routes: [
    {
      method: 'POST',
      path: '/bookings/create',
      handler: 'booking-actions.create',
      request: { body: jsonBody(createBookingBodyDoc) },
      response: bookingCreatedResponse,
    },
    {
      method: 'GET',
      path: '/bookings/history',
      handler: 'booking-actions.history',
      request: { query: queryParams(historyQuery) },
      response: bookingListResponse,
    },
    {
      method: 'GET',
      path: '/bookings/:id/status',
      handler: 'booking-actions.status',
      request: { params: byId },
      response: bookingResponse,
    },
    {
      method: 'GET',
      path: '/bookings/:id/refund-quote',
      handler: 'booking-actions.refundQuote',
      request: { params: byId },
      response: refundQuoteResponse,
    },
    {
      method: 'POST',
      path: '/bookings/:id/cancel',
      handler: 'booking-actions.cancel',
      request: { params: byId, body: jsonBody(cancelBookingBody) },
      response: cancelResponse,
    },
    {
      method: 'POST',
      path: '/vendor-dashboard/bookings/requests/:id/approve',
      handler: 'booking-actions.approve',
      // The approve action accepts the same optional { reason } body as decline (and ignores it).
      request: { params: byId, body: jsonBody(declineBookingBody) },
      response: bookingResponse,
    },
    {
      method: 'POST',
      path: '/vendor-dashboard/bookings/requests/:id/decline',
      handler: 'booking-actions.decline',
      request: { params: byId, body: jsonBody(declineBookingBody) },
      response: bookingResponse,
    },
    // The seed's /vendor tree serves the same two actions (same handlers, same permissions and guarantees).
    {
      method: 'POST',
      path: '/vendor/bookings/requests/:id/approve',
      handler: 'booking-actions.approve',
      request: { params: byId, body: jsonBody(declineBookingBody) },
      response: bookingResponse,
    },
    {
      method: 'POST',
      path: '/vendor/bookings/requests/:id/decline',
      handler: 'booking-actions.decline',
      request: { params: byId, body: jsonBody(declineBookingBody) },
      response: bookingResponse,
    },
  ],
};
