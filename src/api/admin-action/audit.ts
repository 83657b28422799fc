import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import type { StaffActor } from '../../infra/admin-request';
import { acceptRequestId, REQUEST_ID_HEADER } from '../../infra/request-id';

export type { StaffActor };

export const ADMIN_ACTION = 'api::admin-action.admin-action';

export interface AuditEntry {
  /** `<area>.<verb>`: `review.hide`, `report.resolve`, `ticket.reply`, `vendor.approve`, `content.update`, … */
  actionType: string;
  /** The content type's singular name: `review`, `report`, `support-ticket`, `vendor-profile`, `venue`, `user`. */
  targetType: string;
  /** documentId of the target (the setting's key for settings). */
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** Anything else worth keeping (reasons, side effects such as reports closed with a hide). */
  extra?: Record<string, unknown>;
}

export const actorSummary = (actor: StaffActor): Record<string, unknown> =>
  actor.kind === 'admin'
    ? { kind: 'admin', admin_id: actor.adminId }
    : actor.kind === 'token'
      ? { kind: 'api_token', token_id: actor.tokenId }
      : { kind: 'system', reason: actor.reason };

/**
 * The audit writer's scope. Writes to admin_actions are refused outside it (the Document Service guard in
 * document-middleware.ts), and a scope opened around a Content Manager write counts the rows written inside it,
 * so a write a service already audited is not audited twice.
 */
interface AuditScope {
  writing: boolean;
  written: number;
}
const scope = new AsyncLocalStorage<AuditScope>();

export const insideAuditWriter = (): boolean => scope.getStore()?.writing === true;

/** Runs `work` counting the audit rows it writes; resolves with the result and that count. */
export const countingAuditRows = async <T>(work: () => Promise<T>): Promise<{ result: T; written: number }> => {
  const store: AuditScope = { writing: false, written: 0 };
  const result = await scope.run(store, work);
  return { result, written: store.written };
};

interface RequestState {
  state?: { requestId?: string; auth?: { strategy?: { name?: string }; credentials?: { id?: number | string } | null } };
  get?: (header: string) => string;
  set?: (header: string, value: string) => void;
}

/**
 * The id of the current HTTP request (src/middlewares/request-id.ts gives every request one; a request that
 * somehow has none gets one here), so every audit row of one request shares it with the request's log lines.
 */
export const requestIdOf = (strapi: Core.Strapi): string | null => {
  const ctx = strapi.requestContext.get() as RequestState | undefined;
  if (!ctx?.state) return null;
  if (!ctx.state.requestId) {
    ctx.state.requestId = acceptRequestId(ctx.get?.(REQUEST_ID_HEADER));
    ctx.set?.(REQUEST_ID_HEADER, ctx.state.requestId);
  }
  return ctx.state.requestId;
};

const tokenIdOf = (actor: StaffActor): number | null => {
  if (actor.kind !== 'token') return null;
  const id = Number(actor.tokenId);
  return Number.isInteger(id) ? id : null;
};

/**
 * Writes one admin_actions row (ADMIN_ACTIONS: admin, action_type, target_type, target_id, action_data, timestamp,
 * plus the API token and the request id). Call it inside the transaction of the change it records, so the change
 * and its audit row commit (or roll back) together.
 */
export const recordAdminAction = async (strapi: Core.Strapi, actor: StaffActor, entry: AuditEntry): Promise<void> => {
  const outer = scope.getStore();
  const requestId = requestIdOf(strapi);
  await scope.run({ writing: true, written: 0 }, () =>
    strapi.documents(ADMIN_ACTION).create({
      data: {
        admin_id: actor.kind === 'admin' ? actor.adminId : null,
        admin_email: actor.kind === 'admin' ? (actor.email ?? null) : null,
        api_token_id: tokenIdOf(actor),
        action_type: entry.actionType,
        target_type: entry.targetType,
        target_id: entry.targetId,
        action_data: {
          actor: actorSummary(actor),
          before: entry.before,
          after: entry.after,
          ...(entry.extra ?? {}),
          ...(requestId ? { request_id: requestId } : {}),
        },
        request_id: requestId,
        timestamp: new Date().toISOString(),
      } as never,
    })
  );
  if (outer) outer.written += 1;
};
