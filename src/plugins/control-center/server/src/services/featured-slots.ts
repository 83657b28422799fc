import type { Core } from '@strapi/strapi';
import { featuredSlotDecisionText, slotPhase } from '../../../../../domain/promotion/featured-slot';
import { forUpdate, lockForTransaction } from '../../../../../infra/db';
import { conflictError } from '../../../../../infra/http-errors';
import { pageWindow, pagination } from '../../../../../infra/paginate';
import { plainText } from '../../../../../infra/plain-text';
import { recordAdminAction, type StaffActor } from '../../../../../api/admin-action/audit';
import { appService } from '../../../../../api/app-services';
import type { FeaturedSlotListQuery } from '../contracts/featured-slots';
import { inTransaction, isDocumentId, notFound } from './operations/shared';

const SLOT = 'api::featured-slot.featured-slot';
const VENUE = 'api::venue.venue';

interface SlotRow {
  id: number;
  documentId: string;
  starts_on: string;
  ends_on: string;
  status: 'requested' | 'approved' | 'rejected' | 'cancelled';
  note: string | null;
  reason: string | null;
  decided_by: number | null;
  decided_at: string | null;
  applied_at: string | null;
  released_at: string | null;
  createdAt: string;
  venue?: {
    id: number;
    documentId: string;
    name: string;
    status: string;
    featured: boolean | null;
    timezone: string;
    vendor?: { documentId: string; business_name: string; user?: { id: number } | null } | null;
  } | null;
}

const POPULATE = {
  venue: {
    select: ['id', 'documentId', 'name', 'status', 'featured', 'timezone'],
    populate: { vendor: { select: ['documentId', 'business_name'], populate: { user: { select: ['id'] } } } },
  },
};

const day = (value: string) => String(value).slice(0, 10);

export const staffSlotView = (row: SlotRow) => ({
  documentId: row.documentId,
  venue: row.venue
    ? { documentId: row.venue.documentId, name: row.venue.name, status: row.venue.status, featured: Boolean(row.venue.featured) }
    : null,
  vendor: row.venue?.vendor ? { documentId: row.venue.vendor.documentId, business_name: row.venue.vendor.business_name } : null,
  starts_on: day(row.starts_on),
  ends_on: day(row.ends_on),
  status: row.status,
  note: row.note ?? null,
  reason: row.reason ?? null,
  decided_by: row.decided_by ?? null,
  decided_at: row.decided_at ? new Date(row.decided_at).toISOString() : null,
  created_at: new Date(row.createdAt).toISOString(),
});

