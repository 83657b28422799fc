import type { Core } from '@strapi/strapi';

/**
 * Who performed a staff operation: an admin-panel user, an admin API token (automation), or the system itself
 * (e.g. a review hidden automatically by reports). Every staff mutation records one audit row naming it.
 */
export type StaffActor =
  | { kind: 'admin'; adminId: number; email?: string | null }
  | { kind: 'token'; tokenId: number | string }
  | { kind: 'system'; reason: string };

interface AdminRequestState {
  state?: {
    user?: { id?: number; email?: string };
    auth?: { strategy?: { name?: string } };
    userAbility?: { can: (action: string, subject: string, field?: string) => boolean };
    contentStatus?: { uid: string; value: unknown };
  };
  request?: { path?: string; body?: unknown };
}

const currentRequest = (strapi: Core.Strapi): AdminRequestState | undefined =>
  strapi.requestContext.get() as AdminRequestState | undefined;

/** The admin-panel user of the current request (e.g. the Content Manager), if any. */
export const adminActorOf = (strapi: Core.Strapi): Extract<StaffActor, { kind: 'admin' }> | null => {
  const ctx = currentRequest(strapi);
  const strategy = ctx?.state?.auth?.strategy?.name;
  const user = ctx?.state?.user;
  if ((strategy === 'admin' || strategy === 'admin-token') && typeof user?.id === 'number') {
    return { kind: 'admin', adminId: user.id, email: user.email ?? null };
  }
  return null;
};

/** The raw JSON body of a Content Manager request (before the CM drops the fields the admin's role may not write). */
export const contentManagerBody = (strapi: Core.Strapi): Record<string, unknown> | null => {
  const ctx = currentRequest(strapi);
  if (!ctx?.request?.path?.startsWith('/content-manager/')) return null;
  const body = ctx.request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
};

/** Content types whose own `status` attribute the Content Manager would mistake for the Draft & Publish status. */
export const CONTENT_STATUS_TYPES = ['api::review.review', 'api::report.report', 'api::support-ticket.support-ticket'];

/**
 * The `status` a Content Manager edit of `uid` asked for (taken out of the body by the content-manager-status
 * middleware), if the admin's role may write that field; undefined when none was sent or the role may not.
 */
export const contentManagerStatus = (strapi: Core.Strapi, uid: string): unknown => {
  const ctx = currentRequest(strapi);
  const stashed = ctx?.state?.contentStatus;
  if (!stashed || stashed.uid !== uid) return undefined;
  const ability = ctx?.state?.userAbility;
  if (!ability || !ability.can('plugin::content-manager.explorer.update', uid, 'status')) return undefined;
  return stashed.value;
};
