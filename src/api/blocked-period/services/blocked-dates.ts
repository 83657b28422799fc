import { documentInput } from '../../../infra/documents';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CalendarError } from '../../../domain/calendar/errors';
import type { Interval } from '../../../domain/time';
import { eventBus } from '../../../infra/event-bus';
import { ownedVenue, ownedVenueIds } from '../../venue/ownership';
import { pageWindow, pagination } from '../../../infra/paginate';

const BLOCK = 'api::blocked-period.blocked-period';
const BOOKING = 'api::booking.booking';

/** A live booking (active slot: requested, confirmed, unexpired hold) that overlaps a block. */
export interface BookingClash {
  documentId: string;
  reference: string | null;
  status: string;
  start: string;
  end: string;
}

export interface BlockRow {
  id: number;
  documentId: string;
  start_datetime: string;
  end_datetime: string;
  reason: string | null;
  source: 'manual' | 'ical';
  external_uid?: string | null;
  createdAt: string;
  updatedAt: string;
  venue?: { documentId: string } | null;
  calendar_feed?: { documentId: string; name: string | null } | null;
}

export const blockView = (row: BlockRow) => ({
  documentId: row.documentId,
  venue: row.venue?.documentId ?? null,
  start: new Date(row.start_datetime).toISOString(),
  end: new Date(row.end_datetime).toISOString(),
  reason: row.reason ?? null,
  source: row.source,
  feed: row.calendar_feed ? { documentId: row.calendar_feed.documentId, name: row.calendar_feed.name ?? null } : null,
  created_at: new Date(row.createdAt).toISOString(),
});
export type BlockView = ReturnType<typeof blockView>;

export const BLOCK_POPULATE = {
  venue: { select: ['documentId'] },
  calendar_feed: { select: ['documentId', 'name'] },
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Manual blocked dates of the vendor dashboard, and the clash check shared with calendar imports:
 * which live bookings overlap given intervals. A block never cancels a booking; a manual block over a
 * live booking is refused (409 listing them), an imported one is kept and the clash is reported.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Live bookings of a venue overlapping any of `intervals` (their own time, buffers not counted). */
  async clashes(
    venueDocumentId: string,
    intervals: Interval[],
    now: number,
    db: Knex = strapi.db.connection
  ): Promise<BookingClash[]> {
    if (intervals.length === 0) return [];
    const from = Math.min(...intervals.map((i) => i.start));
    const to = Math.max(...intervals.map((i) => i.end));
    const slots = (await db('booking_slots')
      .where({ venue_document_id: venueDocumentId, active: true })
      .andWhere((q) => q.whereNull('expires_at_ms').orWhere('expires_at_ms', '>', now))
      .andWhere('start_ms', '<', to)
      .andWhere('end_ms', '>', from)
      .orderBy('start_ms')
      .select('booking_document_id', 'start_ms', 'end_ms', 'status')) as {
      booking_document_id: string;
      start_ms: unknown;
      end_ms: unknown;
      status: string;
    }[];
    const hits = slots.filter((slot) => intervals.some((i) => Number(slot.start_ms) < i.end && Number(slot.end_ms) > i.start));
    if (hits.length === 0) return [];
    const references = (await strapi.db.query(BOOKING).findMany({
      where: { documentId: { $in: hits.map((h) => h.booking_document_id) } },
      select: ['documentId', 'reference'],
    })) as { documentId: string; reference: string | null }[];
    const referenceOf = new Map(references.map((r) => [r.documentId, r.reference]));
    return hits.map((slot) => ({
      documentId: slot.booking_document_id,
      reference: referenceOf.get(slot.booking_document_id) ?? null,
      status: slot.status,
      start: iso(Number(slot.start_ms)),
      end: iso(Number(slot.end_ms)),
    }));
  },

  async list(
    userId: number,
    query: { venue?: string; from?: number; to?: number; source?: 'manual' | 'ical'; page: number; pageSize: number }
  ) {
    const venueIds = query.venue ? [(await ownedVenue(strapi, userId, query.venue)).id] : await ownedVenueIds(strapi, userId);
    const where: Record<string, unknown> = { venue: { id: { $in: venueIds.length ? venueIds : [0] } } };
    if (query.from !== undefined) where.end_datetime = { $gt: iso(query.from) };
    if (query.to !== undefined) where.start_datetime = { $lt: iso(query.to) };
    if (query.source) where.source = query.source;
    const [rows, total] = await Promise.all([
      strapi.db.query(BLOCK).findMany({
        where,
        populate: BLOCK_POPULATE,
        orderBy: [{ start_datetime: 'asc' }, { id: 'asc' }],
        ...pageWindow(query),
      }) as Promise<BlockRow[]>,
      strapi.db.query(BLOCK).count({ where }),
    ]);
    return {
      data: rows.map(blockView),
      pagination: pagination(query, total),
    };
  },

  /** A manual block; 409 (bookings_clash, details.bookings) when live bookings overlap it. */
  async create(
    userId: number,
    input: { venue: string; start: number; end: number; reason: string | null },
    now = Date.now()
  ): Promise<BlockView> {
    const venue = await ownedVenue(strapi, userId, input.venue);
    const interval = { start: input.start, end: input.end };
    const row = await strapi.db.transaction(async ({ trx, onCommit }) => {
      const clashing = await this.clashes(venue.documentId, [interval], now, trx);
      if (clashing.length > 0) {
        throw new CalendarError('bookings_clash', `${clashing.length} booking(s) already hold part of this time`, {
          reason: 'BOOKINGS_CLASH',
          bookings: clashing,
        });
      }
      const created = await strapi.documents(BLOCK).create({
        data: documentInput<typeof BLOCK>({
          venue: venue.id,
          start_datetime: iso(input.start),
          end_datetime: iso(input.end),
          reason: input.reason,
          source: 'manual',
        }),
      });
      onCommit(() =>
        eventBus.publish('availability.changed', {
          venue: venue.documentId,
          from: iso(input.start),
          to: iso(input.end),
          reason: 'blocked',
        })
      );
      return (await strapi.db
        .query(BLOCK)
        .findOne({ where: { documentId: created.documentId }, populate: BLOCK_POPULATE })) as BlockRow;
    });
    return blockView(row as BlockRow);
  },

  /** Deletes a manual block of the caller's venue; imported blocks change at their source (409). */
  async remove(userId: number, documentId: string): Promise<BlockView> {
    const venueIds = await ownedVenueIds(strapi, userId);
    const row = (await strapi.db.query(BLOCK).findOne({
      where: { documentId, venue: { id: { $in: venueIds.length ? venueIds : [0] } } },
      populate: BLOCK_POPULATE,
    })) as BlockRow | null;
    if (!row) throw new CalendarError('not_found', 'Blocked period not found');
    if (row.source === 'ical') {
      throw new CalendarError(
        'imported_block',
        'This block comes from an imported calendar: change the event there, or remove the import',
        {
          reason: 'IMPORTED_BLOCK',
          feed: row.calendar_feed?.documentId ?? null,
        }
      );
    }
    await strapi.db.transaction(async ({ onCommit }) => {
      await strapi.documents(BLOCK).delete({ documentId });
      onCommit(() =>
        eventBus.publish('availability.changed', {
          venue: row.venue?.documentId ?? '',
          from: iso(Date.parse(row.start_datetime)),
          to: iso(Date.parse(row.end_datetime)),
          reason: 'unblocked',
        })
      );
    });
    return blockView(row);
  },
});
