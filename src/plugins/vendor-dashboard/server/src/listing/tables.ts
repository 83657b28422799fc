import type { Core } from '@strapi/strapi';
import { tableOf } from '../../../../../infra/db-names';
import { normalizePromoCode } from '../../../../../domain/pricing';

/** Promo codes claimed per venue (lowercased, trimmed): the primary key makes them unique per venue. */
export const PROMO_CODES = 'vendor_promo_codes';

/**
 * Boot step of the listing area: the promo-code claim table (backfilled from existing discounts, e.g. the seed's
 * or ones typed into the Content Manager) and a unique index on venue slugs. Idempotent.
 */
export const ensureListingTables = async (strapi: Core.Strapi): Promise<void> => {
  const knex = strapi.db.connection;
  if (!(await knex.schema.hasTable(PROMO_CODES))) {
    await knex.schema.createTable(PROMO_CODES, (table) => {
      table.string('venue_document_id', 64).notNullable();
      table.string('code', 40).notNullable();
      table.string('rule_document_id', 64).notNullable();
      table.primary(['venue_document_id', 'code']);
      table.index(['rule_document_id']);
    });
  }
  const rules = (await strapi.db.query('api::pricing-rule.pricing-rule').findMany({
    where: { kind: 'discount', promo_code: { $notNull: true } },
    select: ['documentId', 'promo_code'],
    populate: { venue: { select: ['documentId'] } },
  })) as { documentId: string; promo_code: string | null; venue?: { documentId: string } | null }[];
  const claims = rules.flatMap((r) => {
    const code = normalizePromoCode(r.promo_code);
    return code && r.venue ? [{ venue_document_id: r.venue.documentId, code, rule_document_id: r.documentId }] : [];
  });
  for (const claim of claims) await knex(PROMO_CODES).insert(claim).onConflict(['venue_document_id', 'code']).ignore();

  const venues = tableOf(strapi, 'api::venue.venue');
  try {
    await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${venues}_slug_unique ON ?? (slug)`, [venues]);
  } catch (error) {
    // Duplicate slugs already stored (typed in by staff): new slugs are still chosen free, just not DB-guarded.
    strapi.log.warn(`[vendor-dashboard] no unique index on venue slugs: ${(error as Error).message}`);
  }
};
