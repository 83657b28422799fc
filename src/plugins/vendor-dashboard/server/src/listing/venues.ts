import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '../../../../../infra/db';
import { conflictError } from '../../../../../infra/http-errors';
import { pageWindow, pagination, type Page, type Pagination } from '../../../../../infra/paginate';
import { ownedVenue } from '../../../../../api/venue/ownership';
import type { VendorState } from '../../../../../api/venue/policies/is-vendor';
import type { CreateVenueInput, UpdateVenueInput } from './contracts';
import { assertReadableHours, fieldError, publishAvailabilityChanged, randomSuffix, slugify } from './common';
import { PROMO_CODES } from './tables';
import { VENDOR_VENUE_POPULATE, vendorVenueView, type VendorVenueRow, type VendorVenueView } from './venue-view';

const VENUE = 'api::venue.venue';
const AMENITY = 'api::amenity.amenity';
const BOOKING = 'api::booking.booking';

/** Changes that staff must see again before an approved venue is public (contract: data model, vendor side). */
export const MATERIAL_FIELDS = ['name', 'location', 'capacity', 'booking_mode', 'cancellation_policy'] as const;

const sameLocation = (a: unknown, b: unknown): boolean => {
  const pick = (l: Record<string, unknown> | null | undefined) =>
    JSON.stringify(
      ['address', 'city', 'country', 'postal_code', 'lat', 'lng'].map((k) => {
        const v = l?.[k];
        return v === undefined || v === null || v === '' ? null : typeof v === 'number' ? Number(v.toFixed(6)) : v;
      })
    );
  return pick(a as Record<string, unknown>) === pick(b as Record<string, unknown>);
};

const isMaterialChange = (current: VendorVenueRow, input: UpdateVenueInput): boolean =>
  MATERIAL_FIELDS.some((field) => {
    if (input[field] === undefined) return false;
    if (field === 'location') return !sameLocation(current.location, input.location);
    return input[field] !== current[field];
  });

