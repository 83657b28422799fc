import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  createTicketBody,
  documentIdParam,
  ticketCreatedResponse,
  ticketDetailResponse,
  ticketListQuery,
  ticketListResponse,
  ticketMessageBody,
  ticketMessageResponse,
  ticketResponse,
} from '../contracts';

/**
 * Support tickets (contract: Support tickets): customers and vendors, own tickets only (others' → 404). The generated
 * routes are off (src/api/support-ticket/routes/support-ticket.ts): they would sit on the same paths. Staff work on
 * tickets through the ticket service (assign, reply, status, priority). Permissions: src/bootstrap/permissions.ts.
 */
const byId = { id: documentIdParam };

export default {
  routes: [
    {
      method: 'POST',
      path: '/support-tickets',
      handler: 'support-ticket-actions.create',
      request: { body: jsonBody(createTicketBody) },
      response: ticketCreatedResponse,
    },
    {
      method: 'GET',
      path: '/support-tickets',
      handler: 'support-ticket-actions.list',
      request: { query: queryParams(ticketListQuery) },
      response: ticketListResponse,
    },
    {
      method: 'GET',
      path: '/support-tickets/:id',
      handler: 'support-ticket-actions.findOne',
      request: { params: byId },
      response: ticketDetailResponse,
    },
    {
      method: 'POST',
      path: '/support-tickets/:id/messages',
      handler: 'support-ticket-actions.postMessage',
      request: { params: byId, body: jsonBody(ticketMessageBody) },
      response: ticketMessageResponse,
    },
    {
      method: 'POST',
      path: '/support-tickets/:id/close',
      handler: 'support-ticket-actions.close',
      request: { params: byId },
      response: ticketResponse,
    },
    {
      method: 'POST',
      path: '/support-tickets/:id/reopen',
      handler: 'support-ticket-actions.reopen',
      request: { params: byId },
      response: ticketResponse,
    },
  ],
};
