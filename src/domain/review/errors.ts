import { DomainError } from '../errors';

/** Why a review, report or vendor-reply operation was refused. Mapped to HTTP errors in src/infra/http-errors.ts. */
export type ReviewErrorCode =
  | 'not_found' // 404 (also: someone else's booking or review)
  | 'invalid_request' // 400
  | 'booking_not_completed' // 409 BOOKING_NOT_COMPLETED
  | 'review_window_closed' // 409 REVIEW_WINDOW_CLOSED
  | 'already_reviewed' // 409 ALREADY_REVIEWED (the unique index said so)
  | 'edit_window_closed' // 409 EDIT_WINDOW_CLOSED
  | 'review_hidden' // 409 REVIEW_HIDDEN
  | 'illegal_transition' // 409 ILLEGAL_TRANSITION (moderation state machine)
  | 'already_reported' // 409 ALREADY_REPORTED
  | 'response_locked' // 409 RESPONSE_LOCKED (the vendor's 48 h to edit a reply are over)
  | 'forbidden'; // 403 (e.g. a moderator editing a customer's words)

export class ReviewError extends DomainError<ReviewErrorCode> {}
