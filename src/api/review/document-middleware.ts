import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { adminActorOf, contentManagerBody, contentManagerStatus } from '../../infra/admin-request';
import { insideGuardedWrite } from '../../infra/write-guard';
import { recordAdminAction, type StaffActor } from '../admin-action/audit';
import { appService } from '../app-services';
import { lockRatings, recomputeRatings } from './ratings';

const REVIEW = 'api::review.review';

/** What the customer wrote and what ties the review to its booking: never changed outside the review services. */
const CUSTOMER_WORDS = ['rating', 'comment'] as const;
const IMMUTABLE_RELATIONS = ['booking', 'venue', 'author'] as const;
/** Kept by the moderation services; a write from elsewhere does not set them. */
const SYSTEM_FIELDS = [
  'hidden_cause',
  'hidden_at',
  'booking_key',
  'edited_at',
  'vendor_responded_at',
  'vendor_response_edited_at',
];

/** Fields a Moderator may change in the Content Manager (the admin role's field-level update permission). */
export const MODERATOR_REVIEW_FIELDS = ['status', 'hidden_reason', 'moderation_note'];
export const MODERATOR_REPORT_FIELDS = ['status', 'resolution'];

const REPORT = 'api::report.report';
const REPORT_IMMUTABLE = ['target_type', 'target_id', 'reason', 'details', 'dedup_key'];

interface StoredReview {
  id: number;
  documentId: string;
  rating: number;
  comment: string | null;
  status: 'published' | 'hidden';
  hidden_reason: string | null;
  booking_key: string | null;
  booking?: { id: number; documentId: string } | null;
  venue?: { id: number; documentId: string } | null;
  author?: { id: number; documentId: string } | null;
}

const load = async (strapi: Core.Strapi, documentId: string): Promise<StoredReview | null> =>
  (await strapi.db.query(REVIEW).findOne({
    where: { documentId },
    select: ['id', 'documentId', 'rating', 'comment', 'status', 'hidden_reason', 'booking_key'],
    populate: {
      booking: { select: ['id', 'documentId'] },
      venue: { select: ['id', 'documentId'] },
      author: { select: ['id', 'documentId'] },
    },
  })) as StoredReview | null;

const sameText = (a: unknown, b: unknown) => (a ?? '') === (b ?? '');
const sameRating = (a: unknown, b: number) => a === undefined || Number(a) === b;

/** Whether a relation value of a write (id, documentId, {connect, disconnect, set}, [..]) changes `current`. */
const relationChanges = (value: unknown, current: { id: number; documentId: string } | null | undefined): boolean => {
  if (value === undefined) return false;
  const isCurrent = (ref: unknown): boolean => {
    if (ref === null || ref === undefined) return !current;
    if (typeof ref === 'number' || typeof ref === 'string')
      return Boolean(current) && (ref === current!.id || ref === current!.documentId || ref === String(current!.id));
    if (typeof ref === 'object') {
      const r = ref as { id?: unknown; documentId?: unknown };
      return isCurrent(r.documentId ?? r.id);
    }
    return false;
  };
  if (Array.isArray(value)) return value.length === 0 ? Boolean(current) : !(value.length === 1 && isCurrent(value[0]));
  if (value && typeof value === 'object' && ('connect' in value || 'disconnect' in value || 'set' in value)) {
    const v = value as { connect?: unknown[]; disconnect?: unknown[]; set?: unknown[] };
    if (Array.isArray(v.set)) return relationChanges(v.set, current);
    const connects = (v.connect ?? []).filter((ref) => !isCurrent(ref));
    return connects.length > 0 || (v.disconnect ?? []).length > 0;
  }
  return !isCurrent(value);
};

const refuse = (message: string) => new errors.ForbiddenError(message);

/**
 * Reviews written by any path other than the review services (the admin Content Manager, scripts, generated
 * routes) keep the review rules:
 *
 * - rating and comment are the customer's words, and booking, venue and author what ties the review to its
 *   booking: an update that would change them is refused (403), whoever sends it — also when the Content Manager
 *   already dropped them for a Moderator (whose role may update only status, hidden reason and moderation note);
 * - a status change is a moderation action: it runs through the moderation service (state machine, ratings,
 *   reports closed, audit record, notifications) in the same transaction;
 * - creating a review of a booking, or cloning one, is left to the review service (once per booking);
 * - any other create, update or delete recomputes the venue's rating in the same transaction, and an admin's
 *   change is recorded in the audit log.
 *
 * Writes of the review services themselves run inside `guardedWrite` and pass straight through.
 */
