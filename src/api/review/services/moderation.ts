import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ReviewError } from '../../../domain/review/errors';
import { reviewText } from '../../../domain/review/messages';
import {
  canApplyReviewEvent,
  nextReportStatus,
  nextReviewState,
  shouldAutoHide,
  shouldRelease,
  type ReportEvent,
  type ReviewEvent,
  type ReviewState,
} from '../../../domain/review/state-machine';
import { forUpdate } from '../../../infra/db';
import { plainText } from '../../../infra/plain-text';
import { guardedWrite } from '../../../infra/write-guard';
import { recordAdminAction, type StaffActor } from '../../admin-action/audit';
import { appService } from '../../app-services';
import { lockRatings, recomputeRatings } from '../ratings';
import { REVIEW_POPULATE, type ReportRow, type ReviewRow } from '../review-view';

const REVIEW = 'api::review.review';
const REPORT = 'api::report.report';

export interface ModerationInput {
  /** Why (shown to the author for a hide; kept in the audit record). */
  reason?: string | null;
  /** Internal note for other moderators (never shown to users). */
  note?: string | null;
}

export interface ModerationResult {
  review: { documentId: string; status: ReviewRow['status']; hidden_cause: ReviewRow['hidden_cause'] };
  reports: string[];
}

const text = (field: string, value: string | null | undefined, max: number, required = false): string | null => {
  const cleaned = typeof value === 'string' ? plainText(value) : '';
  const fail = (message: string) =>
    new ReviewError('invalid_request', `${field}: ${message}`, {
      errors: [{ path: [field], message, name: 'ValidationError' }],
    });
  if (value !== undefined && value !== null && typeof value !== 'string') throw fail('must be a string');
  if (required && !cleaned) throw fail('must not be empty');
  if (cleaned.length > max) throw fail(`must be at most ${max} characters`);
  return cleaned || null;
};

const stateOf = (row: Pick<ReviewRow, 'status' | 'hidden_cause'>): ReviewState => ({
  status: row.status,
  hiddenCause: row.status === 'hidden' ? (row.hidden_cause ?? 'moderator') : null,
});

const snapshot = (row: Pick<ReviewRow, 'status' | 'hidden_cause' | 'hidden_reason'>) => ({
  status: row.status,
  hidden_cause: row.status === 'hidden' ? (row.hidden_cause ?? 'moderator') : null,
  hidden_reason: row.hidden_reason ?? null,
});

const isDocumentId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

