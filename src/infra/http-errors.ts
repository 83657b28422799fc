import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';
import { AdminError } from '../domain/admin/errors';
import { BookingError } from '../domain/booking/errors';
import { CalendarError } from '../domain/calendar/errors';
import { ChatError } from '../domain/chat/errors';
import { InvoiceError } from '../domain/invoice';
import { PaymentError } from '../domain/payment/errors';
import { PricingError } from '../domain/pricing';
import { ReviewError } from '../domain/review/errors';
import { TicketError } from '../domain/support/errors';

/** 409 in the contract's error shape (`name: "ConflictError"`); Strapi has no ConflictError class of its own. */
export const conflictError = (message: string, details: Record<string, unknown> = {}) =>
  createHttpError(409, message, { details });

const BOOKING_STATUS: Record<BookingError['code'], (e: BookingError) => Error> = {
  invalid_window: (e) => new errors.ValidationError(e.message, e.details),
  invalid_request: (e) => new errors.ValidationError(e.message, e.details),
  slot_taken: (e) => conflictError(e.message, { reason: 'SLOT_TAKEN', ...e.details }),
  illegal_transition: (e) => conflictError(e.message, { reason: 'ILLEGAL_TRANSITION', ...e.details }),
  too_many_holds: (e) => conflictError(e.message, { reason: 'TOO_MANY_HOLDS', ...e.details }),
  idempotency_key_reused: (e) => conflictError(e.message, { reason: 'IDEMPOTENCY_KEY_REUSED', ...e.details }),
  not_found: (e) => new errors.NotFoundError(e.message),
  forbidden: (e) => new errors.ForbiddenError(e.message),
};

const PAYMENT_STATUS: Record<PaymentError['code'], (e: PaymentError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  not_payable: (e) => conflictError(e.message, { reason: 'BOOKING_NOT_PAYABLE', ...e.details }),
  payment_not_authorized: (e) => conflictError(e.message, { reason: 'PAYMENT_NOT_AUTHORIZED', ...e.details }),
  nothing_to_refund: (e) => conflictError(e.message, { reason: 'NOTHING_TO_REFUND', ...e.details }),
  over_refund: (e) => new errors.ValidationError(e.message, { reason: 'OVER_REFUND', ...e.details }),
  refund_not_allowed: (e) => new errors.ValidationError(e.message, { reason: 'REFUND_NOT_ALLOWED', ...e.details }),
  invalid_signature: (e) => new errors.ValidationError(e.message, { reason: 'INVALID_SIGNATURE' }),
  webhook_not_configured: (e) => createHttpError(503, e.message, { details: { reason: 'WEBHOOK_NOT_CONFIGURED' } }),
};

const INVOICE_STATUS: Record<InvoiceError['code'], (e: InvoiceError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  not_paid: (e) => conflictError(e.message, { reason: 'BOOKING_NOT_PAID', ...e.details }),
  amount_mismatch: (e) => conflictError(e.message, { reason: 'INVOICE_AMOUNT_MISMATCH', ...e.details }),
  invalid_amount: (e) => new errors.ValidationError(e.message, { reason: 'INVALID_AMOUNT', ...e.details }),
  over_credit: (e) => new errors.ValidationError(e.message, { reason: 'OVER_CREDIT', ...e.details }),
};

const CALENDAR_STATUS: Record<CalendarError['code'], (e: CalendarError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  invalid_url: (e) => new errors.ValidationError(e.message, { reason: 'INVALID_URL', ...e.details }),
  host_not_allowed: (e) => new errors.ValidationError(e.message, { reason: 'HOST_NOT_ALLOWED', ...e.details }),
  invalid_request: (e) => new errors.ValidationError(e.message, e.details),
  feed_exists: (e) => conflictError(e.message, { reason: 'FEED_EXISTS', ...e.details }),
  too_many_feeds: (e) => conflictError(e.message, { reason: 'TOO_MANY_FEEDS', ...e.details }),
  bookings_clash: (e) => conflictError(e.message, { reason: 'BOOKINGS_CLASH', ...e.details }),
  imported_block: (e) => conflictError(e.message, { reason: 'IMPORTED_BLOCK', ...e.details }),
  // Sync failures are recorded on the feed; should one escape, it is the calendar server's fault.
  fetch_failed: (e) => createHttpError(502, e.message, { details: { service: 'calendar', reason: 'FETCH_FAILED' } }),
  feed_too_large: (e) => createHttpError(502, e.message, { details: { service: 'calendar', reason: 'FEED_TOO_LARGE' } }),
  unparseable: (e) => createHttpError(502, e.message, { details: { service: 'calendar', reason: 'UNPARSEABLE' } }),
};

const CHAT_STATUS: Record<ChatError['code'], (e: ChatError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  invalid_request: (e) => new errors.ValidationError(e.message, e.details),
  closed: (e) => conflictError(e.message, { reason: 'CONVERSATION_CLOSED', ...e.details }),
  rate_limited: (e) => new errors.RateLimitError(e.message, e.details),
};

