import {
  documentIdParam,
  invoiceDocumentPdfResponse,
  invoiceListResponse,
  invoiceNumberParam,
  invoicePdfResponse,
} from '../contracts';

/**
 * Invoices of a booking (contract: Bookings, `GET /bookings/:id/invoice`). Who may call: customers and
 * vendors through the users-permissions matrix (src/bootstrap/permissions.ts) and admin API tokens
 * granted these actions; the service then allows only the booking's customer, the venue's vendor and
 * staff (anyone else gets a 404, as for the booking itself).
 *
 * `request` / `response` feed Strapi's OpenAPI document only; the controllers parse with the same schemas.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/bookings/:id/invoice',
      handler: 'invoice-actions.download',
      request: { params: { id: documentIdParam } },
      response: invoicePdfResponse,
    },
    {
      method: 'GET',
      path: '/bookings/:id/invoices',
      handler: 'invoice-actions.list',
      request: { params: { id: documentIdParam } },
      response: invoiceListResponse,
    },
    {
      method: 'GET',
      path: '/bookings/:id/invoices/:number',
      handler: 'invoice-actions.document',
      request: { params: { id: documentIdParam, number: invoiceNumberParam } },
      response: invoiceDocumentPdfResponse,
    },
  ],
};
