import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ReviewError } from '../../../domain/review/errors';
import { reviewText } from '../../../domain/review/messages';
import { assertEditable, assertReviewable, COMMENT_MAX_LENGTH, responseAction } from '../../../domain/review/rules';
import { forUpdate, isUniqueViolation } from '../../../infra/db';
import { pageWindow, pagination, type Page } from '../../../infra/paginate';
import { plainText } from '../../../infra/plain-text';
import { guardedWrite } from '../../../infra/write-guard';
import { appService } from '../../app-services';
import type { CreateReviewInput, UpdateReviewInput, VendorReviewsQuery } from '../contracts';
import { lockRatings, recomputeRatings } from '../ratings';
import { ownReviewView, REVIEW_POPULATE, reviewerName, vendorReviewView, type ReviewRow } from '../review-view';

const REVIEW = 'api::review.review';
const BOOKING = 'api::booking.booking';
const VENUE = 'api::venue.venue';

interface BookingForReview {
  id: number;
  documentId: string;
  status: string;
  end_datetime: string;
  customer?: { id: number } | null;
  venue?: {
    id: number;
    documentId: string;
    name: string;
    vendor?: { user?: { id: number } | null } | null;
  } | null;
}

/** A comment as stored: plain text, null when nothing is left after stripping markup. */
const cleanComment = (raw: string | null | undefined): string | null => {
  if (raw === null || raw === undefined) return null;
  const text = plainText(raw);
  if (text.length > COMMENT_MAX_LENGTH) {
    throw new ReviewError('invalid_request', `comment: must be at most ${COMMENT_MAX_LENGTH} characters`, {
      errors: [{ path: ['comment'], message: `must be at most ${COMMENT_MAX_LENGTH} characters`, name: 'ValidationError' }],
    });
  }
  return text || null;
};