const REVIEW_STATUS: Record<ReviewError['code'], (e: ReviewError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  invalid_request: (e) => new errors.ValidationError(e.message, e.details),
  booking_not_completed: (e) => conflictError(e.message, { reason: 'BOOKING_NOT_COMPLETED', ...e.details }),
  review_window_closed: (e) => conflictError(e.message, { reason: 'REVIEW_WINDOW_CLOSED', ...e.details }),
  already_reviewed: (e) => conflictError(e.message, { reason: 'ALREADY_REVIEWED', ...e.details }),
  edit_window_closed: (e) => conflictError(e.message, { reason: 'EDIT_WINDOW_CLOSED', ...e.details }),
  review_hidden: (e) => conflictError(e.message, { reason: 'REVIEW_HIDDEN', ...e.details }),
  illegal_transition: (e) => conflictError(e.message, { reason: 'ILLEGAL_TRANSITION', ...e.details }),
  already_reported: (e) => conflictError(e.message, { reason: 'ALREADY_REPORTED', ...e.details }),
  response_locked: (e) => conflictError(e.message, { reason: 'RESPONSE_LOCKED', ...e.details }),
  forbidden: (e) => new errors.ForbiddenError(e.message, e.details),
};

const TICKET_STATUS: Record<TicketError['code'], (e: TicketError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  invalid_request: (e) => new errors.ValidationError(e.message, e.details),
  illegal_transition: (e) => conflictError(e.message, { reason: 'ILLEGAL_TRANSITION', ...e.details }),
  closed: (e) => conflictError(e.message, { reason: 'TICKET_CLOSED', ...e.details }),
  reopen_window_closed: (e) => conflictError(e.message, { reason: 'REOPEN_WINDOW_CLOSED', ...e.details }),
};

const ADMIN_STATUS: Record<AdminError['code'], (e: AdminError) => Error> = {
  not_found: (e) => new errors.NotFoundError(e.message),
  invalid_request: (e) => new errors.ValidationError(e.message, e.details),
  illegal_transition: (e) => conflictError(e.message, { reason: 'ILLEGAL_TRANSITION', ...e.details }),
};

/** PostgreSQL exclusion violation: the slot was taken by a concurrent writer. */
const SLOT_TAKEN_CODES = new Set(['23P01']);
/** Deadlock, serialization failure, SQLite busy/locked: nothing is decided, the client may retry. */
const RETRYABLE_CODES = new Set(['40P01', '40001', 'SQLITE_BUSY', 'SQLITE_LOCKED']);

const dbCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** Failures of services we call (S3, SMTP, Stripe): a safe message, never their internals. */
const upstreamError = (error: unknown): Error | null => {
  const e = error as { $metadata?: unknown; code?: unknown; type?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  if (e.$metadata !== undefined) {
    return createHttpError(502, 'The file storage service failed; please retry', { details: { service: 'storage' } });
  }
  if (typeof e.type === 'string' && e.type.startsWith('Stripe')) {
    return createHttpError(502, 'The payment provider failed; please retry', { details: { service: 'payments' } });
  }
  if (typeof e.code === 'string' && ['ECONNECTION', 'EAUTH', 'ESOCKET', 'ETIMEDOUT', 'EDNS'].includes(e.code)) {
    return createHttpError(503, 'The e-mail service is unavailable; please retry', { details: { service: 'email' } });
  }
  return null;
};

/**
 * The one place that turns domain, database and upstream-service errors into HTTP errors; anything
 * unknown is returned unchanged and becomes a 500 (logged by strapi::errors, no internals in the body).
 */
export const toHttpError = (error: unknown): unknown => {
  if (error instanceof BookingError) return BOOKING_STATUS[error.code](error);
  if (error instanceof PaymentError) return PAYMENT_STATUS[error.code](error);
  if (error instanceof InvoiceError) return INVOICE_STATUS[error.code](error);
  if (error instanceof CalendarError) return CALENDAR_STATUS[error.code](error);
  if (error instanceof ChatError) return CHAT_STATUS[error.code](error);
  if (error instanceof ReviewError) return REVIEW_STATUS[error.code](error);
  if (error instanceof TicketError) return TICKET_STATUS[error.code](error);
  if (error instanceof AdminError) return ADMIN_STATUS[error.code](error);
  if (error instanceof PricingError) {
    return new errors.ValidationError(error.message, { reason: error.code });
  }
  const code = dbCode(error);
  if (code && SLOT_TAKEN_CODES.has(code)) {
    return conflictError('The requested time was taken by a concurrent request', { reason: 'SLOT_TAKEN' });
  }
  if (code && RETRYABLE_CODES.has(code)) {
    return conflictError('A concurrent request changed the same data; please retry', { reason: 'CONCURRENT_UPDATE' });
  }
  return upstreamError(error) ?? error;
};
