import type { Core } from '@strapi/strapi';
import { publishAfterCommit } from '../../../../../infra/event-bus';

const PRICING_RULE = 'api::pricing-rule.pricing-rule';
const VENUE = 'api::venue.venue';
/** Venue fields that change what a booking costs. */
const PRICE_FIELDS = ['price_per_hour', 'currency'];

/**
 * Publishes `pricing.changed` for a venue whenever its prices change, whatever wrote them (vendor
 * dashboard, admin Content Manager, seed): a pricing rule created, updated or deleted, or the venue's
 * base rate or currency updated. A Document Service middleware, so no write path can forget it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const venueOfRule = async (documentId: string | undefined): Promise<string | null> => {
    if (!documentId) return null;
    const row = (await strapi.db.query(PRICING_RULE).findOne({
      where: { documentId },
      select: ['id'],
      populate: { venue: { select: ['documentId'] } },
    })) as { venue?: { documentId: string } | null } | null;
    return row?.venue?.documentId ?? null;
  };

  return {
    register() {
      strapi.documents.use(async (ctx, next) => {
        const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
        if (ctx.uid === PRICING_RULE && ['create', 'update', 'delete'].includes(ctx.action)) {
          // Before the write: an update may move the rule to another venue, a delete removes it.
          const before = ctx.action === 'create' ? null : await venueOfRule(params.documentId);
          const result = await next();
          const after =
            ctx.action === 'delete'
              ? null
              : await venueOfRule((result as { documentId?: string } | null)?.documentId ?? params.documentId);
          for (const venue of new Set([before, after]))
            if (venue) await publishAfterCommit(strapi.db, 'pricing.changed', { venue });
          return result;
        }
        const result = await next();
        if (ctx.uid === VENUE && ctx.action === 'update' && PRICE_FIELDS.some((field) => params.data?.[field] !== undefined)) {
          const venue = (result as { documentId?: string } | null)?.documentId ?? params.documentId;
          if (venue) await publishAfterCommit(strapi.db, 'pricing.changed', { venue });
        }
        return result;
      });
    },
  };
};
