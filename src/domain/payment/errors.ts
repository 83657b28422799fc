import { DomainError } from '../errors';

/** Typed payment errors; src/infra/http-errors.ts maps them to the contract's HTTP errors. */
export type PaymentErrorCode =
  | 'not_found' // 404 (also: not yours)
  | 'not_payable' // 409: the booking cannot take a payment in its state
  | 'payment_not_authorized' // 409: a request cannot be approved without an authorized payment
  | 'nothing_to_refund' // 409
  | 'over_refund' // 400: more than what remains refundable
  | 'refund_not_allowed' // 400: e.g. a customer choosing an amount the policy does not give
  | 'invalid_signature' // 400: webhook signature missing, wrong or stale
  | 'webhook_not_configured'; // 503

/** name 'PaymentError'; `code`, `message`, `details` as every DomainError. */
export class PaymentError extends DomainError<PaymentErrorCode> {}
