import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ratingSummary } from '../../domain/review/rules';
import { lockForTransaction } from '../../infra/db';
import { appService } from '../app-services';

/**
 * Venue and vendor ratings, kept right in the transaction of every change to a published review (publish, edit,
 * hide, restore, delete): `lockRatings` serialises writers per vendor (all its venues) — or per venue without a
 * vendor — and `recomputeRatings` aggregates the published reviews in SQL and stores average and count on the
 * venue and on its vendor profile. Concurrent reviews of one venue therefore end with the exact average.
 */

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

const joinTableOf = (strapi: Core.Strapi, uid: string, attribute: string): JoinTable =>
  (strapi.db.metadata.get(uid as never).attributes[attribute] as unknown as { joinTable: JoinTable }).joinTable;

/** The link tables (review → venue, venue → vendor profile), from Strapi's metadata rather than spelled out. */
const links = (strapi: Core.Strapi) => {
  const reviewVenue = joinTableOf(strapi, 'api::review.review', 'venue');
  const venueVendor = joinTableOf(strapi, 'api::venue.venue', 'vendor');
  return { reviewVenue, venueVendor };
};

/** The vendor profile row id of a venue (null when it has none). */
export const vendorOfVenue = async (strapi: Core.Strapi, trx: Knex, venueId: number): Promise<number | null> => {
  const { venueVendor } = links(strapi);
  const row = (await trx(venueVendor.name)
    .where(venueVendor.joinColumn.name, venueId)
    .first(`${venueVendor.inverseJoinColumn.name} as vendor_id`)) as { vendor_id: number } | undefined;
  return row ? Number(row.vendor_id) : null;
};

/** The lock every rating writer of this venue takes first (per vendor, so the vendor's figures are exact too). */
export const lockRatings = async (strapi: Core.Strapi, trx: Knex.Transaction, venueId: number): Promise<void> => {
  const vendorId = await vendorOfVenue(strapi, trx, venueId);
  await lockForTransaction(strapi, trx, vendorId ? `tofimotia:ratings:vendor:${vendorId}` : `tofimotia:ratings:venue:${venueId}`);
};

/** Count and average of the published reviews a query selects (`r` = reviews), aggregated by the database. */
const summaryOf = async (trx: Knex, query: Knex.QueryBuilder) => {
  const row = (await query.first(trx.raw('count(*) as count'), trx.raw('coalesce(sum(r.rating), 0) as total'))) as
    { count: number | string; total: number | string } | undefined;
  return ratingSummary(Number(row?.count ?? 0), Number(row?.total ?? 0));
};

/**
 * Recomputes the rating of the venue (and of its vendor) from its published reviews, inside `trx` (call
 * `lockRatings` first in the same transaction). Returns the venue's new figures.
 */
export const recomputeRatings = async (
  strapi: Core.Strapi,
  trx: Knex,
  venueId: number
): Promise<{ average: number; count: number }> => {
  const { reviewVenue, venueVendor } = links(strapi);
  const venue = await summaryOf(
    trx,
    trx('reviews as r')
      .join(`${reviewVenue.name} as rv`, `rv.${reviewVenue.joinColumn.name}`, 'r.id')
      .where(`rv.${reviewVenue.inverseJoinColumn.name}`, venueId)
      .andWhere('r.status', 'published')
  );
  await trx('venues').where('id', venueId).update({ rating_average: venue.average, rating_count: venue.count });
  // The search read model sorts by rating: same transaction.
  await appService(strapi, 'api::venue.search-read-model').refresh({ venueIds: [venueId] }, { trx });

  const vendorId = await vendorOfVenue(strapi, trx, venueId);
  if (vendorId) {
    const vendor = await summaryOf(
      trx,
      trx('reviews as r')
        .join(`${reviewVenue.name} as rv`, `rv.${reviewVenue.joinColumn.name}`, 'r.id')
        .join(`${venueVendor.name} as vv`, `vv.${venueVendor.joinColumn.name}`, `rv.${reviewVenue.inverseJoinColumn.name}`)
        .where(`vv.${venueVendor.inverseJoinColumn.name}`, vendorId)
        .andWhere('r.status', 'published')
    );
    await trx('vendor_profiles').where('id', vendorId).update({ rating_average: vendor.average, rating_count: vendor.count });
  }
  return venue;
};
