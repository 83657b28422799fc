import { DomainError } from '../errors';

/**
 * Typed errors of calendar syncing (imports, manual blocks, export feeds). The mapper in
 * src/infra/http-errors.ts turns them into the contract's HTTP errors; sync failures of a feed are
 * recorded on the feed instead (last_status / last_error) and never reach a client as a 5xx.
 */
export type CalendarErrorCode =
  | 'not_found' // 404 (also: someone else's venue, feed or block)
  | 'invalid_url' // 400: not http(s), credentials in it, unparseable
  | 'host_not_allowed' // 400: resolves to a private, loopback, link-local… address (SSRF guard)
  | 'invalid_request' // 400
  | 'feed_exists' // 409: the venue already imports this URL
  | 'too_many_feeds' // 409
  | 'bookings_clash' // 409: a manual block over live bookings (details.bookings lists them)
  | 'imported_block' // 409: blocks from an import are changed at their source, not here
  | 'fetch_failed' // recorded on the feed: network error, timeout, non-2xx answer
  | 'feed_too_large' // recorded on the feed: body above the size cap
  | 'unparseable'; // recorded on the feed: not an iCalendar document

/** name 'CalendarError'; `code`, `message`, `details` as every DomainError. */
export class CalendarError extends DomainError<CalendarErrorCode> {}
