import { DomainError } from '../errors';

/** Why a support-ticket operation was refused. Mapped to HTTP errors in src/infra/http-errors.ts. */
export type TicketErrorCode =
  | 'not_found' // 404 (also: someone else's ticket)
  | 'invalid_request' // 400
  | 'illegal_transition' // 409 ILLEGAL_TRANSITION
  | 'closed' // 409 TICKET_CLOSED: a closed ticket takes no messages
  | 'reopen_window_closed'; // 409 REOPEN_WINDOW_CLOSED

export class TicketError extends DomainError<TicketErrorCode> {}
