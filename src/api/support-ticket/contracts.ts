import { z } from 'zod';
import { TICKET_STATUSES, TICKET_PRIORITIES, TICKET_TYPES } from '../../domain/support/ticket-state-machine';
import type { ChatMessageView } from '../../infra/event-bus';
import { dataResponse, instant, integer, listResponse, type Documents } from '../../infra/openapi-shapes';
import { paginationQuery } from '../../infra/paginate';
import { documentIdParam } from '../../infra/params';
import { MESSAGE_MAX_LENGTH, messageSchema } from '../conversation/contracts';
import type { TicketView } from './ticket-view';

/**
 * Request and response schemas of the support-ticket endpoints (contract: Support tickets). The conversation of a
 * ticket is a chat conversation of kind `support`; its messages are plain text (markup stripped), 1..4000 characters.
 */
export { documentIdParam };
export const SUBJECT_MAX_LENGTH = 200;

const body = z
  .string({ message: 'must be a string' })
  .max(MESSAGE_MAX_LENGTH, `must be at most ${MESSAGE_MAX_LENGTH} characters`)
  .refine((value) => value.trim().length > 0, 'must not be empty')
  .describe(`Plain text (markup is removed), 1 to ${MESSAGE_MAX_LENGTH} characters`);

export const createTicketBody = z
  .strictObject({
    type: z.enum(TICKET_TYPES).describe('What the ticket is about'),
    subject: z
      .string({ message: 'must be a string' })
      .max(SUBJECT_MAX_LENGTH, `must be at most ${SUBJECT_MAX_LENGTH} characters`)
      .refine((value) => value.trim().length > 0, 'must not be empty')
      .describe(`Plain text, at most ${SUBJECT_MAX_LENGTH} characters`),
    body: body.describe('The first message of the ticket (plain text)'),
    booking: documentIdParam.optional().describe('documentId of one of your bookings (as its customer or its vendor)'),
  })
  .describe('Customers and vendors open tickets; the first message starts the ticket conversation');

export const ticketMessageBody = z.strictObject({ body });

export const ticketListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(TICKET_STATUSES).optional(),
});

/* ------------------------------------------------------------------------------------------------
 * Response schemas (OpenAPI document only; see src/infra/openapi-shapes.ts).
 * ---------------------------------------------------------------------------------------------- */

export const ticketSchema = z.object({
  documentId: z.string(),
  type: z.enum(TICKET_TYPES),
  subject: z.string(),
  status: z
    .enum(TICKET_STATUSES)
    .describe('open: new; pending_staff: waiting for support; pending_user: waiting for you; resolved; closed'),
  priority: z.enum(TICKET_PRIORITIES).describe('Set by support staff'),
  booking: z.object({ documentId: z.string(), reference: z.string().nullable() }).nullable(),
  conversation: z.string().nullable().describe('documentId of the ticket conversation (GET /conversations/:id/messages)'),
  created_at: instant,
  last_activity_at: instant,
  resolved_at: instant.nullable(),
  closed_at: instant.nullable(),
  reopen_until: instant.nullable().describe('A resolved or closed ticket can be reopened until then'),
});

export const ticketDetailSchema = ticketSchema.extend({
  messages: z.array(messageSchema).describe('The latest 50 messages of the conversation, oldest first'),
  messages_total: integer.min(0).describe('All messages of the conversation (older ones: GET /conversations/:id/messages)'),
});

export const ticketResponse = dataResponse(ticketSchema, 'The ticket');
export const ticketCreatedResponse = dataResponse(ticketDetailSchema, 'The new ticket with its first message (HTTP 201)');
export const ticketDetailResponse = dataResponse(ticketDetailSchema, 'The ticket with its conversation');
export const ticketListResponse = listResponse(ticketSchema, 'Your tickets, most recent activity first');
export const ticketMessageResponse = z
  .object({ data: messageSchema, meta: z.object({ ticket: ticketSchema }) })
  .describe('The stored message (HTTP 201) and the ticket after it (a reply moves it to pending_staff)');

export type TicketDocumented = Documents<z.output<typeof ticketSchema>, TicketView>;
export type TicketDetailDocumented = Documents<
  z.output<typeof ticketDetailSchema>,
  TicketView & { messages: ChatMessageView[]; messages_total: number }
>;

export type CreateTicketInput = z.infer<typeof createTicketBody>;
export type TicketListQuery = z.infer<typeof ticketListQuery>;
