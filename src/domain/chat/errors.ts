/** Why a chat operation was refused. Mapped to HTTP errors in src/infra/http-errors.ts (and to socket acks). */
export type ChatErrorCode = 'not_found' | 'invalid_request' | 'closed' | 'rate_limited';

export class ChatError extends Error {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'ChatError';
  }
}
