import { documentInput } from '../../../infra/documents';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CalendarError } from '../../../domain/calendar/errors';
import { parseCalendar, type ImportedEvent, type ParseResult } from '../../../domain/calendar/ical-import';
import { DAY, MINUTE, type Interval } from '../../../domain/time';
import { eventBus } from '../../../infra/event-bus';
import { plainText } from '../../../infra/plain-text';
import { fetchCalendar } from '../../../infra/safe-fetch';
import type { BookingClash } from '../../blocked-period/services/blocked-dates';
import { toOwnedVenue, VENUE_SELECT, type OwnedVenue } from '../../venue/ownership';
import { appService } from '../../app-services';
import { lockForTransaction } from '../../../infra/db';

const FEED = 'api::calendar-feed.calendar-feed';
const BLOCK = 'api::blocked-period.blocked-period';
/** Conditional GETs are trusted for a day; then the feed is read in full again (recurrences roll forward). */
const REVALIDATE_FOR = DAY;

export interface FeedRow {
  id: number;
  documentId: string;
  name: string | null;
  url: string;
  last_attempt_at: string | null;
  last_synced_at: string | null;
  last_status: 'never' | 'ok' | 'not_modified' | 'error';
  last_error: string | null;
  event_count: number | null;
  conflicts: FeedConflict[] | null;
  http_etag: string | null;
  http_last_modified: string | null;
  content_fetched_at: string | null;
  createdAt: string;
  venue?: Parameters<typeof toOwnedVenue>[0] | null;
}

/** A live booking that an imported block overlaps (stored on the feed, returned by a sync). */
export interface FeedConflict {
  booking: string;
  reference: string | null;
  status: string;
  booking_start: string;
  booking_end: string;
  block_start: string;
  block_end: string;
  summary: string | null;
}

export interface SyncResult {
  feed: string;
  status: 'ok' | 'not_modified' | 'error';
  error: string | null;
  events: number;
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  truncated: boolean;
  skipped: ParseResult['skipped'] | null;
  conflicts: FeedConflict[];
  synced_at: string;
}

