import { DomainError } from '../errors';

/** Why a chat operation was refused. Mapped to HTTP errors in src/infra/http-errors.ts (and to socket acks). */
export type ChatErrorCode = 'not_found' | 'invalid_request' | 'closed' | 'rate_limited';

/** name 'ChatError'; `code`, `message`, `details` as every DomainError. */
export class ChatError extends DomainError<ChatErrorCode> {}
