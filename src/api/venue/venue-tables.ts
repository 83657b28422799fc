import type { Core } from '@strapi/strapi';
import { linkOf, tableOf, type LinkNames } from '../../infra/db-names';

/**
 * Strapi's tables that venue search, the rating histogram and the opening-range refresh read with knex,
 * named by Strapi's metadata (see src/infra/db-names.ts). The app's own tables (booking_slots,
 * venue_open_ranges) keep their literal names.
 */
export interface VenueTables {
  venues: string;
  blockedPeriods: string;
  reviews: string;
  /** venue → vendor profile (manyToOne; targetTable: the vendor profiles). */
  venueVendor: LinkNames;
  /** venue ↔ amenities (manyToMany; targetTable: the amenities). */
  venueAmenities: LinkNames;
  /** blocked period → venue. */
  blockedPeriodVenue: LinkNames;
  /** review → venue. */
  reviewVenue: LinkNames;
  /** venue → its `location` component (targetTable: the location rows). */
  venueLocation: LinkNames;
}

const cache = new WeakMap<Core.Strapi, VenueTables>();

export const venueTables = (strapi: Core.Strapi): VenueTables => {
  let tables = cache.get(strapi);
  if (!tables) {
    tables = {
      venues: tableOf(strapi, 'api::venue.venue'),
      blockedPeriods: tableOf(strapi, 'api::blocked-period.blocked-period'),
      reviews: tableOf(strapi, 'api::review.review'),
      venueVendor: linkOf(strapi, 'api::venue.venue', 'vendor'),
      venueAmenities: linkOf(strapi, 'api::venue.venue', 'amenities'),
      blockedPeriodVenue: linkOf(strapi, 'api::blocked-period.blocked-period', 'venue'),
      reviewVenue: linkOf(strapi, 'api::review.review', 'venue'),
      venueLocation: linkOf(strapi, 'api::venue.venue', 'location'),
    };
    cache.set(strapi, tables);
  }
  return tables;
};
