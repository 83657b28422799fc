import { reviewEditableUntil, RESPONSE_EDIT_WINDOW_MS } from '../../domain/review/rules';

/** A review row as the review services load it (Query Engine, with the relations below populated). */
export interface ReviewRow {
  id: number;
  documentId: string;
  rating: number;
  comment: string | null;
  status: 'published' | 'hidden';
  hidden_cause: 'moderator' | 'reports' | null;
  hidden_reason: string | null;
  hidden_at: string | null;
  moderation_note?: string | null;
  vendor_response: string | null;
  vendor_responded_at: string | null;
  vendor_response_edited_at: string | null;
  edited_at: string | null;
  booking_key?: string | null;
  createdAt: string;
  updatedAt: string;
  author?: { id: number; documentId: string; first_name?: string | null; last_name?: string | null; username?: string } | null;
  booking?: { id: number; documentId: string; reference: string | null } | null;
  venue?: {
    id: number;
    documentId: string;
    name: string;
    slug: string;
    vendor?: { id: number; documentId: string; business_name: string; user?: { id: number } | null } | null;
  } | null;
}

export const REVIEW_POPULATE = {
  author: { select: ['id', 'documentId', 'first_name', 'last_name', 'username'] },
  booking: { select: ['id', 'documentId', 'reference'] },
  venue: {
    select: ['id', 'documentId', 'name', 'slug'],
    populate: { vendor: { select: ['id', 'documentId', 'business_name'], populate: { user: { select: ['id'] } } } },
  },
};

const iso = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

/** First name and last initial, or "Guest" (the public and vendor-side name of a reviewer; never the e-mail). */
export const reviewerName = (author: ReviewRow['author']): string =>
  (author ? [author.first_name, author.last_name ? `${author.last_name[0]}.` : null].filter(Boolean).join(' ') : '') || 'Guest';

const venueOf = (row: ReviewRow) =>
  row.venue ? { documentId: row.venue.documentId, name: row.venue.name, slug: row.venue.slug } : null;

const bookingOf = (row: ReviewRow) =>
  row.booking ? { documentId: row.booking.documentId, reference: row.booking.reference ?? null } : null;

const responseOf = (row: ReviewRow) => ({
  vendor_response: row.vendor_response ?? null,
  vendor_responded_at: iso(row.vendor_responded_at),
});

/** The author's own view: status, why it is hidden, and until when it can still be edited. */
export const ownReviewView = (row: ReviewRow) => ({
  documentId: row.documentId,
  rating: row.rating,
  comment: row.comment ?? null,
  status: row.status,
  hidden_reason:
    row.status === 'hidden'
      ? row.hidden_cause === 'reports'
        ? 'Hidden after reports, pending moderation'
        : row.hidden_reason || 'Hidden by a moderator'
      : null,
  venue: venueOf(row),
  booking: bookingOf(row),
  ...responseOf(row),
  created_at: new Date(row.createdAt).toISOString(),
  edited_at: iso(row.edited_at),
  editable_until: new Date(reviewEditableUntil(Date.parse(row.createdAt))).toISOString(),
});

/** The vendor's view of a review of one of their venues (reviewer by first name and initial only). */
export const vendorReviewView = (row: ReviewRow) => ({
  documentId: row.documentId,
  rating: row.rating,
  comment: row.comment ?? null,
  status: row.status,
  author: reviewerName(row.author),
  venue: venueOf(row),
  booking: bookingOf(row),
  ...responseOf(row),
  response_editable_until: row.vendor_responded_at
    ? new Date(Date.parse(row.vendor_responded_at) + RESPONSE_EDIT_WINDOW_MS).toISOString()
    : null,
  created_at: new Date(row.createdAt).toISOString(),
});

export type OwnReviewView = ReturnType<typeof ownReviewView>;
export type VendorReviewView = ReturnType<typeof vendorReviewView>;

/** A report as its reporter sees it. */
export interface ReportRow {
  id: number;
  documentId: string;
  target_type: 'review' | 'venue' | 'user' | 'message';
  target_id: string;
  reason: string;
  details: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  resolution: string | null;
  createdAt: string;
  reporter?: { id: number } | null;
}

export const reportView = (row: ReportRow) => ({
  documentId: row.documentId,
  target_type: row.target_type,
  target: row.target_id,
  reason: row.reason,
  details: row.details ?? null,
  status: row.status,
  created_at: new Date(row.createdAt).toISOString(),
});

export type ReportView = ReturnType<typeof reportView>;
