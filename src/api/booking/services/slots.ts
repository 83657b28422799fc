import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { MINUTE, type Interval } from '../../../domain/time';

/**
 * Data access for `booking_slots` (see database/migrations): the one table that decides whether a
 * time is taken. Every query takes the caller's transaction. A slot's guard range is the booking
 * widened by half the venue buffer on each side, so guard ranges overlap exactly when two bookings
 * are less than one buffer apart. A slot whose `expires_at_ms` has passed (unpaid hold, unanswered
 * request) no longer counts, even before the expiry job has marked it.
 */
export interface SlotRow {
  booking_document_id: string;
  venue_document_id: string;
  start_ms: number;
  end_ms: number;
  expires_at_ms: number | null;
  status: string;
}

const TABLE = 'booking_slots';

export const guardRange = (booking: Interval, bufferMinutes: number): Interval => {
  const half = (bufferMinutes * MINUTE) / 2;
  return { start: booking.start - half, end: booking.end + half };
};

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

const normalise = (row: Record<string, unknown>): SlotRow => ({
  booking_document_id: String(row.booking_document_id),
  venue_document_id: String(row.venue_document_id),
  start_ms: Number(row.start_ms),
  end_ms: Number(row.end_ms),
  expires_at_ms: toNumber(row.expires_at_ms),
  status: String(row.status),
});

const live = (query: Knex.QueryBuilder, now: number) =>
  query.where('active', true).andWhere((q) => q.whereNull('expires_at_ms').orWhere('expires_at_ms', '>', now));

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Active, unexpired slots of a venue whose guard range overlaps `guard`. */
  async conflicting(trx: Knex, venue: string, guard: Interval, now: number): Promise<SlotRow[]> {
    const rows = await live(trx(TABLE).where('venue_document_id', venue), now)
      .andWhere('guard_start_ms', '<', guard.end)
      .andWhere('guard_end_ms', '>', guard.start)
      .select('*');
    return rows.map(normalise);
  },

  /**
   * Slots whose deadline passed but are still marked active and overlap `guard`: they must be let go
   * (and their bookings expired) before a new booking can take the time, or the exclusion
   * constraint — which cannot look at the clock — would still see them.
   */
  async staleOverlapping(trx: Knex, venue: string, guard: Interval, now: number): Promise<SlotRow[]> {
    const rows = await trx(TABLE)
      .where({ venue_document_id: venue, active: true })
      .whereNotNull('expires_at_ms')
      .andWhere('expires_at_ms', '<=', now)
      .andWhere('guard_start_ms', '<', guard.end)
      .andWhere('guard_end_ms', '>', guard.start)
      .select('*');
    return rows.map(normalise);
  },

  async reserve(
    trx: Knex,
    slot: {
      booking: string;
      venue: string;
      customerId: number | null;
      promoRuleId: number | null;
      interval: Interval;
      bufferMinutes: number;
      expiresAt: number | null;
      status: string;
    }
  ): Promise<void> {
    const guard = guardRange(slot.interval, slot.bufferMinutes);
    await trx(TABLE).insert({
      booking_document_id: slot.booking,
      venue_document_id: slot.venue,
      customer_id: slot.customerId,
      promo_rule_id: slot.promoRuleId,
      start_ms: slot.interval.start,
      end_ms: slot.interval.end,
      guard_start_ms: guard.start,
      guard_end_ms: guard.end,
      expires_at_ms: slot.expiresAt,
      status: slot.status,
      active: true,
    });
  },

  async update(
    trx: Knex,
    booking: string,
    change: { status: string; active: boolean; expiresAt?: number | null }
  ): Promise<void> {
    const patch: Record<string, unknown> = { status: change.status, active: change.active };
    if (change.expiresAt !== undefined) patch.expires_at_ms = change.expiresAt;
    await trx(TABLE).where({ booking_document_id: booking }).update(patch);
  },

  /** Unbuffered intervals of live slots of a venue overlapping `window` (for availability maths). */
  async occupied(venue: string, window: Interval, now: number, db: Knex = strapi.db.connection): Promise<Interval[]> {
    const rows = await live(db(TABLE).where('venue_document_id', venue), now)
      .andWhere('guard_start_ms', '<', window.end)
      .andWhere('guard_end_ms', '>', window.start)
      .select('start_ms', 'end_ms');
    return rows.map((row: { start_ms: unknown; end_ms: unknown }) => ({ start: Number(row.start_ms), end: Number(row.end_ms) }));
  },

  /** Holds and requests that still hold their slot and were quoted with this promo rule (reserved uses). */
  async countLiveHoldsWithPromo(trx: Knex, ruleId: number, now: number): Promise<number> {
    const [{ count }] = await live(trx(TABLE).where('promo_rule_id', ruleId), now)
      .whereIn('status', ['pending_payment', 'requested'])
      .count({ count: '*' });
    return Number(count);
  },

  /** Slots whose deadline has passed while their booking still waits (for the expiry job). */
  async dueForExpiry(now: number, limit: number): Promise<string[]> {
    const rows = await strapi.db
      .connection(TABLE)
      .where('active', true)
      .whereIn('status', ['pending_payment', 'requested'])
      .whereNotNull('expires_at_ms')
      .andWhere('expires_at_ms', '<=', now)
      .orderBy('expires_at_ms')
      .limit(limit)
      .select('booking_document_id');
    return rows.map((r: { booking_document_id: string }) => r.booking_document_id);
  },

  /** Confirmed bookings that have ended (for the completion job). */
  async dueForCompletion(now: number, limit: number): Promise<string[]> {
    const rows = await strapi.db
      .connection(TABLE)
      .where({ active: true, status: 'confirmed' })
      .andWhere('end_ms', '<=', now)
      .orderBy('end_ms')
      .limit(limit)
      .select('booking_document_id');
    return rows.map((r: { booking_document_id: string }) => r.booking_document_id);
  },

  /** Unpaid holds and unanswered requests of a customer that still hold their slot. */
  async countLiveHolds(trx: Knex, customerId: number, now: number): Promise<number> {
    const [{ count }] = await live(trx(TABLE).where('customer_id', customerId), now)
      .whereIn('status', ['pending_payment', 'requested'])
      .count({ count: '*' });
    return Number(count);
  },
});