/**
 * Staff decisions on featured-slot requests and the schedule that turns a venue's `featured` flag on and off.
 *
 * A slot covers whole venue-local dates (src/domain/promotion/featured-slot.ts). The flag is edge-triggered per
 * slot: when an approved slot starts (the job, or the approval itself when the slot already covers now) the venue
 * is featured and the slot's `applied_at` set; when it ends the venue is unfeatured and `released_at` set. So a
 * staff member who unfeatures a venue in the middle of its slot is not overruled every minute, and a venue
 * featured by staff outside any slot stays featured. Venue writes go through the Document Service, whose
 * search read-model middleware refreshes `venue_search` in the same transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const slots = () => appService(strapi, 'api::featured-slot.featured-slots');
  const center = () => appService(strapi, 'api::notification.notification-center');
  const venueTable = () => strapi.db.metadata.get(VENUE).tableName;

  const load = async (documentId: string): Promise<SlotRow | null> =>
    isDocumentId(documentId)
      ? ((await strapi.db.query(SLOT).findOne({ where: { documentId }, populate: POPULATE })) as SlotRow | null)
      : null;

  const setFeatured = async (venueDocumentId: string, featured: boolean) => {
    await strapi.documents(VENUE).update({ documentId: venueDocumentId, data: { featured } as never });
  };

  /** Turns the venue on for a slot that covers now (inside the caller's transaction). True when the flag changed. */
  const applyStart = async (slot: SlotRow, now: Date): Promise<boolean> => {
    const venue = slot.venue;
    let changed = false;
    if (venue && venue.status === 'approved' && !venue.featured) {
      await setFeatured(venue.documentId, true);
      changed = true;
    }
    await strapi.db.query(SLOT).update({ where: { id: slot.id }, data: { applied_at: now } as never });
    return changed;
  };

  const notifyVendor = async (slot: SlotRow, decision: 'approved' | 'rejected', reason: string | null) => {
    const user = slot.venue?.vendor?.user?.id;
    if (!user) return;
    await center().notify(user, {
      type: 'featured_slot_decided',
      ...featuredSlotDecisionText(decision, slot.venue?.name ?? 'your venue', slot, reason),
      data: { featured_slot: slot.documentId, venue: slot.venue?.documentId ?? null, status: decision },
    });
  };

  return {
    async list(query: FeaturedSlotListQuery) {
      const where: Record<string, unknown> = {};
      if (query.status) where.status = query.status;
      if (query.venue) where.venue = { documentId: query.venue };
      const { offset, limit } = pageWindow(query);
      const [rows, total] = await Promise.all([
        strapi.db.query(SLOT).findMany({
          where,
          populate: POPULATE,
          orderBy: [{ starts_on: 'asc' }, { id: 'asc' }],
          offset,
          limit,
        }) as Promise<SlotRow[]>,
        strapi.db.query(SLOT).count({ where }),
      ]);
      return { data: rows.map(staffSlotView), meta: { pagination: pagination(query, total) } };
    },

    /**
     * Approves a requested slot: the venue must be approved (409 VENUE_NOT_APPROVED) and no other approved slot
     * of the venue may share a date (409 FEATURED_SLOT_OVERLAP). One transaction (under the venue's featured-slot
     * lock, the one vendor requests take): the decision, the flag when the slot already covers now, the vendor's
     * notification and one audit row.
     */
    async approve(actor: StaffActor, documentId: string, now: Date = new Date()) {
      const target = await load(documentId);
      if (!target || !target.venue) throw notFound('Featured-slot request');
      const venueId = target.venue.id;
      let featuredNow = false;
      await inTransaction(strapi, async (trx) => {
        await lockForTransaction(strapi, trx, `featured-slot:${target.venue?.documentId}`);
        await forUpdate(strapi, trx(venueTable()).where('id', venueId).first('id'));
        const slot = (await load(documentId)) as SlotRow;
        const venue = slot.venue!;
        if (venue.status !== 'approved') {
          throw conflictError('Only an approved venue can be featured', { reason: 'VENUE_NOT_APPROVED', status: venue.status });
        }
        const clash = (await strapi.db.query(SLOT).findOne({
          where: {
            venue: { id: venueId },
            status: 'approved',
            documentId: { $ne: slot.documentId },
            starts_on: { $lte: day(slot.ends_on) },
            ends_on: { $gte: day(slot.starts_on) },
          },
          select: ['documentId', 'starts_on', 'ends_on'],
        })) as { documentId: string; starts_on: string; ends_on: string } | null;
        if (clash) {
          throw conflictError('Another approved featured slot of this venue covers some of these dates', {
            reason: 'FEATURED_SLOT_OVERLAP',
            clashing: clash.documentId,
            starts_on: day(clash.starts_on),
            ends_on: day(clash.ends_on),
          });
        }
        await slots().approve({ adminId: actor.kind === 'admin' ? actor.adminId : null }, slot.documentId, now);
        const phase = slotPhase(slot, venue.timezone, now.getTime());
        if (phase === 'during') featuredNow = await applyStart(slot, now);
        await recordAdminAction(strapi, actor, {
          actionType: 'featured_slot.approve',
          targetType: 'featured-slot',
          targetId: slot.documentId,
          before: { status: slot.status, venue_featured: Boolean(venue.featured) },
          after: { status: 'approved', venue_featured: Boolean(venue.featured) || featuredNow },
          extra: { venue: venue.documentId, starts_on: day(slot.starts_on), ends_on: day(slot.ends_on), phase },
        });
        await notifyVendor(slot, 'approved', null);
      });
      return staffSlotView((await load(documentId)) as SlotRow);
    },

    async reject(actor: StaffActor, documentId: string, reason: string, now: Date = new Date()) {
      const text = plainText(reason);
      const target = await load(documentId);
      if (!target) throw notFound('Featured-slot request');
      await inTransaction(strapi, async () => {
        await slots().reject({ adminId: actor.kind === 'admin' ? actor.adminId : null }, documentId, text, now);
        await recordAdminAction(strapi, actor, {
          actionType: 'featured_slot.reject',
          targetType: 'featured-slot',
          targetId: documentId,
          before: { status: target.status },
          after: { status: 'rejected' },
          extra: { reason: text, venue: target.venue?.documentId ?? null },
        });
        await notifyVendor(target, 'rejected', text);
      });
      return staffSlotView((await load(documentId)) as SlotRow);
    },

    /**
     * The schedule (job `featured-slots`, once per cluster): approved slots that started and were not applied turn
     * their venue's flag on; applied slots that ended turn it off (unless another approved slot of the venue
     * covers now). Dates are venue-local, so candidates are read with a day of margin and decided per zone.
     */
    async runSchedule(now: Date = new Date()) {
      const at = now.getTime();
      const margin = (days: number) => new Date(at + days * 86_400_000).toISOString().slice(0, 10);
      const starting = (await strapi.db.query(SLOT).findMany({
        where: { status: 'approved', applied_at: { $null: true }, starts_on: { $lte: margin(1) } },
        populate: POPULATE,
        orderBy: { id: 'asc' },
      })) as SlotRow[];
      const ending = (await strapi.db.query(SLOT).findMany({
        where: { applied_at: { $notNull: true }, released_at: { $null: true }, ends_on: { $lte: margin(1) } },
        populate: POPULATE,
        orderBy: { id: 'asc' },
      })) as SlotRow[];
      let featured = 0;
      let unfeatured = 0;

      for (const candidate of ending) {
        if (!candidate.venue) continue;
        const ended = slotPhase(candidate, candidate.venue.timezone, at) === 'after';
        // A slot cancelled or rejected after it was applied cannot happen (only `requested` moves), so applied
        // slots are approved ones; still release anything applied once it is over.
        if (!ended) continue;
        await inTransaction(strapi, async (trx) => {
          await forUpdate(strapi, trx(venueTable()).where('id', candidate.venue!.id).first('id'));
          const slot = (await load(candidate.documentId)) as SlotRow;
          if (slot.released_at) return;
          const venue = slot.venue!;
          const others = (await strapi.db.query(SLOT).findMany({
            where: { venue: { id: venue.id }, status: 'approved', documentId: { $ne: slot.documentId } },
            select: ['starts_on', 'ends_on'],
          })) as { starts_on: string; ends_on: string }[];
          const stillCovered = others.some((other) => slotPhase(other, venue.timezone, at) === 'during');
          if (!stillCovered && venue.featured) {
            await setFeatured(venue.documentId, false);
            unfeatured += 1;
          }
          await strapi.db.query(SLOT).update({ where: { id: slot.id }, data: { released_at: now } as never });
        });
      }

      for (const candidate of starting) {
        if (!candidate.venue) continue;
        const phase = slotPhase(candidate, candidate.venue.timezone, at);
        if (phase === 'before') continue;
        await inTransaction(strapi, async (trx) => {
          await forUpdate(strapi, trx(venueTable()).where('id', candidate.venue!.id).first('id'));
          const slot = (await load(candidate.documentId)) as SlotRow;
          if (slot.applied_at || slot.status !== 'approved') return;
          if (phase === 'after') {
            // Missed entirely (the job did not run over the whole slot): nothing to show any more.
            await strapi.db.query(SLOT).update({ where: { id: slot.id }, data: { applied_at: now, released_at: now } as never });
            return;
          }
          if (await applyStart(slot, now)) featured += 1;
        });
      }
      return { featured, unfeatured };
    },
  };
};
