import { DAY, HOUR } from '../time';
import { ReviewError } from './errors';

/**
 * The rules of reviews, pure: who may review which booking and until when, how long the author and the vendor
 * may edit what they wrote, and the venue rating that follows from the published reviews. Instants are epoch ms.
 */

export const RATING_MIN = 1;
export const RATING_MAX = 5;
export const COMMENT_MAX_LENGTH = 2000;
export const RESPONSE_MAX_LENGTH = 2000;
/** The author may change rating and comment this long after writing the review. */
export const REVIEW_EDIT_WINDOW_MS = 48 * HOUR;
/** The vendor may change its reply this long after first posting it. */
export const RESPONSE_EDIT_WINDOW_MS = 48 * HOUR;
export const DEFAULT_REVIEW_WINDOW_DAYS = 14;
export const DEFAULT_REPORT_THRESHOLD = 3;

export interface ReviewableBooking {
  status: string;
  /** End of the booking (epoch ms). */
  end: number;
}

/** When the review window of a booking closes: `windowDays` days after its end. */
export const reviewWindowClosesAt = (booking: ReviewableBooking, windowDays: number): number => booking.end + windowDays * DAY;

/**
 * Throws unless the booking may be reviewed now: it is completed and its review window (`windowDays` days after
 * the end) is still open. Whether the caller is the booking's customer is checked before (a 404 otherwise).
 */
export const assertReviewable = (booking: ReviewableBooking, windowDays: number, now: number): void => {
  if (booking.status !== 'completed') {
    throw new ReviewError('booking_not_completed', 'Only completed bookings can be reviewed', { status: booking.status });
  }
  const closesAt = reviewWindowClosesAt(booking, windowDays);
  if (now > closesAt) {
    throw new ReviewError('review_window_closed', `Reviews can be written up to ${windowDays} days after the booking ended`, {
      closed_at: new Date(closesAt).toISOString(),
    });
  }
};

/** Until when the author may edit a review written at `createdAt`. */
export const reviewEditableUntil = (createdAt: number): number => createdAt + REVIEW_EDIT_WINDOW_MS;

export const assertEditable = (review: { createdAt: number; status: string }, now: number): void => {
  if (review.status !== 'published') {
    throw new ReviewError('review_hidden', 'A hidden review cannot be edited', { status: review.status });
  }
  const until = reviewEditableUntil(review.createdAt);
  if (now > until) {
    throw new ReviewError('edit_window_closed', 'Reviews can be edited for 48 hours after they were written', {
      editable_until: new Date(until).toISOString(),
    });
  }
};

/**
 * A vendor's reply: the first one is created; a later call edits it within 48 h of the first reply, and is
 * refused after that. Only published reviews take replies.
 */
export const responseAction = (
  review: { status: string; respondedAt: number | null },
  now: number
): { kind: 'create' } | { kind: 'edit'; editableUntil: number } => {
  if (review.status !== 'published') {
    throw new ReviewError('review_hidden', 'A hidden review cannot be answered', { status: review.status });
  }
  if (review.respondedAt === null) return { kind: 'create' };
  const editableUntil = review.respondedAt + RESPONSE_EDIT_WINDOW_MS;
  if (now > editableUntil) {
    throw new ReviewError('response_locked', 'A reply can be edited for 48 hours after it was posted', {
      editable_until: new Date(editableUntil).toISOString(),
    });
  }
  return { kind: 'edit', editableUntil };
};

/** Rating summary of a set of published reviews: average rounded to 2 decimals (half up), 0 when there are none. */
export const ratingSummary = (count: number, sum: number): { average: number; count: number } => {
  if (!Number.isFinite(count) || count <= 0) return { average: 0, count: 0 };
  // Integer arithmetic: sum*100/count rounded, so 4.125 → 4.13 and 13/3 → 4.33 without float surprises.
  return { average: Math.round((sum * 100) / count) / 100, count };
};

/** Count per star (1..5) from rows of (rating, count); missing stars are 0. */
export const ratingHistogram = (rows: { rating: number; count: number }[]): Record<'1' | '2' | '3' | '4' | '5', number> => {
  const histogram = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const row of rows) {
    const key = String(row.rating) as keyof typeof histogram;
    if (key in histogram) histogram[key] += Number(row.count);
  }
  return histogram;
};