interface ExistingBlock {
  id: number;
  documentId: string;
  external_uid: string | null;
  start_datetime: string;
  end_datetime: string;
  reason: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const REASON_MAX = 255;

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** What an imported event says as the block's reason: its SUMMARY as plain text, else the feed's name. */
const reasonOf = (event: ImportedEvent, feed: FeedRow): string => {
  const text = plainText(event.summary ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return (text || feed.name || 'Imported calendar').slice(0, REASON_MAX);
};

/**
 * Calendar import sync: fetch a feed, parse it, and make the feed's blocked periods match its events in one
 * transaction (upsert by the event key, delete vanished ones). Blocks that overlap live bookings are kept
 * and the clash is recorded on the feed, returned, and published as `calendar.conflict`. A failed fetch or
 * parse is recorded on the feed and changes no block (a flaky server never frees booked-out time).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const blockedDates = () => appService(strapi, 'api::blocked-period.blocked-dates');

  const loadFeed = async (documentId: string): Promise<FeedRow | null> =>
    (await strapi.db.query(FEED).findOne({ where: { documentId }, populate: { venue: VENUE_SELECT } })) as FeedRow | null;

  const horizon = async (now: number): Promise<Interval> => {
    const { maxAdvanceDays } = await appService(strapi, 'api::system-setting.settings').booking();
    return { start: now - DAY, end: now + (maxAdvanceDays + 1) * DAY };
  };

  const recordFailure = async (feed: FeedRow, error: unknown, now: number): Promise<SyncResult> => {
    const message =
      error instanceof CalendarError
        ? error.message
        : error instanceof RangeError
          ? `The venue's settings cannot be used: ${error.message}`
          : 'Internal error while syncing this calendar';
    if (!(error instanceof CalendarError))
      strapi.log.error(`[calendar-sync] feed ${feed.documentId}: ${(error as Error)?.stack ?? error}`);
    await strapi.db.query(FEED).update({
      where: { id: feed.id },
      data: { last_attempt_at: iso(now), last_status: 'error', last_error: message.slice(0, 500) },
    });
    return {
      feed: feed.documentId,
      status: 'error',
      error: message,
      events: feed.event_count ?? 0,
      created: 0,
      updated: 0,
      removed: 0,
      unchanged: 0,
      truncated: false,
      skipped: null,
      conflicts: feed.conflicts ?? [],
      synced_at: iso(now),
    };
  };

  /** Clashes between the feed's current blocks (in the window) and live bookings. */
  const conflictsOf = async (
    venue: OwnedVenue,
    blocks: { start: number; end: number; reason: string | null }[],
    now: number,
    trx: Knex
  ): Promise<FeedConflict[]> => {
    const clashes: BookingClash[] = await blockedDates().clashes(venue.documentId, blocks, now, trx);
    const out: FeedConflict[] = [];
    for (const clash of clashes) {
      const bookingStart = Date.parse(clash.start);
      const bookingEnd = Date.parse(clash.end);
      for (const block of blocks) {
        if (block.start < bookingEnd && block.end > bookingStart) {
          out.push({
            booking: clash.documentId,
            reference: clash.reference,
            status: clash.status,
            booking_start: clash.start,
            booking_end: clash.end,
            block_start: iso(block.start),
            block_end: iso(block.end),
            summary: block.reason,
          });
        }
      }
    }
    return out;
  };

  /**
   * Makes the feed's blocks match `events` (or, with `events` null after a 304, keeps them) and records the
   * outcome, all in one transaction. Serialised per feed on PostgreSQL (advisory lock) so a manual sync and
   * the job cannot interleave their upserts.
   */
  const apply = async (
    feed: FeedRow,
    venue: OwnedVenue,
    parsed: ParseResult | null,
    fetched: { etag: string | null; lastModified: string | null } | null,
    window: Interval,
    now: number
  ): Promise<SyncResult> => {
    const changed: Interval[] = [];
    const counts = { created: 0, updated: 0, removed: 0, unchanged: 0 };
    let conflicts: FeedConflict[] = [];
    let newConflict = false;
    let eventCount = feed.event_count ?? 0;

    const outcome = await strapi.db.transaction(async ({ trx, onCommit }) => {
      await lockForTransaction(strapi, trx, `calendar-feed:${feed.documentId}`);
      const current = (await strapi.db.query(FEED).findOne({ where: { id: feed.id }, select: ['id', 'conflicts'] })) as Pick<
        FeedRow,
        'id' | 'conflicts'
      > | null;
      if (!current) throw new CalendarError('not_found', 'The calendar import was removed during the sync');

      const existing = (await strapi.db.query(BLOCK).findMany({
        where: { calendar_feed: { id: feed.id } },
        select: ['id', 'documentId', 'external_uid', 'start_datetime', 'end_datetime', 'reason'],
      })) as ExistingBlock[];

      if (parsed) {
        const byKey = new Map(existing.map((block) => [block.external_uid ?? '', block]));
        const keep = new Set<string>();
        for (const event of parsed.events) {
          keep.add(event.key);
          const reason = reasonOf(event, feed);
          const block = byKey.get(event.key);
          if (!block) {
            await strapi.documents(BLOCK).create({
              data: documentInput<typeof BLOCK>({
                venue: venue.id,
                calendar_feed: feed.id,
                start_datetime: iso(event.start),
                end_datetime: iso(event.end),
                reason,
                source: 'ical',
                external_uid: event.key,
              }),
            });
            counts.created += 1;
            changed.push({ start: event.start, end: event.end });
            continue;
          }
          const start = Date.parse(block.start_datetime);
          const end = Date.parse(block.end_datetime);
          if (start === event.start && end === event.end && block.reason === reason) {
            counts.unchanged += 1;
            continue;
          }
          await strapi.documents(BLOCK).update({
            documentId: block.documentId,
            data: documentInput<typeof BLOCK>({ start_datetime: iso(event.start), end_datetime: iso(event.end), reason }),
          });
          counts.updated += 1;
          changed.push({ start, end }, { start: event.start, end: event.end });
        }
        // Vanished events: gone from the feed (or moved out of the window). Past blocks stay as history.
        for (const block of existing) {
          const end = Date.parse(block.end_datetime);
          if (keep.has(block.external_uid ?? '') || end <= window.start) continue;
          await strapi.documents(BLOCK).delete({ documentId: block.documentId });
          counts.removed += 1;
          changed.push({ start: Date.parse(block.start_datetime), end });
        }
        eventCount = parsed.events.length;
      }

      const blocks = (await strapi.db.query(BLOCK).findMany({
        where: { calendar_feed: { id: feed.id }, end_datetime: { $gt: iso(Math.max(now, window.start)) } },
        select: ['start_datetime', 'end_datetime', 'reason'],
      })) as { start_datetime: string; end_datetime: string; reason: string | null }[];
      conflicts = await conflictsOf(
        venue,
        blocks.map((b) => ({ start: Date.parse(b.start_datetime), end: Date.parse(b.end_datetime), reason: b.reason })),
        now,
        trx
      );
      const flagged = new Set((current.conflicts ?? []).map((c) => c.booking));
      newConflict = conflicts.some((c) => !flagged.has(c.booking));

      await strapi.db.query(FEED).update({
        where: { id: feed.id },
        data: {
          last_attempt_at: iso(now),
          last_synced_at: iso(now),
          last_status: parsed ? 'ok' : 'not_modified',
          last_error: null,
          event_count: eventCount,
          conflicts,
          ...(fetched
            ? {
                http_etag: fetched.etag?.slice(0, 512) ?? null,
                http_last_modified: fetched.lastModified?.slice(0, 64) ?? null,
                content_fetched_at: iso(now),
              }
            : {}),
        },
      });

      onCommit(() => {
        if (changed.length > 0) {
          eventBus.publish('availability.changed', {
            venue: venue.documentId,
            from: iso(Math.min(...changed.map((c) => c.start))),
            to: iso(Math.max(...changed.map((c) => c.end))),
            reason: 'calendar_sync',
          });
        }
        if (newConflict) {
          eventBus.publish('calendar.conflict', {
            venue: venue.documentId,
            vendor_user: venue.vendorUserId,
            feed: feed.documentId,
            bookings: [...new Set(conflicts.map((c) => c.booking))],
          });
        }
      });
      return parsed ? 'ok' : 'not_modified';
    });

    return {
      feed: feed.documentId,
      status: outcome as 'ok' | 'not_modified',
      error: null,
      events: eventCount,
      ...counts,
      truncated: parsed?.truncated ?? false,
      skipped: parsed?.skipped ?? null,
      conflicts,
      synced_at: iso(now),
    };
  };

  return {
    /** Fetches, parses and applies one feed. Never throws for a feed's own failures: they are the result. */
    async syncFeed(documentId: string, options: { now?: number } = {}): Promise<SyncResult> {
      const now = options.now ?? Date.now();
      const feed = await loadFeed(documentId);
      if (!feed) throw new CalendarError('not_found', 'Calendar import not found');
      try {
        if (!feed.venue) throw new CalendarError('not_found', 'The venue of this calendar import no longer exists');
        const venue = toOwnedVenue(feed.venue);
        const window = await horizon(now);
        const fresh = feed.content_fetched_at && now - Date.parse(feed.content_fetched_at) < REVALIDATE_FOR;
        const fetched = await fetchCalendar(
          feed.url,
          fresh ? { etag: feed.http_etag, lastModified: feed.http_last_modified } : {}
        );
        if (fetched.status === 'not_modified') return await apply(feed, venue, null, null, window, now);
        const parsed = parseCalendar(fetched.body, {
          timezone: venue.timezone,
          window,
          maxEvents: envNumber('ICAL_MAX_EVENTS', 5000),
        });
        return await apply(feed, venue, parsed, { etag: fetched.etag, lastModified: fetched.lastModified }, window, now);
      } catch (error) {
        return recordFailure(feed, error, now);
      }
    },

    /**
     * The periodic job (cron, once per cluster): every feed not attempted for `ICAL_SYNC_INTERVAL_MINUTES`
     * (10), oldest first, in small concurrent batches; one failing feed is recorded and the others go on.
     */
    async runScheduled(options: { now?: number; batchSize?: number; maxFeeds?: number } = {}) {
      const now = options.now ?? Date.now();
      const batchSize = options.batchSize ?? envNumber('ICAL_SYNC_BATCH_SIZE', 4);
      const maxFeeds = options.maxFeeds ?? envNumber('ICAL_SYNC_MAX_FEEDS_PER_ROUND', 500);
      const dueBefore = iso(now - envNumber('ICAL_SYNC_INTERVAL_MINUTES', 10) * MINUTE);
      const attempted: number[] = [];
      const summary = { synced: 0, not_modified: 0, failed: 0, conflicts: 0 };
      while (attempted.length < maxFeeds) {
        const batch = (await strapi.db.query(FEED).findMany({
          where: {
            $or: [{ last_attempt_at: { $null: true } }, { last_attempt_at: { $lt: dueBefore } }],
            ...(attempted.length ? { id: { $notIn: attempted } } : {}),
          },
          select: ['id', 'documentId'],
          orderBy: [{ last_attempt_at: 'asc' }, { id: 'asc' }],
          limit: Math.min(batchSize, maxFeeds - attempted.length),
        })) as { id: number; documentId: string }[];
        if (batch.length === 0) break;
        attempted.push(...batch.map((f) => f.id));
        const results = await Promise.allSettled(batch.map((f) => this.syncFeed(f.documentId, { now })));
        for (const result of results) {
          if (result.status === 'rejected' || result.value.status === 'error') summary.failed += 1;
          else if (result.value.status === 'not_modified') summary.not_modified += 1;
          else summary.synced += 1;
          if (result.status === 'fulfilled') summary.conflicts += result.value.conflicts.length;
        }
      }
      return { feeds: attempted.length, ...summary };
    },
  };
};