/**
 * The vendor's venues: list, create, update, delete or archive. Statuses are the server's: a new venue is
 * `pending_approval` (a `draft` for a vendor not yet approved, which may prepare venues but publish nothing);
 * a material change to an approved venue sends it back to `pending_approval` (out of search until staff
 * approve). Photos, prices, hours and amenities apply at once. Writes go through the Document Service, so the
 * opening-range projection and `pricing.changed` follow every write (src/index.ts, the realtime plugin).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const loadOwned = async (userId: number, documentId: string): Promise<VendorVenueRow> => {
    const { id } = await ownedVenue(strapi, userId, documentId);
    return (await strapi.db.query(VENUE).findOne({ where: { id }, populate: VENDOR_VENUE_POPULATE })) as VendorVenueRow;
  };

  const amenityIds = async (slugs: string[]): Promise<number[]> => {
    const unique = [...new Set(slugs)];
    if (unique.length === 0) return [];
    const rows = (await strapi.db.query(AMENITY).findMany({ where: { slug: { $in: unique } }, select: ['id', 'slug'] })) as {
      id: number;
      slug: string;
    }[];
    const unknown = unique.filter((slug) => !rows.some((r) => r.slug === slug));
    if (unknown.length) throw fieldError(['amenities'], `unknown amenities: ${unknown.join(', ')}`, { unknown });
    return rows.map((r) => r.id);
  };

  /** A slug free at the time of asking; the unique index on venues.slug settles races (retried by create). */
  const freeSlug = async (name: string, attempt: number): Promise<string> => {
    const base = slugify(name);
    if (attempt > 0) return `${base}-${randomSuffix()}`;
    const taken = await strapi.db.query(VENUE).count({ where: { slug: base } });
    return taken === 0 ? base : `${base}-${randomSuffix()}`;
  };

  return {
    loadOwned,
    amenityIds,

    async list(userId: number, query: { status?: string } & Page): Promise<{ data: VendorVenueView[]; pagination: Pagination }> {
      const where = { vendor: { user: { id: userId } }, ...(query.status ? { status: query.status } : {}) };
      const { offset, limit } = pageWindow(query);
      const [rows, total] = await Promise.all([
        strapi.db.query(VENUE).findMany({
          where,
          populate: VENDOR_VENUE_POPULATE,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          offset,
          limit,
        }),
        strapi.db.query(VENUE).count({ where }),
      ]);
      return { data: (rows as VendorVenueRow[]).map(vendorVenueView), pagination: pagination(query, total) };
    },

    async get(userId: number, documentId: string): Promise<VendorVenueView> {
      return vendorVenueView(await loadOwned(userId, documentId));
    },

    async create(userId: number, profile: VendorState, input: CreateVenueInput): Promise<VendorVenueView> {
      assertReadableHours(input.timezone, input.weekly_hours ?? [], input.date_overrides ?? []);
      const amenities = await amenityIds(input.amenities ?? []);
      const status = profile.verification_status === 'approved' ? 'pending_approval' : 'draft';
      for (let attempt = 0; ; attempt += 1) {
        const slug = await freeSlug(input.name, attempt);
        try {
          const created = await strapi.db.transaction(() =>
            strapi.documents(VENUE).create({
              data: {
                ...input,
                description: input.description ?? null,
                max_hours: input.max_hours ?? null,
                amenities,
                weekly_hours: input.weekly_hours ?? [],
                date_overrides: input.date_overrides ?? [],
                slug,
                status,
                vendor: profile.id,
                featured: false,
                rating_average: 0,
                rating_count: 0,
              } as never,
            })
          );
          return this.get(userId, created.documentId);
        } catch (error) {
          if (isUniqueViolation(error) && attempt < 3) continue;
          throw error;
        }
      }
    },

    async update(
      userId: number,
      profile: VendorState,
      documentId: string,
      input: UpdateVenueInput
    ): Promise<VendorVenueView & { review_required: boolean }> {
      const current = await loadOwned(userId, documentId);
      if (current.status === 'archived') {
        throw conflictError('This venue is archived; it cannot be edited', { reason: 'VENUE_ARCHIVED' });
      }
      const hoursChanged = input.weekly_hours !== undefined || input.date_overrides !== undefined || input.timezone !== undefined;
      if (hoursChanged) {
        const hours = {
          weekly_hours: input.weekly_hours ?? current.weekly_hours ?? [],
          date_overrides:
            input.date_overrides ?? (current.date_overrides ?? []).map((o) => ({ ...o, closed: Boolean(o.closed) })),
        };
        assertReadableHours(input.timezone ?? current.timezone, hours.weekly_hours, hours.date_overrides);
      }
      const limits = {
        min: input.min_hours ?? Number(current.min_hours),
        max: input.max_hours !== undefined ? input.max_hours : current.max_hours,
      };
      if (limits.max !== null && limits.max !== undefined && Number(limits.max) < limits.min) {
        throw fieldError(['max_hours'], 'max_hours is below min_hours');
      }
      const { amenities: slugs, ...fields } = input;
      const data: Record<string, unknown> = { ...fields };
      if (slugs !== undefined) data.amenities = await amenityIds(slugs);

      // Status is the server's: an approved vendor's change to an approved venue needs review when it is
      // material; a draft or rejected venue is (re)submitted by any change of an approved vendor.
      let reviewRequired = false;
      if (current.status === 'approved' && isMaterialChange(current, input)) {
        data.status = 'pending_approval';
        reviewRequired = true;
      } else if ((current.status === 'draft' || current.status === 'rejected') && profile.verification_status === 'approved') {
        data.status = 'pending_approval';
        data.rejection_reason = null;
        reviewRequired = true;
      }
      await strapi.db.transaction(() => strapi.documents(VENUE).update({ documentId, data: data as never }));
      if (hoursChanged) await publishAvailabilityChanged(strapi, documentId, 'hours_changed');
      return { ...(await this.get(userId, documentId)), review_required: reviewRequired };
    },

    /**
     * Deletes a venue that never had a booking (its pricing rules go with it); a venue with bookings is
     * archived instead: out of search and closed to new bookings, its bookings and their history kept.
     */
    async remove(userId: number, documentId: string): Promise<{ documentId: string; outcome: 'deleted' | 'archived' }> {
      const venue = await ownedVenue(strapi, userId, documentId);
      const bookings = await strapi.db.query(BOOKING).count({ where: { venue: { id: venue.id } } });
      if (bookings > 0) {
        await strapi.documents(VENUE).update({ documentId, data: { status: 'archived', featured: false } as never });
        return { documentId, outcome: 'archived' };
      }
      await strapi.db.transaction(async ({ trx }) => {
        const rules = (await strapi.db.query('api::pricing-rule.pricing-rule').findMany({
          where: { venue: { id: venue.id } },
          select: ['documentId'],
        })) as { documentId: string }[];
        for (const rule of rules)
          await strapi.documents('api::pricing-rule.pricing-rule').delete({ documentId: rule.documentId });
        await trx(PROMO_CODES).where({ venue_document_id: documentId }).delete();
        await strapi.documents(VENUE).delete({ documentId });
      });
      return { documentId, outcome: 'deleted' };
    },

    async amenityCatalog(): Promise<{ slug: string; name: string; icon: string | null }[]> {
      const rows = (await strapi.db.query(AMENITY).findMany({ select: ['slug', 'name', 'icon'], orderBy: { name: 'asc' } })) as {
        slug: string;
        name: string;
        icon: string | null;
      }[];
      return rows.map((r) => ({ slug: r.slug, name: r.name, icon: r.icon ?? null }));
    },

    async setAmenities(userId: number, documentId: string, slugs: string[]): Promise<{ venue: string; amenities: string[] }> {
      await ownedVenue(strapi, userId, documentId);
      const ids = await amenityIds(slugs);
      await strapi.documents(VENUE).update({ documentId, data: { amenities: ids } as never });
      const view = await this.get(userId, documentId);
      return { venue: documentId, amenities: view.amenities };
    },

    async hours(userId: number, documentId: string) {
      const row = await loadOwned(userId, documentId);
      const { weekly_hours, date_overrides } = vendorVenueView(row);
      return { venue: documentId, timezone: row.timezone, weekly_hours, date_overrides };
    },

    /** Replaces weekly hours and date overrides; search and the booking engine see the change at once. */
    async setHours(
      userId: number,
      input: {
        venue: string;
        weekly_hours: { weekday: string; opens: string; closes: string }[];
        date_overrides: { date: string; closed: boolean; opens?: string | null; closes?: string | null; note?: string | null }[];
      }
    ) {
      const row = await loadOwned(userId, input.venue);
      if (row.status === 'archived') throw conflictError('This venue is archived', { reason: 'VENUE_ARCHIVED' });
      assertReadableHours(row.timezone, input.weekly_hours as never, input.date_overrides);
      await strapi.db.transaction(async () => {
        await strapi.documents(VENUE).update({
          documentId: input.venue,
          data: {
            weekly_hours: input.weekly_hours,
            date_overrides: input.date_overrides.map((o) => ({
              date: o.date,
              closed: o.closed,
              opens: o.closed ? null : o.opens,
              closes: o.closed ? null : o.closes,
              note: o.note ?? null,
            })),
          } as never,
        });
        await publishAvailabilityChanged(strapi, input.venue, 'hours_changed');
      });
      return this.hours(userId, input.venue);
    },
  };
};
