import { z } from 'zod';
import { COMMENT_MAX_LENGTH, RATING_MAX, RATING_MIN, RESPONSE_MAX_LENGTH } from '../../domain/review/rules';
import { REPORT_TARGET_TYPES, REVIEW_STATUSES } from '../../domain/review/state-machine';
import { dataResponse, instant, integer, listResponse, type Documents } from '../../infra/openapi-shapes';
import { paginationQuery } from '../../infra/paginate';
import { documentIdParam } from '../../infra/params';
import type { OwnReviewView, ReportView, VendorReviewView } from './review-view';

/**
 * Request and response schemas of the review endpoints (contract: Reviews): writing and editing a review,
 * the caller's own reviews, reports, and the vendor's replies. Texts are plain text: markup is stripped by the
 * services (src/infra/plain-text.ts); lengths are checked on what the client sends.
 */
export { documentIdParam };

const rating = z
  .number({ message: 'must be a whole number from 1 to 5' })
  .int('must be a whole number from 1 to 5')
  .min(RATING_MIN)
  .max(RATING_MAX)
  .describe('Stars, 1 to 5');

const comment = z
  .string({ message: 'must be a string' })
  .max(COMMENT_MAX_LENGTH, `must be at most ${COMMENT_MAX_LENGTH} characters`)
  .describe(`Plain text (markup is removed), at most ${COMMENT_MAX_LENGTH} characters`);

export const createReviewBody = z
  .strictObject({
    booking: documentIdParam.describe('documentId of your completed booking'),
    rating,
    comment: comment.optional(),
  })
  .describe('Only the customer of a completed booking, within the review window (setting, default 14 days after its end), once');

export const updateReviewBody = z
  .strictObject({ rating: rating.optional(), comment: comment.nullable().optional() })
  .refine((value) => value.rating !== undefined || value.comment !== undefined, {
    message: 'give rating or comment',
    path: ['rating'],
  })
  .describe('The author edits rating and/or comment within 48 hours of writing the review');

const reason = z
  .string({ message: 'must be a string' })
  .max(255, 'must be at most 255 characters')
  .refine((value) => value.trim().length > 0, 'must not be empty')
  .describe('Why this should be looked at (plain text, at most 255 characters)');
const details = z
  .string({ message: 'must be a string' })
  .max(2000, 'must be at most 2000 characters')
  .describe('More context for the moderators (plain text)');

export const reportReviewBody = z.strictObject({ reason, details: details.optional() });

export const createReportBody = z.strictObject({
  target_type: z.enum(REPORT_TARGET_TYPES).describe('What is reported'),
  target: documentIdParam.describe('documentId of the review, venue or message'),
  reason,
  details: details.optional(),
});

export const respondBody = z
  .strictObject({
    response: z
      .string({ message: 'must be a string' })
      .max(RESPONSE_MAX_LENGTH, `must be at most ${RESPONSE_MAX_LENGTH} characters`)
      .refine((value) => value.trim().length > 0, 'must not be empty')
      .describe(`Plain text (markup is removed), at most ${RESPONSE_MAX_LENGTH} characters`),
  })
  .describe('One reply per review; posting again within 48 hours of the first reply edits it');

export const myReviewsQuery = z.strictObject({ ...paginationQuery });

export const vendorReviewsQuery = z.strictObject({
  ...paginationQuery,
  venue: documentIdParam.optional().describe('Only reviews of this venue (one of yours)'),
  status: z.enum(REVIEW_STATUSES).optional(),
  responded: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only reviews you answered; false: only those still waiting for a reply'),
});

/* ------------------------------------------------------------------------------------------------
 * Response schemas (OpenAPI document only; see src/infra/openapi-shapes.ts).
 * ---------------------------------------------------------------------------------------------- */

const venueRef = z.object({ documentId: z.string(), name: z.string(), slug: z.string() }).nullable();
const bookingRef = z.object({ documentId: z.string(), reference: z.string().nullable() }).nullable();

export const ownReviewSchema = z.object({
  documentId: z.string(),
  rating: integer.min(1).max(5),
  comment: z.string().nullable(),
  status: z.enum(REVIEW_STATUSES),
  hidden_reason: z.string().nullable().describe('Why a hidden review is hidden; null when published'),
  venue: venueRef,
  booking: bookingRef,
  vendor_response: z.string().nullable(),
  vendor_responded_at: instant.nullable(),
  created_at: instant,
  edited_at: instant.nullable(),
  editable_until: instant.describe('The author may edit rating and comment until then (48 hours)'),
});

export const vendorReviewSchema = z.object({
  documentId: z.string(),
  rating: integer.min(1).max(5),
  comment: z.string().nullable(),
  status: z.enum(REVIEW_STATUSES),
  author: z.string().describe('First name and last initial, or "Guest"'),
  venue: venueRef,
  booking: bookingRef,
  vendor_response: z.string().nullable(),
  vendor_responded_at: instant.nullable(),
  response_editable_until: instant.nullable().describe('Your reply can be edited until then; null before you reply'),
  created_at: instant,
});

export const reportSchema = z.object({
  documentId: z.string(),
  target_type: z.enum(['review', 'venue', 'user', 'message']),
  target: z.string().describe('documentId of the reported item'),
  reason: z.string(),
  details: z.string().nullable(),
  status: z.enum(['open', 'resolved', 'dismissed']),
  created_at: instant,
});

export const ownReviewResponse = dataResponse(ownReviewSchema, 'The review (HTTP 201 when written)');
export const ownReviewListResponse = listResponse(ownReviewSchema, "The caller's reviews, newest first (hidden ones too)");
export const vendorReviewResponse = dataResponse(
  vendorReviewSchema,
  'The review with your reply (HTTP 201 for a first reply, 200 for an edit)'
);
export const vendorReviewListResponse = listResponse(vendorReviewSchema, 'Reviews of your venues, newest first');
export const reportResponse = dataResponse(reportSchema, 'The report (HTTP 201); a second report of the same item → 409');

// Compile-time drift checks: the views must fit their documented schemas.
export type OwnReviewDocumented = Documents<z.output<typeof ownReviewSchema>, OwnReviewView>;
export type VendorReviewDocumented = Documents<z.output<typeof vendorReviewSchema>, VendorReviewView>;
export type ReportDocumented = Documents<z.output<typeof reportSchema>, ReportView>;

export type CreateReviewInput = z.infer<typeof createReviewBody>;
export type UpdateReviewInput = z.infer<typeof updateReviewBody>;
export type CreateReportInput = z.infer<typeof createReportBody>;
export type VendorReviewsQuery = z.infer<typeof vendorReviewsQuery>;
