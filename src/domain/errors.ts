/**
 * Base of every typed domain error: a snake_case `code` the HTTP mapper (src/infra/http-errors.ts) turns
 * into a status, a message for people, and `details` for clients. Each area narrows `Code` to its own list.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = new.target.name;
  }
}