/**
 * Content moderation of reviews and reports, as services (the admin REST routes and panel pages call these).
 *
 * - hide / restore a review with a reason (state machine in src/domain/review/state-machine.ts). A hide resolves
 *   the review's open reports, a restore dismisses them.
 * - resolve a report (it was right: a reported review is hidden) or dismiss it (it was not: an auto-hidden review
 *   whose open reports fall below the threshold is published again).
 * - auto-hide: a published review reaching the report threshold (setting `reviews.report_threshold`, default 3)
 *   is hidden pending moderation.
 *
 * Each action runs in one transaction with the ratings lock, recomputes venue and vendor ratings when the set of
 * published reviews changed, writes exactly one admin_actions row, and notifies the author, the vendor and the
 * reporters (after commit).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const center = () => appService(strapi, 'api::notification.notification-center');
  const settings = () => appService(strapi, 'api::system-setting.settings');

  const inTransaction = async <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
    (await strapi.db.transaction(({ trx }) => guardedWrite('review-moderation', () => work(trx)))) as T;

  const loadReview = async (documentId: string): Promise<ReviewRow | null> =>
    (await strapi.db.query(REVIEW).findOne({ where: { documentId }, populate: REVIEW_POPULATE })) as ReviewRow | null;

  /** Locks ratings of the review's venue and the review row, then reads the review as it is now. */
  const lockReview = async (trx: Knex.Transaction, documentId: string): Promise<ReviewRow> => {
    const row = isDocumentId(documentId) ? await loadReview(documentId) : null;
    if (!row) throw new ReviewError('not_found', 'Review not found');
    if (row.venue) await lockRatings(strapi, trx, row.venue.id);
    await forUpdate(strapi, trx('reviews').where('id', row.id).first('id'));
    return (await loadReview(documentId)) as ReviewRow;
  };

  const openReportsOf = async (reviewDocumentId: string): Promise<ReportRow[]> =>
    (await strapi.db.query(REPORT).findMany({
      where: { target_type: 'review', target_id: reviewDocumentId, status: 'open' },
      populate: { reporter: { select: ['id'] } },
      orderBy: [{ id: 'asc' }],
    })) as ReportRow[];

  const countOpenReports = (reviewDocumentId: string): Promise<number> =>
    strapi.db.query(REPORT).count({ where: { target_type: 'review', target_id: reviewDocumentId, status: 'open' } });

  /** Moves the review along the state machine, keeps the hide fields in step and recomputes the ratings. */
  const applyReviewEvent = async (
    trx: Knex.Transaction,
    row: ReviewRow,
    event: ReviewEvent,
    fields: { reason?: string | null; note?: string | null } = {}
  ) => {
    const next = nextReviewState(stateOf(row), event);
    const now = new Date().toISOString();
    await strapi.documents(REVIEW).update({
      documentId: row.documentId,
      data: {
        status: next.status,
        hidden_cause: next.hiddenCause,
        hidden_reason: next.status === 'hidden' ? (fields.reason ?? row.hidden_reason ?? null) : null,
        hidden_at: next.status === 'hidden' ? (row.status === 'hidden' ? (row.hidden_at ?? now) : now) : null,
        ...(fields.note !== undefined && fields.note !== null ? { moderation_note: fields.note } : {}),
      } as never,
    });
    if (row.venue && next.status !== row.status) await recomputeRatings(strapi, trx, row.venue.id);
    return next;
  };

  const notifyReviewMoved = async (row: ReviewRow, next: ReviewState, reason: string | null) => {
    if (next.status === row.status) return;
    const venueName = row.venue?.name ?? 'the venue';
    const data = { review: row.documentId, venue: row.venue?.documentId ?? null, status: next.status };
    const byReports = next.hiddenCause === 'reports';
    const vendorUser = row.venue?.vendor?.user?.id;
    if (next.status === 'hidden') {
      if (row.author) {
        await center().notify(row.author.id, {
          type: 'review_moderated',
          ...reviewText.hiddenForAuthor(venueName, reason, byReports),
          data,
        });
      }
      if (vendorUser) {
        await center().notify(vendorUser, {
          type: 'review_moderated',
          ...reviewText.hiddenForVendor(venueName, byReports),
          data,
        });
      }
    } else {
      if (row.author) {
        await center().notify(row.author.id, { type: 'review_moderated', ...reviewText.restoredForAuthor(venueName), data });
      }
      if (vendorUser) {
        await center().notify(vendorUser, { type: 'review_moderated', ...reviewText.restoredForVendor(venueName), data });
      }
    }
  };

  const targetLabel = (type: ReportRow['target_type']) =>
    type === 'message' ? 'message' : type === 'venue' ? 'venue' : 'review';

  /** Closes reports (resolved or dismissed), recording who and why; tells each reporter. Returns their documentIds. */
  const closeReports = async (reports: ReportRow[], event: ReportEvent, actor: StaffActor, resolution: string | null) => {
    const now = new Date().toISOString();
    for (const report of reports) {
      const status = nextReportStatus(report.status, event);
      await strapi.documents(REPORT).update({
        documentId: report.documentId,
        data: {
          status,
          resolution,
          resolved_at: now,
          resolved_by: actor.kind === 'admin' ? actor.adminId : null,
        } as never,
      });
      if (report.reporter) {
        await center().notify(report.reporter.id, {
          type: 'report_resolved',
          ...reviewText.reportClosed(targetLabel(report.target_type), status === 'resolved', null),
          data: { report: report.documentId, target_type: report.target_type, target: report.target_id, status },
        });
      }
    }
    return reports.map((report) => report.documentId);
  };

  const result = (row: ReviewRow, next: ReviewState, reports: string[]): ModerationResult => ({
    review: { documentId: row.documentId, status: next.status, hidden_cause: next.hiddenCause },
    reports,
  });

  const service = {
    /** Hides a review (published, or auto-hidden by reports: the moderator confirms). Resolves its open reports. */
    async hideReview(actor: StaffActor, documentId: string, input: ModerationInput): Promise<ModerationResult> {
      const reason = text('reason', input.reason, 255, true);
      const note = text('note', input.note, 2000);
      return inTransaction(async (trx) => {
        const row = await lockReview(trx, documentId);
        const next = await applyReviewEvent(trx, row, 'hide', { reason, note });
        const reports = await closeReports(await openReportsOf(row.documentId), 'resolve', actor, reason);
        await recordAdminAction(strapi, actor, {
          actionType: 'review.hide',
          targetType: 'review',
          targetId: row.documentId,
          before: snapshot(row),
          after: { status: next.status, hidden_cause: next.hiddenCause, hidden_reason: reason },
          extra: { reason, note, resolved_reports: reports },
        });
        await notifyReviewMoved(row, next, reason);
        return result(row, next, reports);
      });
    },

    /** Publishes a hidden review again; its open reports are dismissed. */
    async restoreReview(actor: StaffActor, documentId: string, input: ModerationInput = {}): Promise<ModerationResult> {
      const reason = text('reason', input.reason, 255);
      const note = text('note', input.note, 2000);
      return inTransaction(async (trx) => {
        const row = await lockReview(trx, documentId);
        const next = await applyReviewEvent(trx, row, 'restore', { note });
        const reports = await closeReports(await openReportsOf(row.documentId), 'dismiss', actor, reason);
        await recordAdminAction(strapi, actor, {
          actionType: 'review.restore',
          targetType: 'review',
          targetId: row.documentId,
          before: snapshot(row),
          after: { status: next.status, hidden_cause: null, hidden_reason: null },
          extra: { reason, note, dismissed_reports: reports },
        });
        await notifyReviewMoved(row, next, reason);
        return result(row, next, reports);
      });
    },

    /**
     * Resolves a report: it was right. A reported review is hidden by the moderator (unless it already is) and the
     * review's other open reports are resolved with it; reports on venues and messages only change status (acting
     * on those is a separate admin action).
     */
    async resolveReport(actor: StaffActor, reportId: string, input: { resolution?: string | null } = {}) {
      return service.closeReport(actor, reportId, 'resolve', input);
    },

    /** Dismisses a report: it was not right. An auto-hidden review left below the threshold is published again. */
    async dismissReport(actor: StaffActor, reportId: string, input: { resolution?: string | null } = {}) {
      return service.closeReport(actor, reportId, 'dismiss', input);
    },

    async closeReport(actor: StaffActor, reportId: string, event: ReportEvent, input: { resolution?: string | null }) {
      const resolution = text('resolution', input.resolution, 2000);
      return inTransaction(async (trx) => {
        const found = isDocumentId(reportId)
          ? ((await strapi.db
              .query(REPORT)
              .findOne({ where: { documentId: reportId }, select: ['id', 'target_type', 'target_id'] })) as Pick<
              ReportRow,
              'id' | 'target_type' | 'target_id'
            > | null)
          : null;
        if (!found) throw new ReviewError('not_found', 'Report not found');
        // A review's reports are closed under the review's lock (the same one reports and auto-hide take).
        const review = found.target_type === 'review' && isDocumentId(found.target_id) ? await loadReview(found.target_id) : null;
        const locked = review ? await lockReview(trx, review.documentId) : null;
        await forUpdate(strapi, trx('reports').where('id', found.id).first('id'));
        const report = (await strapi.db
          .query(REPORT)
          .findOne({ where: { id: found.id }, populate: { reporter: { select: ['id'] } } })) as ReportRow;
        nextReportStatus(report.status, event); // 409 unless open

        let next: ReviewState | null = null;
        let others: string[] = [];
        const closed = await closeReports([report], event, actor, resolution);
        if (locked && event === 'resolve' && canApplyReviewEvent(stateOf(locked), 'hide')) {
          next = await applyReviewEvent(trx, locked, 'hide', { reason: resolution ?? report.reason });
          others = await closeReports(await openReportsOf(locked.documentId), 'resolve', actor, resolution);
        } else if (locked && event === 'dismiss') {
          const { reportThreshold } = await settings().reviews();
          if (shouldRelease(stateOf(locked), await countOpenReports(locked.documentId), reportThreshold)) {
            next = await applyReviewEvent(trx, locked, 'release');
          }
        }
        await recordAdminAction(strapi, actor, {
          actionType: `report.${event}`,
          targetType: 'report',
          targetId: report.documentId,
          before: { status: report.status },
          after: { status: event === 'resolve' ? 'resolved' : 'dismissed', resolution },
          extra: {
            report_target: { type: report.target_type, id: report.target_id },
            ...(locked && next
              ? { review: { before: snapshot(locked), after: { status: next.status, hidden_cause: next.hiddenCause } } }
              : {}),
            ...(others.length ? { resolved_reports: others } : {}),
          },
        });
        if (locked && next) await notifyReviewMoved(locked, next, resolution ?? report.reason);
        return {
          report: { documentId: report.documentId, status: event === 'resolve' ? ('resolved' as const) : ('dismissed' as const) },
          review: locked && next ? { documentId: locked.documentId, status: next.status, hidden_cause: next.hiddenCause } : null,
          reports: [...closed, ...others],
        };
      });
    },

    /**
     * Called inside the transaction that filed a report on a review (after `lockRatings` of its venue): hides the
     * review when it reaches the threshold. Returns whether it did. The hide is audited as a system action.
     */
    async autoHideIfReported(trx: Knex.Transaction, reviewDocumentId: string): Promise<boolean> {
      const row = await loadReview(reviewDocumentId);
      if (!row) return false;
      const { reportThreshold } = await settings().reviews();
      if (!shouldAutoHide(stateOf(row), await countOpenReports(row.documentId), reportThreshold)) return false;
      const reason = 'Reported by several people; hidden pending moderation';
      const next = await guardedWrite('review-moderation', () => applyReviewEvent(trx, row, 'auto_hide', { reason }));
      await recordAdminAction(
        strapi,
        { kind: 'system', reason: 'report_threshold' },
        {
          actionType: 'review.auto_hide',
          targetType: 'review',
          targetId: row.documentId,
          before: snapshot(row),
          after: { status: next.status, hidden_cause: next.hiddenCause, hidden_reason: reason },
          extra: { threshold: reportThreshold },
        }
      );
      await notifyReviewMoved(row, next, reason);
      return true;
    },
  };

  return service;
};
