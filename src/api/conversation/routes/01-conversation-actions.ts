import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  conversationIdParam,
  conversationListResponse,
  conversationOpenedResponse,
  conversationsQuery,
  messageCreatedResponse,
  messageListResponse,
  messagesQuery,
  openConversationBody,
  postMessageBody,
} from '../contracts';

/**
 * Chat endpoints (contract: Real-time → Chat). Loaded before the generated conversation routes (file
 * name order) so `/conversations` is ours. Who may call: customers and vendors, per the users-permissions
 * matrix (src/bootstrap/permissions.ts); only participants see a conversation (others get 404).
 *
 * `request` / `response` feed Strapi's OpenAPI document only; the controllers parse with the same schemas.
 */
const byId = { id: conversationIdParam };

export default {
  routes: [
    {
      method: 'GET',
      path: '/conversations',
      handler: 'conversation-actions.list',
      request: { query: queryParams(conversationsQuery) },
      response: conversationListResponse,
    },
    {
      method: 'POST',
      path: '/conversations',
      handler: 'conversation-actions.open',
      request: {
        body: jsonBody(
          openConversationBody.describe('Exactly one of venue, booking or ticket (documentIds), and the first message body')
        ),
      },
      response: conversationOpenedResponse,
    },
    {
      method: 'GET',
      path: '/conversations/:id/messages',
      handler: 'conversation-actions.messages',
      request: { params: byId, query: queryParams(messagesQuery) },
      response: messageListResponse,
    },
    {
      method: 'POST',
      path: '/conversations/:id/messages',
      handler: 'conversation-actions.postMessage',
      request: { params: byId, body: jsonBody(postMessageBody) },
      response: messageCreatedResponse,
    },
  ],
};
