import { documentIdParam } from '../../infra/params';
import { paginationQuery } from '../../infra/paginate';
import { z } from 'zod';
import { dataResponse, instant, listResponse, type Documents } from '../../infra/openapi-shapes';
import type { ChatMessageView } from '../../infra/event-bus';
import type { ConversationView } from './conversation-view';

/**
 * Request and response schemas of the chat endpoints (/conversations) and of the chat socket events
 * (`chat:send`, `chat:typing` in the realtime plugin). Message bodies are plain text, 1..4000 characters
 * after markup is stripped (src/infra/plain-text.ts does the stripping in the service).
 */
export const MESSAGE_MAX_LENGTH = 4000;

export const messageBody = z
  .string({ message: 'must be a string' })
  .max(MESSAGE_MAX_LENGTH, `must be at most ${MESSAGE_MAX_LENGTH} characters`)
  .refine((value) => value.trim().length > 0, 'must not be empty');

export const openConversationBody = z
  .strictObject({
    venue: documentIdParam.optional(),
    booking: documentIdParam.optional(),
    ticket: documentIdParam.optional(),
    body: messageBody,
  })
  .superRefine((value, ctx) => {
    const subjects = (['venue', 'booking', 'ticket'] as const).filter((key) => value[key] !== undefined);
    if (subjects.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: subjects.length ? [subjects[1]] : ['venue'],
        message: 'give exactly one of venue, booking or ticket',
      });
    }
  });

export type OpenConversationInput = z.infer<typeof openConversationBody>;

export const postMessageBody = z.strictObject({ body: messageBody });

export const conversationsQuery = z.strictObject({ ...paginationQuery });

export const messagesQuery = z.strictObject({
  ...paginationQuery,
  order: z.enum(['desc', 'asc']).default('desc').describe('desc (default): newest first; asc: oldest first'),
});

export const conversationIdParam = documentIdParam;

/** Socket events (client → server). */
export const chatSendPayload = z.strictObject({ conversation: documentIdParam, body: messageBody });
export const chatTypingPayload = z.strictObject({ conversation: documentIdParam });

/* ------------------------------------------------------------------------------------------------
 * Response schemas (OpenAPI document only; see src/infra/openapi-shapes.ts).
 * ---------------------------------------------------------------------------------------------- */

export const messageSchema = z.object({
  documentId: z.string(),
  conversation: z.string().describe('documentId of the conversation'),
  body: z.string().describe('Plain text'),
  sender: z.object({ documentId: z.string(), name: z.string() }).nullable().describe('null for staff messages'),
  from_staff: z.boolean().describe('Written by platform staff'),
  created_at: instant,
});

const participantSchema = z.object({
  documentId: z.string(),
  name: z.string().describe('Vendors by business name, others by first name and last initial (or username)'),
  role: z.enum(['customer', 'vendor']),
});

export const conversationSchema = z.object({
  documentId: z.string(),
  kind: z
    .enum(['booking', 'support', 'admin'])
    .describe('booking: customer and vendor (about a venue or a booking); support: a ticket; admin: staff-initiated'),
  status: z.enum(['open', 'closed']),
  venue: z.object({ documentId: z.string(), name: z.string(), slug: z.string() }).nullable(),
  booking: z.object({ documentId: z.string(), reference: z.string().nullable() }).nullable(),
  ticket: z.object({ documentId: z.string(), subject: z.string() }).nullable(),
  participants: z.array(participantSchema),
  last_message: messageSchema.nullable(),
  last_message_at: instant.nullable(),
  created_at: instant,
});

export const conversationListResponse = listResponse(
  conversationSchema,
  "The caller's conversations, most recent activity first"
);
export const conversationOpenedResponse = z
  .object({ data: conversationSchema, meta: z.object({ created: z.boolean(), message: messageSchema }) })
  .describe(
    '201 with created: true for a new conversation; 200 with created: false when an open one was reused (the message is added to it)'
  );
export const messageListResponse = listResponse(
  messageSchema,
  'Messages of one conversation (order: desc newest first, asc oldest first)'
);
export const messageCreatedResponse = dataResponse(messageSchema, 'The stored message (HTTP 201)');

// Compile-time drift checks: the views must fit their documented schemas.
export type MessageDocumented = Documents<z.output<typeof messageSchema>, ChatMessageView>;
export type ConversationDocumented = Documents<z.output<typeof conversationSchema>, ConversationView>;
