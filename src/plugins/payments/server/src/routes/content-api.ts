import { jsonBody, queryParams } from '../../../../../infra/openapi-shapes';
import {
  bookingRefBody,
  historyQuery,
  historyResponse,
  processResponse,
  refundBody,
  refundResponse,
  verifyResponse,
  webhookResponse,
} from '../contracts';

const idempotencyNote =
  'Optional header Idempotency-Key (1-255 characters): a retry with the same key and body replays the first answer';

/**
 * /api/v1/payments/* (prefix '' so the paths are exactly the contract's). Who may call each action is
 * the users-permissions matrix (src/bootstrap/permissions.ts, action ids plugin::payments.payments.*);
 * ownership is checked by the services (another customer's booking is a 404). The webhook has no user
 * auth: its Stripe signature is checked on the raw body.
 */
export default {
  type: 'content-api' as const,
  routes: [
    {
      method: 'POST',
      path: '/payments/process',
      handler: 'payments.process',
      config: { prefix: '' },
      request: { body: jsonBody(bookingRefBody.describe(idempotencyNote)) },
      response: processResponse,
    },
    {
      method: 'POST',
      path: '/payments/verify',
      handler: 'payments.verify',
      config: { prefix: '' },
      request: { body: jsonBody(bookingRefBody.describe(idempotencyNote)) },
      response: verifyResponse,
    },
    {
      method: 'POST',
      path: '/payments/refund',
      handler: 'payments.refund',
      config: { prefix: '' },
      request: { body: jsonBody(refundBody.describe(idempotencyNote)) },
      response: refundResponse,
    },
    {
      method: 'GET',
      path: '/payments/history',
      handler: 'payments.history',
      config: { prefix: '' },
      request: { query: queryParams(historyQuery) },
      response: historyResponse,
    },
    {
      method: 'POST',
      path: '/payments/webhook',
      handler: 'payments.webhook',
      config: { prefix: '', auth: false },
      response: webhookResponse,
    },
  ],
};
