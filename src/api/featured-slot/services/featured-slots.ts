import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { lockForTransaction } from '../../../infra/db';
import { conflictError } from '../../../infra/http-errors';
import { pageWindow, pagination, type Page, type Pagination } from '../../../infra/paginate';
import { ownedVenue } from '../../venue/ownership';

const SLOT = 'api::featured-slot.featured-slot';

export type FeaturedSlotStatus = 'requested' | 'approved' | 'rejected' | 'cancelled';

/**
 * Who decides on a request: an admin-panel user, or null for an API token (the control-center wires the staff
 * routes to these methods and records the token in the audit log).
 */
export interface AdminActor {
  adminId: number | null;
}

interface SlotRow {
  id: number;
  documentId: string;
  starts_on: string;
  ends_on: string;
  status: FeaturedSlotStatus;
  note: string | null;
  reason: string | null;
  decided_at: string | null;
  createdAt: string;
  venue?: { documentId: string; name: string } | null;
}

export const featuredSlotView = (row: SlotRow) => ({
  documentId: row.documentId,
  venue: { documentId: row.venue?.documentId ?? '', name: row.venue?.name ?? '' },
  starts_on: String(row.starts_on).slice(0, 10),
  ends_on: String(row.ends_on).slice(0, 10),
  status: row.status,
  note: row.note ?? null,
  reason: row.reason ?? null,
  decided_at: row.decided_at ? new Date(row.decided_at).toISOString() : null,
  created_at: new Date(row.createdAt).toISOString(),
});
export type FeaturedSlotView = ReturnType<typeof featuredSlotView>;

const POPULATE = { venue: { select: ['documentId', 'name'] } };

/**
 * Featured-slot requests (contract: Vendor dashboard, promotions): a vendor asks for one of its approved venues to
 * be featured over a date range; staff approve or reject. Legal transitions: requested → approved | rejected,
 * requested → cancelled (by the vendor); anything else is a 409. A venue has at most one open (requested or
 * approved) request per day: overlapping ones are a 409, checked under a per-venue lock.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const load = async (where: Record<string, unknown>): Promise<SlotRow | null> =>
    (await strapi.db.query(SLOT).findOne({ where, populate: POPULATE })) as SlotRow | null;

  const transition = async (
    documentId: string,
    to: FeaturedSlotStatus,
    extra: Record<string, unknown>,
    scope: Record<string, unknown> = {}
  ): Promise<FeaturedSlotView> => {
    const current = await load({ documentId, ...scope });
    if (!current) throw new errors.NotFoundError('Featured-slot request not found');
    // One conditional UPDATE: two staff members deciding at once cannot both win.
    const { count } = await strapi.db.query(SLOT).updateMany({
      where: { documentId, status: 'requested' },
      data: { status: to, ...extra },
    });
    if (count === 0) {
      const now = await load({ documentId });
      throw conflictError(`This request is ${now?.status ?? current.status}; only a requested slot can become ${to}`, {
        reason: 'ILLEGAL_TRANSITION',
        status: now?.status ?? current.status,
      });
    }
    return featuredSlotView((await load({ documentId })) as SlotRow);
  };

  return {
    async request(
      vendorUserId: number,
      input: { venue: string; starts_on: string; ends_on: string; note?: string | null },
      today: string = new Date().toISOString().slice(0, 10)
    ): Promise<FeaturedSlotView> {
      const venue = await ownedVenue(strapi, vendorUserId, input.venue);
      if (input.starts_on < today) {
        throw new errors.ValidationError('starts_on: is in the past', {
          errors: [{ path: ['starts_on'], message: 'is in the past', name: 'ValidationError' }],
        });
      }
      const row = (await strapi.db.query('api::venue.venue').findOne({
        where: { id: venue.id },
        select: ['status'],
        populate: { vendor: { select: ['id'] } },
      })) as { status: string; vendor: { id: number } | null };
      if (row.status !== 'approved') {
        throw conflictError('Only an approved venue can be featured', { reason: 'VENUE_NOT_APPROVED', status: row.status });
      }
      const documentId = await strapi.db.transaction(async ({ trx }) => {
        await lockForTransaction(strapi, trx, `featured-slot:${venue.documentId}`);
        const clash = (await strapi.db.query(SLOT).findOne({
          where: {
            venue: { id: venue.id },
            status: { $in: ['requested', 'approved'] },
            starts_on: { $lte: input.ends_on },
            ends_on: { $gte: input.starts_on },
          },
          select: ['documentId', 'status'],
        })) as { documentId: string; status: string } | null;
        if (clash) {
          throw conflictError('This venue already has a featured-slot request for these dates', {
            reason: 'FEATURED_SLOT_OVERLAP',
            clashing: clash.documentId,
          });
        }
        const created = await strapi.documents(SLOT).create({
          data: {
            venue: venue.id,
            vendor: row.vendor?.id ?? null,
            starts_on: input.starts_on,
            ends_on: input.ends_on,
            note: input.note ?? null,
            status: 'requested',
          } as never,
        });
        return created.documentId;
      });
      return featuredSlotView((await load({ documentId })) as SlotRow);
    },

    async listOwn(
      vendorUserId: number,
      filters: { venue?: string; status?: FeaturedSlotStatus },
      page: Page
    ): Promise<{ data: FeaturedSlotView[]; pagination: Pagination }> {
      const where: Record<string, unknown> = {
        venue: { vendor: { user: { id: vendorUserId } }, ...(filters.venue ? { documentId: filters.venue } : {}) },
        ...(filters.status ? { status: filters.status } : {}),
      };
      const { offset, limit } = pageWindow(page);
      const [rows, total] = await Promise.all([
        strapi.db
          .query(SLOT)
          .findMany({ where, populate: POPULATE, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset, limit }),
        strapi.db.query(SLOT).count({ where }),
      ]);
      return { data: (rows as SlotRow[]).map(featuredSlotView), pagination: pagination(page, total) };
    },

    /** The vendor withdraws a request staff have not decided on yet. */
    async cancelOwn(vendorUserId: number, documentId: string): Promise<FeaturedSlotView> {
      return transition(documentId, 'cancelled', {}, { venue: { vendor: { user: { id: vendorUserId } } } });
    },

    async approve(actor: AdminActor, documentId: string, now = new Date()): Promise<FeaturedSlotView> {
      return transition(documentId, 'approved', { decided_by: actor.adminId, decided_at: now, reason: null });
    },

    async reject(actor: AdminActor, documentId: string, reason: string, now = new Date()): Promise<FeaturedSlotView> {
      const text = reason.trim();
      if (!text) {
        throw new errors.ValidationError('reason: required', {
          errors: [{ path: ['reason'], message: 'required', name: 'ValidationError' }],
        });
      }
      return transition(documentId, 'rejected', { decided_by: actor.adminId, decided_at: now, reason: text.slice(0, 2000) });
    },
  };
};