/**
 * Reviews written by customers and answered by vendors (contract: Reviews).
 *
 * - A customer reviews a booking of theirs once it is `completed`, within the review window (setting
 *   `reviews.window_days`, default 14 days after its end), once: the unique index on `reviews.booking_key`
 *   decides between concurrent attempts (409 ALREADY_REVIEWED), never a check-then-insert.
 * - The author edits rating and comment within 48 h; a hidden review cannot be edited.
 * - The venue's vendor replies once (plain text) and may edit the reply within 48 h; the author is notified.
 * - Every write that changes what counts towards a rating recomputes venue and vendor ratings in the same
 *   transaction, under the per-vendor ratings lock (src/api/review/ratings.ts).
 *
 * Writes run inside `guardedWrite`, so the review Document Service middleware (src/api/review/document-middleware.ts)
 * knows they come from here and leaves them alone.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const center = () => appService(strapi, 'api::notification.notification-center');
  const settings = () => appService(strapi, 'api::system-setting.settings');

  const inTransaction = async <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
    (await strapi.db.transaction(({ trx }) => guardedWrite('review-service', () => work(trx)))) as T;

  const loadReview = async (where: Record<string, unknown>): Promise<ReviewRow | null> =>
    (await strapi.db.query(REVIEW).findOne({ where, populate: REVIEW_POPULATE })) as ReviewRow | null;

  /** The review row locked for the rest of the transaction (PostgreSQL; SQLite serialises writers anyway). */
  const lockReviewRow = async (trx: Knex.Transaction, documentId: string) => {
    await forUpdate(strapi, trx('reviews').where('document_id', documentId).first('id'));
  };

  const isDocumentId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

  return {
    /** POST /reviews: 201 with the author's view of the new review. */
    async create(userId: number, input: CreateReviewInput, now = Date.now()) {
      const booking = (await strapi.db.query(BOOKING).findOne({
        where: { documentId: input.booking },
        select: ['id', 'documentId', 'status', 'end_datetime'],
        populate: {
          customer: { select: ['id'] },
          venue: {
            select: ['id', 'documentId', 'name'],
            populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } },
          },
        },
      })) as BookingForReview | null;
      // Someone else's booking does not exist for the caller.
      if (!booking || booking.customer?.id !== userId || !booking.venue) throw new ReviewError('not_found', 'Booking not found');
      const { windowDays } = await settings().reviews();
      assertReviewable({ status: booking.status, end: Date.parse(booking.end_datetime) }, windowDays, now);
      const comment = cleanComment(input.comment);
      const venue = booking.venue;

      let documentId: string;
      try {
        documentId = await inTransaction(async (trx) => {
          await lockRatings(strapi, trx, venue.id);
          const created = await strapi.documents(REVIEW).create({
            data: {
              booking: booking.id,
              booking_key: booking.documentId,
              venue: venue.id,
              author: userId,
              rating: input.rating,
              comment,
              status: 'published',
            } as never,
          });
          await recomputeRatings(strapi, trx, venue.id);
          const vendorUser = venue.vendor?.user?.id;
          if (vendorUser) {
            const author = (await strapi.db
              .query('plugin::users-permissions.user')
              .findOne({ where: { id: userId }, select: ['first_name', 'last_name', 'username'] })) as ReviewRow['author'];
            await center().reviewReceived(vendorUser, {
              review: created.documentId,
              venue: venue.documentId,
              venueName: venue.name,
              rating: input.rating,
              authorName: reviewerName(author),
            });
          }
          return created.documentId as string;
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ReviewError('already_reviewed', 'This booking has already been reviewed', { booking: booking.documentId });
        }
        throw error;
      }
      return ownReviewView((await loadReview({ documentId })) as ReviewRow);
    },

    /** PATCH /reviews/:id: the author changes rating and/or comment within 48 h of writing it. */
    async update(userId: number, documentId: string, input: UpdateReviewInput, now = Date.now()) {
      if (!isDocumentId(documentId)) throw new ReviewError('not_found', 'Review not found');
      const comment = input.comment === undefined ? undefined : cleanComment(input.comment);
      await inTransaction(async (trx) => {
        const row = await loadReview({ documentId, author: { id: userId } });
        if (!row || !row.venue) throw new ReviewError('not_found', 'Review not found');
        await lockRatings(strapi, trx, row.venue.id);
        await lockReviewRow(trx, documentId);
        // Re-read under the lock: a moderator may have hidden it meanwhile.
        const current = (await loadReview({ documentId })) as ReviewRow;
        assertEditable({ createdAt: Date.parse(current.createdAt), status: current.status }, now);
        await strapi.documents(REVIEW).update({
          documentId,
          data: {
            ...(input.rating !== undefined ? { rating: input.rating } : {}),
            ...(comment !== undefined ? { comment } : {}),
            edited_at: new Date(now).toISOString(),
          } as never,
        });
        if (input.rating !== undefined && input.rating !== current.rating) await recomputeRatings(strapi, trx, row.venue.id);
      });
      return ownReviewView((await loadReview({ documentId })) as ReviewRow);
    },

    /** GET /users/reviews: the caller's reviews (hidden ones too, with why), newest first. */
    async listMine(userId: number, page: Page) {
      const where = { author: { id: userId } };
      const [rows, total] = await Promise.all([
        strapi.db.query(REVIEW).findMany({
          where,
          populate: REVIEW_POPULATE,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(page),
        }) as Promise<ReviewRow[]>,
        strapi.db.query(REVIEW).count({ where }),
      ]);
      return { data: rows.map(ownReviewView), pagination: pagination(page, total) };
    },

    /** GET /vendor-dashboard/reviews: reviews of the vendor's venues, newest first. */
    async listForVendor(vendorUserId: number, query: VendorReviewsQuery) {
      const where: Record<string, unknown> = { venue: { vendor: { user: { id: vendorUserId } } } };
      if (query.venue) {
        const venue = (await strapi.db.query(VENUE).findOne({
          where: { documentId: query.venue, vendor: { user: { id: vendorUserId } } },
          select: ['id'],
        })) as { id: number } | null;
        if (!venue) throw new ReviewError('not_found', 'Venue not found');
        where.venue = { id: venue.id };
      }
      if (query.status) where.status = query.status;
      if (query.responded === 'true') where.vendor_responded_at = { $notNull: true };
      if (query.responded === 'false') where.vendor_responded_at = { $null: true };
      const [rows, total] = await Promise.all([
        strapi.db.query(REVIEW).findMany({
          where,
          populate: REVIEW_POPULATE,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(query),
        }) as Promise<ReviewRow[]>,
        strapi.db.query(REVIEW).count({ where }),
      ]);
      return { data: rows.map(vendorReviewView), pagination: pagination(query, total) };
    },

    /**
     * POST|PUT /vendor-dashboard/reviews/:id/respond: the vendor of the review's venue replies (first call) or
     * edits the reply (within 48 h of the first). Someone else's review → 404. `created` tells which.
     */
    async respond(vendorUserId: number, documentId: string, rawResponse: string, now = Date.now()) {
      if (!isDocumentId(documentId)) throw new ReviewError('not_found', 'Review not found');
      const response = plainText(rawResponse);
      if (!response) {
        throw new ReviewError('invalid_request', 'response: must contain text', {
          errors: [{ path: ['response'], message: 'must contain text', name: 'ValidationError' }],
        });
      }
      const created = await inTransaction(async (trx) => {
        const owned = await loadReview({ documentId, venue: { vendor: { user: { id: vendorUserId } } } });
        if (!owned) throw new ReviewError('not_found', 'Review not found');
        await lockReviewRow(trx, documentId);
        const row = (await loadReview({ documentId })) as ReviewRow;
        const action = responseAction(
          { status: row.status, respondedAt: row.vendor_responded_at ? Date.parse(row.vendor_responded_at) : null },
          now
        );
        const at = new Date(now).toISOString();
        await strapi.documents(REVIEW).update({
          documentId,
          data: (action.kind === 'create'
            ? { vendor_response: response, vendor_responded_at: at }
            : { vendor_response: response, vendor_response_edited_at: at }) as never,
        });
        if (action.kind === 'create' && row.author) {
          await center().notify(row.author.id, {
            type: 'review_response',
            ...reviewText.responded(row.venue?.name ?? 'The venue', response),
            data: { review: row.documentId, venue: row.venue?.documentId ?? null },
          });
        }
        return action.kind === 'create';
      });
      return { review: vendorReviewView((await loadReview({ documentId })) as ReviewRow), created };
    },

    /**
     * Records a review as given, without the customer-facing rules (demo data, imports), through the same
     * guarded path: once per booking (the unique index) and the ratings recomputed. Returns its documentId, or
     * null when the booking already has one.
     */
    async importReview(data: {
      booking: { id: number; documentId: string };
      venueId: number;
      authorId: number;
      rating: number;
      comment: string | null;
      createdAt?: string;
    }): Promise<string | null> {
      try {
        return await inTransaction(async (trx) => {
          await lockRatings(strapi, trx, data.venueId);
          const created = await strapi.documents(REVIEW).create({
            data: {
              booking: data.booking.id,
              booking_key: data.booking.documentId,
              venue: data.venueId,
              author: data.authorId,
              rating: data.rating,
              comment: data.comment === null ? null : plainText(data.comment),
              status: 'published',
            } as never,
          });
          if (data.createdAt) {
            await trx('reviews')
              .where('id', created.id)
              .update({ created_at: new Date(data.createdAt) });
          }
          await recomputeRatings(strapi, trx, data.venueId);
          return created.documentId as string;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },
  };
};
