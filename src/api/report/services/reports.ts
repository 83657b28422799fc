import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ReviewError } from '../../../domain/review/errors';
import { reportKey, type ReportTargetType } from '../../../domain/review/state-machine';
import { isUniqueViolation } from '../../../infra/db';
import { plainText } from '../../../infra/plain-text';
import { guardedWrite } from '../../../infra/write-guard';
import { appService } from '../../app-services';
import { lockRatings } from '../../review/ratings';
import { reportView, type ReportRow } from '../../review/review-view';
import { PUBLIC_VENUE_WHERE } from '../../venue/services/venue-rules';

const REPORT = 'api::report.report';

export interface FileReportInput {
  target_type: ReportTargetType;
  target: string;
  reason: string;
  details?: string;
}

const invalid = (field: string, message: string) =>
  new ReviewError('invalid_request', `${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

const cleanText = (field: string, raw: string | undefined, max: number, required: boolean): string | null => {
  const value = typeof raw === 'string' ? plainText(raw) : '';
  if (required && !value) throw invalid(field, 'must contain text');
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  return value || null;
};

/**
 * Reports (moderation flags) filed by signed-in users on reviews, venues and messages (contract: `POST /reports`,
 * `POST /reviews/:id/report`). Only what the reporter can see can be reported (a hidden review, a venue that is
 * not public or a message of someone else's conversation is a 404), never one's own. Once per user and target:
 * the unique index on `reports.dedup_key` decides (409 ALREADY_REPORTED). A report on a review is filed under the
 * review's ratings lock, and the review is hidden automatically when it reaches the threshold (moderation service).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const moderation = () => appService(strapi, 'api::review.moderation');

  /** What is reported, if the reporter may see it: the venue id to lock for reviews. */
  const resolveTarget = async (
    userId: number,
    type: ReportTargetType,
    documentId: string
  ): Promise<{ venueId: number | null }> => {
    if (type === 'review') {
      const review = (await strapi.db.query('api::review.review').findOne({
        where: { documentId, status: 'published' },
        select: ['id'],
        populate: { author: { select: ['id'] }, venue: { select: ['id'] } },
      })) as { id: number; author?: { id: number } | null; venue?: { id: number } | null } | null;
      if (!review) throw new ReviewError('not_found', 'Review not found');
      if (review.author?.id === userId) throw invalid('target', 'you cannot report your own review');
      return { venueId: review.venue?.id ?? null };
    }
    if (type === 'venue') {
      const venue = (await strapi.db.query('api::venue.venue').findOne({
        where: { documentId, ...PUBLIC_VENUE_WHERE },
        select: ['id'],
        populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } },
      })) as { id: number; vendor?: { user?: { id: number } | null } | null } | null;
      if (!venue) throw new ReviewError('not_found', 'Venue not found');
      if (venue.vendor?.user?.id === userId) throw invalid('target', 'you cannot report your own venue');
      return { venueId: null };
    }
    const message = (await strapi.db.query('api::message.message').findOne({
      where: { documentId, conversation: { participants: { id: userId } } },
      select: ['id'],
      populate: { sender: { select: ['id'] } },
    })) as { id: number; sender?: { id: number } | null } | null;
    if (!message) throw new ReviewError('not_found', 'Message not found');
    if (message.sender?.id === userId) throw invalid('target', 'you cannot report your own message');
    return { venueId: null };
  };

  return {
    /** POST /reports and POST /reviews/:id/report: 201 with the report. */
    async file(userId: number, input: FileReportInput) {
      const reason = cleanText('reason', input.reason, 255, true) as string;
      const details = cleanText('details', input.details, 2000, false);
      const target = await resolveTarget(userId, input.target_type, input.target);
      let documentId: string;
      try {
        documentId = (await strapi.db.transaction(({ trx }) =>
          guardedWrite('reports', async () => {
            if (target.venueId) await lockRatings(strapi, trx as Knex.Transaction, target.venueId);
            const created = await strapi.documents(REPORT).create({
              data: {
                target_type: input.target_type,
                target_id: input.target,
                reason,
                details,
                reporter: userId,
                status: 'open',
                dedup_key: reportKey(input.target_type, input.target, userId),
              } as never,
            });
            if (input.target_type === 'review') await moderation().autoHideIfReported(trx as Knex.Transaction, input.target);
            return created.documentId as string;
          })
        )) as string;
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ReviewError('already_reported', 'You have already reported this', {
            target_type: input.target_type,
            target: input.target,
          });
        }
        throw error;
      }
      const row = (await strapi.db.query(REPORT).findOne({ where: { documentId } })) as ReportRow;
      return reportView(row);
    },
  };
};