export const registerReviewDocumentMiddleware = (strapi: Core.Strapi): void => {
  const moderation = () => appService(strapi, 'api::review.moderation');

  /**
   * A report's status change from outside the services (the Content Manager) is a moderation action: resolve or
   * dismiss through the moderation service. What was reported, why and by whom cannot be changed.
   */
  const reportUpdate = async <R>(rawParams: unknown, next: () => R): Promise<Awaited<R>> => {
    const params = rawParams as { documentId?: string; data?: Record<string, unknown> };
    const before = params.documentId
      ? ((await strapi.db.query(REPORT).findOne({
          where: { documentId: params.documentId },
          select: ['documentId', 'status', 'target_type', 'target_id', 'reason', 'details', 'dedup_key'],
          populate: { reporter: { select: ['id'] } },
        })) as (Record<string, unknown> & { documentId: string; status: string; reporter?: { id: number } | null }) | null)
      : null;
    if (!before) return await next();
    const data = params.data ?? {};
    for (const field of REPORT_IMMUTABLE) {
      if (field in data && !sameText(data[field], before[field])) throw refuse(`A report's ${field} cannot be changed`);
      delete data[field];
    }
    if (relationChanges(data.reporter, before.reporter ? { id: before.reporter.id, documentId: '' } : null)) {
      throw refuse("A report's reporter cannot be changed");
    }
    delete data.reporter;
    const status = data.status ?? contentManagerStatus(strapi, REPORT);
    for (const field of ['resolved_at', 'resolved_by']) delete data[field];
    if (status === undefined || status === before.status) {
      delete data.status;
      return await next();
    }
    if (status !== 'resolved' && status !== 'dismissed') {
      throw new errors.ValidationError('A report can only be resolved or dismissed');
    }
    const actor = adminActorOf(strapi) ?? { kind: 'system' as const, reason: 'document-service' };
    const resolution = typeof data.resolution === 'string' ? data.resolution : null;
    return (await strapi.db.transaction(async () => {
      await moderation().closeReport(actor, before.documentId, status === 'resolved' ? 'resolve' : 'dismiss', { resolution });
      for (const field of ['status', 'resolution']) delete data[field];
      return next();
    })) as Awaited<R>;
  };

  strapi.documents.use(async (ctx, next) => {
    type Result = Awaited<ReturnType<typeof next>>;
    if (ctx.uid === REPORT && ctx.action === 'update' && !insideGuardedWrite()) return reportUpdate(ctx.params, next);
    if (ctx.uid === REPORT && ctx.action === 'clone') throw refuse('Reports cannot be copied');
    if (ctx.uid !== REVIEW || insideGuardedWrite()) return next();
    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };

    if (ctx.action === 'clone') throw refuse('Reviews cannot be copied');

    if (ctx.action === 'create') {
      const data = params.data ?? {};
      if (data.booking !== undefined && data.booking !== null) {
        throw refuse('Reviews of bookings are written by their customers (POST /api/v1/reviews)');
      }
      for (const field of SYSTEM_FIELDS) delete data[field];
      return (await strapi.db.transaction(async ({ trx }) => {
        const result = await next();
        const createdRef = result as { documentId?: string } | null;
        const created = createdRef?.documentId ? await load(strapi, createdRef.documentId) : null;
        if (created?.venue) {
          await lockRatings(strapi, trx, created.venue.id);
          await recomputeRatings(strapi, trx, created.venue.id);
        }
        const actor = adminActorOf(strapi);
        if (actor && created) {
          await recordAdminAction(strapi, actor, {
            actionType: 'content.create',
            targetType: 'review',
            targetId: created.documentId,
            before: null,
            after: { rating: created.rating, status: created.status },
          });
        }
        return result;
      })) as Result;
    }

    if (ctx.action === 'update') {
      const documentId = params.documentId;
      const before = documentId ? await load(strapi, documentId) : null;
      if (!before) return next();
      const data = params.data ?? {};
      const raw = contentManagerBody(strapi) ?? {};
      for (const source of [data, raw]) {
        if (!sameRating(source.rating, before.rating) || ('comment' in source && !sameText(source.comment, before.comment))) {
          throw refuse("Rating and comment are the customer's words: hide the review instead of changing them");
        }
      }
      for (const relation of IMMUTABLE_RELATIONS) {
        if (relationChanges(data[relation], before[relation])) throw refuse(`A review's ${relation} cannot be changed`);
      }
      for (const field of [...CUSTOMER_WORDS, ...SYSTEM_FIELDS]) delete data[field];
      const actor = adminActorOf(strapi);
      const status = data.status ?? contentManagerStatus(strapi, REVIEW);
      return (await strapi.db.transaction(async () => {
        if (status !== undefined && status !== before.status) {
          const staff: StaffActor = actor ?? { kind: 'system', reason: 'document-service' };
          const note = typeof data.moderation_note === 'string' ? data.moderation_note : null;
          if (status === 'hidden') {
            const reason =
              typeof data.hidden_reason === 'string' && data.hidden_reason.trim() ? data.hidden_reason : 'Hidden by a moderator';
            await moderation().hideReview(staff, before.documentId, { reason, note });
          } else if (status === 'published') {
            await moderation().restoreReview(staff, before.documentId, { note });
          } else {
            throw new errors.ValidationError('status must be published or hidden');
          }
          // The service set status and hide fields; the rest of the write (e.g. the moderation note) goes on.
          for (const field of ['status', 'hidden_reason', 'moderation_note']) delete data[field];
          return next();
        }
        delete data.status;
        const result = await next();
        const changed = Object.keys(data).filter((key) => !['updatedBy', 'updatedAt', 'locale'].includes(key));
        if (actor && changed.length) {
          await recordAdminAction(strapi, actor, {
            actionType: 'content.update',
            targetType: 'review',
            targetId: before.documentId,
            before: { hidden_reason: before.hidden_reason },
            after: Object.fromEntries(changed.map((key) => [key, data[key]])),
          });
        }
        return result;
      })) as Result;
    }

    if (ctx.action === 'delete') {
      const before = params.documentId ? await load(strapi, params.documentId) : null;
      if (!before) return next();
      return (await strapi.db.transaction(async ({ trx }) => {
        if (before.venue) await lockRatings(strapi, trx, before.venue.id);
        const result = await next();
        if (before.venue) await recomputeRatings(strapi, trx, before.venue.id);
        const actor = adminActorOf(strapi);
        if (actor) {
          await recordAdminAction(strapi, actor, {
            actionType: 'review.delete',
            targetType: 'review',
            targetId: before.documentId,
            before: { rating: before.rating, status: before.status, booking: before.booking?.documentId ?? null },
            after: null,
          });
        }
        return result;
      })) as Result;
    }

    return next();
  });
};
