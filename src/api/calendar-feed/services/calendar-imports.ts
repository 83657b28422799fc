import { documentInput } from '../../../infra/documents';
import type { Core } from '@strapi/strapi';
import { CalendarError } from '../../../domain/calendar/errors';
import { normaliseFeedUrl } from '../../../domain/calendar/feed-url';
import { eventBus } from '../../../infra/event-bus';
import { assertFetchableUrl } from '../../../infra/safe-fetch';
import { ownedVenue, ownedVenueIds, VENUE_SELECT } from '../../venue/ownership';
import type { FeedRow, SyncResult } from './calendar-sync';
import { appService } from '../../app-services';
import { lockForTransaction } from '../../../infra/db';
import { pageWindow, pagination } from '../../../infra/paginate';

const FEED = 'api::calendar-feed.calendar-feed';
const BLOCK = 'api::blocked-period.blocked-period';
export const MAX_FEEDS_PER_VENUE = 10;

const isoOrNull = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** A feed as its owner sees it (the URL included: it is theirs; never shown to anyone else). */
export const feedView = (row: FeedRow) => ({
  documentId: row.documentId,
  venue: row.venue?.documentId ?? null,
  name: row.name ?? null,
  url: row.url,
  last_status: row.last_status,
  last_error: row.last_error ?? null,
  last_attempt_at: isoOrNull(row.last_attempt_at),
  last_synced_at: isoOrNull(row.last_synced_at),
  event_count: row.event_count ?? 0,
  conflicts: row.conflicts ?? [],
  created_at: new Date(row.createdAt).toISOString(),
});
export type FeedView = ReturnType<typeof feedView>;

/** Vendor side of iCal imports: register, list, remove, sync now. Only the caller's own venues' feeds exist. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sync = () => appService(strapi, 'api::calendar-feed.calendar-sync');

  const load = async (documentId: string) =>
    (await strapi.db.query(FEED).findOne({ where: { documentId }, populate: { venue: VENUE_SELECT } })) as FeedRow;

  const ownedFeed = async (userId: number, documentId: string): Promise<FeedRow> => {
    const row = (await strapi.db.query(FEED).findOne({
      where: { documentId, venue: { vendor: { user: { id: userId } } } },
      populate: { venue: VENUE_SELECT },
    })) as FeedRow | null;
    if (!row) throw new CalendarError('not_found', 'Calendar import not found');
    return row;
  };

  return {
    async list(userId: number, query: { venue?: string; page: number; pageSize: number }) {
      const venueIds = query.venue ? [(await ownedVenue(strapi, userId, query.venue)).id] : await ownedVenueIds(strapi, userId);
      const where = { venue: { id: { $in: venueIds.length ? venueIds : [0] } } };
      const [rows, total] = await Promise.all([
        strapi.db.query(FEED).findMany({
          where,
          populate: { venue: VENUE_SELECT },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          ...pageWindow(query),
        }) as Promise<FeedRow[]>,
        strapi.db.query(FEED).count({ where }),
      ]);
      return {
        data: rows.map(feedView),
        pagination: pagination(query, total),
      };
    },

    /** Registers a feed and syncs it at once; the sync's outcome (even a failure) is in `sync`. */
    async create(
      userId: number,
      input: { venue: string; url: string; name: string | null },
      now = Date.now()
    ): Promise<{ feed: FeedView; sync: SyncResult }> {
      const venue = await ownedVenue(strapi, userId, input.venue);
      const url = normaliseFeedUrl(input.url);
      await assertFetchableUrl(url);
      const existing = (await strapi.db
        .query(FEED)
        .findMany({ where: { venue: { id: venue.id } }, select: ['id', 'url', 'documentId'] })) as {
        url: string;
        documentId: string;
      }[];
      const same = existing.find((feed) => feed.url === url);
      if (same)
        throw new CalendarError('feed_exists', 'This venue already imports that calendar', {
          reason: 'FEED_EXISTS',
          feed: same.documentId,
        });
      if (existing.length >= MAX_FEEDS_PER_VENUE) {
        throw new CalendarError('too_many_feeds', `A venue can import at most ${MAX_FEEDS_PER_VENUE} calendars`, {
          reason: 'TOO_MANY_FEEDS',
          limit: MAX_FEEDS_PER_VENUE,
        });
      }
      const created = await strapi.documents(FEED).create({
        data: documentInput<typeof FEED>({
          venue: venue.id,
          url,
          name: input.name,
          last_status: 'never',
          event_count: 0,
          conflicts: [],
        }),
      });
      const result: SyncResult = await sync().syncFeed(created.documentId, { now });
      return { feed: feedView(await load(created.documentId)), sync: result };
    },

    /** Removes the feed and every block it created, in one transaction. */
    async remove(userId: number, documentId: string): Promise<FeedView> {
      const feed = await ownedFeed(userId, documentId);
      await strapi.db.transaction(async ({ trx, onCommit }) => {
        await lockForTransaction(strapi, trx, `calendar-feed:${feed.documentId}`);
        const blocks = (await strapi.db.query(BLOCK).findMany({
          where: { calendar_feed: { id: feed.id } },
          select: ['documentId', 'start_datetime', 'end_datetime'],
        })) as { documentId: string; start_datetime: string; end_datetime: string }[];
        for (const block of blocks) await strapi.documents(BLOCK).delete({ documentId: block.documentId });
        await strapi.documents(FEED).delete({ documentId: feed.documentId });
        if (blocks.length > 0 && feed.venue) {
          const venue = feed.venue.documentId;
          const from = new Date(Math.min(...blocks.map((b) => Date.parse(b.start_datetime)))).toISOString();
          const to = new Date(Math.max(...blocks.map((b) => Date.parse(b.end_datetime)))).toISOString();
          onCommit(() => eventBus.publish('availability.changed', { venue, from, to, reason: 'calendar_removed' }));
        }
      });
      return feedView(feed);
    },

    async syncNow(userId: number, documentId: string, now = Date.now()): Promise<{ feed: FeedView; sync: SyncResult }> {
      const feed = await ownedFeed(userId, documentId);
      const result: SyncResult = await sync().syncFeed(feed.documentId, { now });
      return { feed: feedView(await load(feed.documentId)), sync: result };
    },
  };
};
