import type { Core, UID } from '@strapi/strapi';
import type { Context } from 'koa';

/** The two query helpers of Strapi's core controllers (untyped in Core.CoreAPI.Controller.Base). */
type QueryHelpers = {
  validateQuery: (ctx: Context) => Promise<void>;
  sanitizeQuery: (ctx: Context) => Promise<Record<string, unknown> & { filters?: unknown }>;
};

type Filters = Record<string, unknown>;

/**
 * Core `find`/`findOne` actions that always AND a visibility filter onto the caller's query,
 * so the generated REST API can only ever return publicly visible documents. Query validation
 * and sanitization stay Strapi's (private fields, restricted relations, operators).
 */
export const visibleOnlyActions = (uid: UID.ContentType, visibility: Filters) => ({
  async find(this: Core.CoreAPI.Controller.Base & QueryHelpers, ctx: Context) {
    await this.validateQuery(ctx);
    const query = await this.sanitizeQuery(ctx);
    const filters = query.filters ? { $and: [query.filters, visibility] } : visibility;
    const { results, pagination } = await strapi
      .service(uid as UID.Service as never as 'api::venue.venue')
      .find({ ...query, filters });
    const sanitized = await this.sanitizeOutput(results, ctx);
    return this.transformResponse(sanitized, { pagination });
  },

  async findOne(this: Core.CoreAPI.Controller.Base & QueryHelpers, ctx: Context) {
    await this.validateQuery(ctx);
    const query = await this.sanitizeQuery(ctx);
    const document = await strapi.documents(uid).findFirst({
      ...query,
      filters: { $and: [{ documentId: ctx.params.id }, visibility] },
    } as never);
    if (!document) return ctx.notFound();
    const sanitized = await this.sanitizeOutput(document, ctx);
    return this.transformResponse(sanitized);
  },
});

export const PUBLIC_VENUE: Filters = { status: 'approved', vendor: { verification_status: 'approved' } };
export const PUBLIC_VENDOR: Filters = { verification_status: 'approved' };
