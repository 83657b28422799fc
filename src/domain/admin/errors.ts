import { DomainError } from '../errors';

/** Why a staff operation was refused. Mapped to HTTP errors in src/infra/http-errors.ts. */
export type AdminErrorCode =
  | 'not_found' // 404
  | 'invalid_request' // 400
  | 'illegal_transition'; // 409 ILLEGAL_TRANSITION (vendor / venue / user state machines)

export class AdminError extends DomainError<AdminErrorCode> {}
