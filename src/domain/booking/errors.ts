import { DomainError } from '../errors';

/**
 * Typed domain errors. Domain code throws these; one mapper (src/infra/http-errors.ts) turns them
 * into the contract's HTTP errors, so no caller decides status codes.
 */
export type BookingErrorCode =
  | 'invalid_window' // 400, details.reason says which rule
  | 'invalid_request' // 400
  | 'slot_taken' // 409
  | 'illegal_transition' // 409
  | 'too_many_holds' // 409
  | 'not_found' // 404 (also: not yours)
  | 'forbidden' // 403
  | 'idempotency_key_reused'; // 409

/** name 'BookingError'; `code`, `message`, `details` as every DomainError. */
export class BookingError extends DomainError<BookingErrorCode> {}
