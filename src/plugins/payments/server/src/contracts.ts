import { documentIdParam } from '../../../../infra/params';
import { paginationQuery } from '../../../../infra/paginate';
import { z } from 'zod';
import { bookingSchema, cancelResponse } from '../../../../api/booking/contracts';
import { PAYMENT_RECORD_STATUSES } from '../../../../domain/payment/intent-facts';
import { dataResponse, instant, integer, listResponse, type Documents } from '../../../../infra/openapi-shapes';
import type bookingPayments from './services/booking-payments';

/** Request and response schemas of /payments/* (controllers parse with them; the OpenAPI document shows them). */
export const bookingRefBody = z.strictObject({ booking: documentIdParam });

export const refundBody = z.strictObject({
  booking: documentIdParam,
  amount: z
    .number()
    .int()
    .min(1)
    .max(100_000_000)
    .optional()
    .describe('Minor units. Customers: omit (the policy decides). Vendors/staff: default everything that remains'),
  reason: z.string().trim().min(1).max(500),
});

export const historyQuery = z.strictObject({
  scope: z
    .enum(['paid', 'received'])
    .default('paid')
    .describe('paid: payments you made; received: payments for your venues (vendors)'),
  ...paginationQuery,
});

export const intentSchema = z.object({
  payment: z.string().describe('documentId of the payment record'),
  booking: z.string(),
  payment_intent_id: z.string(),
  client_secret: z.string().nullable().describe('For Stripe.js confirmCardPayment / Payment Element'),
  amount: integer.describe('Minor units'),
  currency: z.string(),
  status: z.string().describe('The Stripe PaymentIntent status'),
  capture_method: z.enum(['automatic', 'manual']).describe('manual: request-to-book, captured when the vendor approves'),
});

export const refundSchema = z.object({
  documentId: z.string(),
  amount: integer,
  currency: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'canceled']),
  kind: z.string(),
  reason: z.string().nullable(),
  created_at: instant.nullable(),
});

export const paymentSchema = z.object({
  documentId: z.string(),
  booking: z
    .object({
      documentId: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
      venue: z.object({ documentId: z.string(), name: z.string() }).nullable(),
    })
    .nullable(),
  payment_intent_id: z.string(),
  amount: integer,
  currency: z.string(),
  status: z.enum(PAYMENT_RECORD_STATUSES),
  capture_method: z.enum(['automatic', 'manual']),
  amount_captured: integer,
  refunded_amount: integer,
  platform_fee: integer,
  failure_reason: z.string().nullable(),
  disputed: z.boolean(),
  refunds: z.array(refundSchema),
  created_at: instant.nullable(),
  updated_at: instant.nullable(),
});

export const settlementSchema = z.object({
  status: z.enum(['refunded', 'pending', 'released', 'due', 'none']),
  refund: z.object({ documentId: z.string(), amount: integer, currency: z.string(), status: z.string() }).nullable(),
});

export const processResponse = dataResponse(intentSchema, "The booking's PaymentIntent (the same one on every call)");
export const verifyResponse = dataResponse(
  z.object({ payment: paymentSchema, booking: bookingSchema }),
  "The payment and booking after applying Stripe's current state"
);
export const refundResponse = dataResponse(
  z.object({ booking: bookingSchema, refund: settlementSchema.loose() }),
  'The booking and the refund (customers: their cancellation refund by policy)'
);
export const historyResponse = listResponse(paymentSchema, 'Payments, newest first');
export const webhookResponse = z.object({ received: z.boolean(), event: z.string(), outcome: z.string() });

// Compile-time drift check: the cancellation answer this plugin makes (POST /bookings/:id/cancel, through the
// payments port) must fit the schema the booking API documents for it.
type BookingPayments = ReturnType<typeof bookingPayments>;
export type CancelDocumented = Documents<
  z.output<typeof cancelResponse>['data']['refund'],
  Awaited<ReturnType<BookingPayments['cancel']>>['refund']
>;
