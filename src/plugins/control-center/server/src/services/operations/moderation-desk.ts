import type { Core } from '@strapi/strapi';
import { pageWindow, pagination } from '../../../../../../infra/paginate';
import type { StaffActor } from '../../../../../../api/admin-action/audit';
import { appService } from '../../../../../../api/app-services';
import type { ReportListQuery, ReviewListQuery } from '../../contracts/operations';
import { iso } from './shared';

const REVIEW = 'api::review.review';
const REPORT = 'api::report.report';

interface ReviewRow {
  id: number;
  documentId: string;
  rating: number;
  comment: string | null;
  status: 'published' | 'hidden';
  hidden_cause: 'moderator' | 'reports' | null;
  hidden_reason: string | null;
  createdAt: string;
  venue?: { documentId: string; name: string } | null;
  author?: { id: number; username: string } | null;
}
interface ReportRow {
  documentId: string;
  target_type: 'review' | 'venue' | 'user' | 'message';
  target_id: string;
  reason: string;
  details: string | null;
  status: 'open' | 'resolved' | 'dismissed';
  resolution: string | null;
  resolved_at: string | null;
  createdAt: string;
  reporter?: { id: number; username: string } | null;
}

/**
 * The moderation desk: lists for moderators, and the actions of the reviews feature's moderation service
 * (src/api/review/services/moderation.ts: state machine, ratings, one audit row, notifications, one transaction).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const moderation = () => appService(strapi, 'api::review.moderation');

  return {
    async listReviews(query: ReviewListQuery) {
      const where: Record<string, unknown> = {};
      if (query.status) where.status = query.status;
      if (query.venue) where.venue = { documentId: query.venue };
      if (query.reported === 'true' || query.reported === 'false') {
        const reported = (await strapi.db
          .connection(strapi.db.metadata.get(REPORT).tableName)
          .distinct('target_id')
          .where({ target_type: 'review', status: 'open' })) as { target_id: string }[];
        const ids = reported.map((row) => row.target_id);
        where.documentId = query.reported === 'true' ? { $in: ids } : { $notIn: ids };
      }
      const { offset, limit } = pageWindow(query);
      const [rows, total] = await Promise.all([
        strapi.db.query(REVIEW).findMany({
          where,
          select: ['id', 'documentId', 'rating', 'comment', 'status', 'hidden_cause', 'hidden_reason', 'createdAt'],
          populate: { venue: { select: ['documentId', 'name'] }, author: { select: ['id', 'username'] } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset,
          limit,
        }) as Promise<ReviewRow[]>,
        strapi.db.query(REVIEW).count({ where }),
      ]);
      // Open reports of the page's reviews, in one query.
      const counts = rows.length
        ? ((await strapi.db
            .connection(strapi.db.metadata.get(REPORT).tableName)
            .select('target_id')
            .count({ n: '*' })
            .where({ target_type: 'review', status: 'open' })
            .whereIn(
              'target_id',
              rows.map((row) => row.documentId)
            )
            .groupBy('target_id')) as { target_id: string; n: number | string }[])
        : [];
      const open = new Map(counts.map((row) => [row.target_id, Number(row.n)]));
      return {
        data: rows.map((row) => ({
          documentId: row.documentId,
          rating: row.rating,
          comment: row.comment ?? null,
          status: row.status,
          hidden_cause: row.status === 'hidden' ? (row.hidden_cause ?? 'moderator') : null,
          hidden_reason: row.hidden_reason ?? null,
          open_reports: open.get(row.documentId) ?? 0,
          venue: row.venue ? { documentId: row.venue.documentId, name: row.venue.name } : null,
          author: row.author ? { id: row.author.id, username: row.author.username } : null,
          created_at: new Date(row.createdAt).toISOString(),
        })),
        meta: { pagination: pagination(query, total) },
      };
    },

    async listReports(query: ReportListQuery) {
      const where: Record<string, unknown> = {};
      if (query.status) where.status = query.status;
      if (query.target_type) where.target_type = query.target_type;
      const { offset, limit } = pageWindow(query);
      const [rows, total] = await Promise.all([
        strapi.db.query(REPORT).findMany({
          where,
          populate: { reporter: { select: ['id', 'username'] } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          offset,
          limit,
        }) as Promise<ReportRow[]>,
        strapi.db.query(REPORT).count({ where }),
      ]);
      return {
        data: rows.map((row) => ({
          documentId: row.documentId,
          target_type: row.target_type,
          target_id: row.target_id,
          reason: row.reason,
          details: row.details ?? null,
          status: row.status,
          resolution: row.resolution ?? null,
          resolved_at: iso(row.resolved_at),
          reporter: row.reporter ? { id: row.reporter.id, username: row.reporter.username } : null,
          created_at: new Date(row.createdAt).toISOString(),
        })),
        meta: { pagination: pagination(query, total) },
      };
    },

    hide: (actor: StaffActor, documentId: string, input: { reason?: string; note?: string }) =>
      moderation().hideReview(actor, documentId, input),
    restore: (actor: StaffActor, documentId: string, input: { reason?: string; note?: string }) =>
      moderation().restoreReview(actor, documentId, input),
    resolve: (actor: StaffActor, documentId: string, input: { resolution?: string }) =>
      moderation().resolveReport(actor, documentId, input),
    dismiss: (actor: StaffActor, documentId: string, input: { resolution?: string }) =>
      moderation().dismissReport(actor, documentId, input),
  };
};
