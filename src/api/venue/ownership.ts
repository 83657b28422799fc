import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { VenueRow } from './venue-row';

/**
 * Venue ownership: a vendor's own venue, or "not found" (someone else's venue does not exist for them).
 * Used by the `is-venue-owner` route policy and by services that take a venue from a request body.
 */

/** A venue as vendor-side services need it, loaded only when it belongs to the calling vendor. */
export interface OwnedVenue {
  id: number;
  documentId: string;
  name: string;
  timezone: string;
  vendorUserId: number;
}

/** The columns VENUE_SELECT loads. */
type OwnershipRow = Pick<VenueRow, 'id' | 'documentId' | 'name' | 'timezone'> & {
  vendor?: { user?: { id: number } | null } | null;
};

const isDocumentId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 64 && /^[A-Za-z0-9_-]+$/.test(value);

export const toOwnedVenue = (row: OwnershipRow): OwnedVenue => ({
  id: row.id,
  documentId: row.documentId,
  name: row.name,
  timezone: row.timezone,
  vendorUserId: row.vendor?.user?.id ?? 0,
});

export const VENUE_SELECT = {
  select: ['id', 'documentId', 'name', 'timezone'],
  populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } },
};

/** The caller's own venue (any status) or a 404: another vendor's venue "does not exist". */
export const ownedVenue = async (strapi: Core.Strapi, userId: number, documentId: string): Promise<OwnedVenue> => {
  const row = isDocumentId(documentId)
    ? ((await strapi.db.query('api::venue.venue').findOne({
        where: { documentId, vendor: { user: { id: userId } } },
        ...VENUE_SELECT,
      })) as OwnershipRow | null)
    : null;
  if (!row) throw new errors.NotFoundError('Venue not found');
  return toOwnedVenue(row);
};

/** documentIds of all venues of the caller's vendor profile. */
export const ownedVenueIds = async (strapi: Core.Strapi, userId: number): Promise<number[]> => {
  const rows = (await strapi.db.query('api::venue.venue').findMany({
    where: { vendor: { user: { id: userId } } },
    select: ['id'],
  })) as { id: number }[];
  return rows.map((r) => r.id);
};
