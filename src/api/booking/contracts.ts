import { z } from 'zod';
import { BOOKING_STATUSES, PAYMENT_STATUSES } from '../../domain/booking/state-machine';
import { paginationQuery } from '../../infra/paginate';
import { documentIdParam, isoInstant } from '../../infra/params';
import { dataResponse, instant, integer, listResponse, quoteSchema, type Documents } from '../../infra/openapi-shapes';
import type { BookingView } from './booking-view';
import type bookingEngine from './services/booking-engine';

/** Request schemas of the booking endpoints (shared by controllers and the OpenAPI document). */

export const createBookingBody = z.strictObject({
  venue: documentIdParam,
  start: isoInstant,
  end: isoInstant,
  guests: z.number().int().min(1).max(100_000),
  promo_code: z.string().trim().min(1).max(40).optional(),
  notes: z.string().max(2000).optional(),
});

export const cancelBookingBody = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
});

export const declineBookingBody = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
});

export const historyQuery = z.strictObject({
  status: z.enum(BOOKING_STATUSES).optional(),
  ...paginationQuery,
});

/* ------------------------------------------------------------------------------------------------
 * Response schemas (OpenAPI document only; see src/infra/openapi-shapes.ts). They follow
 * booking-view.ts `bookingView` and booking-engine.ts (`refundQuote`, `cancel`).
 * ---------------------------------------------------------------------------------------------- */

const policySnapshotSchema = z.object({
  policy: z.enum(['flexible', 'moderate', 'strict']),
  tiers: z.array(z.object({ min_hours_before: z.number(), refund_percent: z.number() })),
  vendor_cancel_refund_percent: z.number(),
});

export const bookingSchema = z.object({
  documentId: z.string(),
  reference: z.string().nullable().describe('Human-friendly reference, e.g. TOF-7K3M9Q2A'),
  venue: z.object({ documentId: z.string(), name: z.string(), slug: z.string(), timezone: z.string() }).nullable(),
  start_datetime: instant.nullable(),
  end_datetime: instant.nullable(),
  guests: integer,
  status: z.enum(BOOKING_STATUSES),
  payment_status: z.enum(PAYMENT_STATUSES),
  total_amount: integer.describe('Minor units'),
  currency: z.string(),
  price_breakdown: quoteSchema.loose().nullable().describe('The quote the booking was priced with'),
  promo_code: z.string().nullable(),
  hold_expires_at: instant.nullable().describe('Set while pending_payment'),
  request_expires_at: instant.nullable().describe('Set while requested'),
  cancellation_policy: policySnapshotSchema.nullable().describe('Policy snapshot taken when the booking was made'),
  notes: z.string().nullable(),
  confirmed_at: instant.nullable(),
  cancelled_at: instant.nullable(),
  cancelled_by: z.string().nullable().describe('customer, vendor or admin'),
  cancel_reason: z.string().nullable(),
  refund_due: integer.describe('Minor units still owed to the customer after a cancellation'),
  refunded_amount: integer.describe('Minor units refunded so far'),
  created_at: instant.nullable(),
  updated_at: instant.nullable(),
  customer: z
    .object({ name: z.string().describe('First name and last initial, or the username') })
    .nullable()
    .optional()
    .describe('Only shown to the venue vendor and staff'),
});

export const refundQuoteSchema = z.object({
  amount: integer.describe('Refund in minor units'),
  currency: z.string(),
  percent: z.number(),
  paid_amount: integer,
  basis: z.enum(['policy', 'vendor_cancelled', 'admin']),
  policy: z.enum(['flexible', 'moderate', 'strict']).nullable(),
  tier: z.object({ min_hours_before: z.number(), refund_percent: z.number() }).nullable(),
  hours_before_start: z.number(),
});

export const bookingResponse = dataResponse(bookingSchema);
export const bookingCreatedResponse = dataResponse(
  bookingSchema,
  'The booking (sent with HTTP 201; a replay of the same Idempotency-Key answers with the first response and the header Idempotent-Replayed: true)'
);
export const bookingListResponse = listResponse(bookingSchema, "The caller's bookings, latest start first");
export const refundQuoteResponse = dataResponse(refundQuoteSchema, 'What cancelling now would refund');
export const cancelResponse = dataResponse(
  z.object({
    booking: bookingSchema,
    refund: refundQuoteSchema.extend({
      status: z
        .enum(['refunded', 'pending', 'released', 'due', 'none'])
        .describe(
          'refunded: money sent back; pending: under way; released: an authorization was let go; due: the payment provider failed, it is retried automatically; none: nothing was paid'
        ),
      refund: z
        .object({ documentId: z.string(), amount: integer, currency: z.string(), status: z.string() })
        .nullable()
        .describe('The refund made (see GET /payments/history)'),
    }),
  }),
  'The cancelled booking and its refund by the policy snapshot'
);

/** Documentation of the request body, with the Idempotency-Key header the generator cannot list. */
export const createBookingBodyDoc = createBookingBody.describe(
  'Optional header Idempotency-Key (1-255 characters): a retry with the same key and body replays the first answer'
);

type Engine = ReturnType<typeof bookingEngine>;
// Compile-time drift checks: the views must fit their documented schemas (loosely typed JSON columns excepted).
type Unchecked = 'price_breakdown' | 'cancellation_policy' | 'customer';
export type BookingDocumented = Documents<Omit<z.output<typeof bookingSchema>, Unchecked>, Omit<BookingView, Unchecked>>;
export type RefundQuoteDocumented = Documents<z.output<typeof refundQuoteSchema>, Awaited<ReturnType<Engine['refundQuote']>>>;
// CancelDocumented (POST /bookings/:id/cancel) is checked where the answer is made: the payments plugin's contracts.
