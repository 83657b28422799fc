import type { WindowReason } from '../../domain/availability';

/** Human messages of the invalid-window reasons (the reason code itself goes in details.reason). */
export const REASON_MESSAGES: Record<WindowReason, string> = {
  IN_PAST: 'The requested time is in the past',
  NOTICE: 'The venue needs more notice before this start time',
  GRANULARITY: 'Start and end must fall on the booking grid',
  TOO_SHORT: 'The booking is shorter than the venue minimum',
  TOO_LONG: 'The booking is longer than the venue maximum',
  CAPACITY: 'Too many guests for this venue',
  OUTSIDE_HOURS: 'The venue is not open for the whole requested time',
  BLOCKED: 'The venue is unavailable during the requested time',
};
