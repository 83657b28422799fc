import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { adminActorOf, CONTENT_STATUS_TYPES } from '../../infra/admin-request';
import { WRITE_ACTIONS } from '../../infra/write-guard';
import { ADMIN_ACTION, countingAuditRows, insideAuditWriter, recordAdminAction } from './audit';

const USER = 'plugin::users-permissions.user';
/** Not audited as content: the audit log itself, and analytics rollups (machine-written). */
const NOT_AUDITED = new Set([ADMIN_ACTION, 'api::analytics-event.analytics-event']);
const AUDITED_ACTIONS = new Set(['create', 'update', 'delete', 'clone']);
/** Scalar attribute types kept in an audit summary (relations, media and components are listed by name only). */
const SCALAR = new Set([
  'string',
  'text',
  'richtext',
  'email',
  'uid',
  'enumeration',
  'boolean',
  'integer',
  'biginteger',
  'float',
  'decimal',
  'date',
  'time',
  'datetime',
  'timestamp',
  'json',
]);

/** Strapi's own bookkeeping fields: not part of what an admin changed. */
const SYSTEM_FIELDS = new Set(['createdAt', 'updatedAt', 'publishedAt', 'locale', 'documentId', 'id']);

interface Attribute {
  type: string;
  private?: boolean;
}

/**
 * Reviews, reports and tickets: their Content Manager edits are routed through their staff services by their own
 * Document Service middlewares, which write the audit row themselves (`review.hide`, `content.update`, …).
 */
const AUDITED_BY_THEIR_SERVICES = new Set(CONTENT_STATUS_TYPES);

/** The marketplace's content types: every `api::` type but those above, and the users-permissions user. */
const isMarketplaceType = (uid: string): boolean =>
  (uid.startsWith('api::') || uid === USER) && !NOT_AUDITED.has(uid) && !AUDITED_BY_THEIR_SERVICES.has(uid);

const isContentManagerRequest = (strapi: Core.Strapi): boolean => {
  const ctx = strapi.requestContext.get() as { request?: { path?: string } } | undefined;
  return Boolean(ctx?.request?.path?.startsWith('/content-manager/'));
};

/**
 * A before/after summary of one document: its public scalar fields (private ones such as bank details or password
 * hashes are never copied into the audit log), limited to the fields that changed when both sides exist.
 */
export const summarize = (
  attributes: Record<string, Attribute>,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null; changed: string[] } => {
  const names = Object.entries(attributes)
    .filter(([name, attribute]) => SCALAR.has(attribute.type) && !attribute.private && !SYSTEM_FIELDS.has(name))
    .map(([name]) => name);
  const pick = (row: Record<string, unknown> | null, keys: string[]) =>
    row ? Object.fromEntries(keys.map((key) => [key, row[key] ?? null])) : null;
  if (!before || !after) return { before: pick(before, names), after: pick(after, names), changed: [] };
  const changed = names.filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null));
  return { before: pick(before, changed), after: pick(after, changed), changed };
};

/**
 * Audit-log Document Service middleware (registered first in src/index.ts, so it wraps the others):
 *
 * 1. admin_actions is append-only: a create/update/delete of it outside the audit writer (`recordAdminAction`) is
 *    refused with 403 whoever asks — the Content Manager, a Super Admin, any code path.
 * 2. Every Content Manager create/update/delete of a marketplace type by an admin writes one `content.<verb>` row
 *    in the same transaction as the change. When the write already recorded its own audit row (review, report and
 *    ticket edits are routed through their staff services, which audit them as `review.hide`, `ticket.assign`, …),
 *    no second row is added.
 */
export const registerAuditDocumentMiddleware = (strapi: Core.Strapi): void => {
  strapi.documents.use(async (ctx, next) => {
    if (ctx.uid === ADMIN_ACTION && WRITE_ACTIONS.has(ctx.action) && !insideAuditWriter()) {
      throw new errors.ForbiddenError('The audit log is append-only: its records cannot be created, changed or deleted');
    }
    if (!isMarketplaceType(ctx.uid) || !AUDITED_ACTIONS.has(ctx.action) || !isContentManagerRequest(strapi)) return next();
    const admin = adminActorOf(strapi);
    if (!admin) return next();

    const uid = ctx.uid;
    const model = strapi.getModel(uid) as unknown as { info: { singularName: string }; attributes: Record<string, Attribute> };
    const params = ctx.params as { documentId?: string };
    return strapi.db.transaction(async () => {
      const before =
        ctx.action === 'update' || ctx.action === 'delete'
          ? ((await strapi.db.query(uid).findOne({ where: { documentId: params.documentId } })) as Record<string, unknown> | null)
          : null;
      const { result, written } = await countingAuditRows(async (): Promise<unknown> => next());
      if (written > 0) return result as never;
      const documentId =
        (result as { documentId?: string } | null)?.documentId ??
        params.documentId ??
        (before?.documentId as string | undefined) ??
        null;
      const after =
        ctx.action === 'delete' || !documentId
          ? null
          : ((await strapi.db.query(uid).findOne({ where: { documentId } })) as Record<string, unknown> | null);
      const summary = summarize(model.attributes, before, after);
      // An update that changed no audited field (e.g. only a relation) is still recorded, with the fields sent.
      const sent = Object.keys((ctx.params as { data?: Record<string, unknown> }).data ?? {});
      await recordAdminAction(strapi, admin, {
        actionType: `content.${ctx.action}`,
        targetType: model.info.singularName,
        targetId: documentId ?? 'unknown',
        before: summary.before,
        after: summary.after,
        extra: { uid, fields_sent: sent, changed: summary.changed },
      });
      return result as never;
    });
  });
};
