import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { openingIntervals } from '../../../domain/availability';
import { DAY } from '../../../domain/time';
import { appService } from '../../app-services';
import { lockForTransaction } from '../../../infra/db';
import { venueTables } from '../venue-tables';

const RANGES = 'venue_open_ranges';
const STATE = 'venue_open_ranges_state';
const INSERT_CHUNK = 500;

/**
 * The search projection of opening hours: each venue's opening time as UTC ranges over the booking
 * horizon, computed by the same domain function the booking engine validates with (so search and
 * booking agree, DST included). Refreshed when a venue is written and rolled forward daily.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const horizon = async (now: number) => {
    const { maxAdvanceDays } = await appService(strapi, 'api::system-setting.settings').booking();
    const from = Math.floor(now / DAY) * DAY - DAY;
    return { from, until: from + (maxAdvanceDays + 3) * DAY, required: now + (maxAdvanceDays + 1) * DAY };
  };

  return {
    async refresh(venueDocumentId: string, options: { now?: number; force?: boolean } = {}): Promise<boolean> {
      const now = options.now ?? Date.now();
      const venue = await appService(strapi, 'api::venue.venue-rules').load(venueDocumentId, { publicOnly: false });
      if (!venue) {
        await this.remove(venueDocumentId);
        return false;
      }
      const { from, until, required } = await horizon(now);
      const { timezone, weeklyHours, dateOverrides } = venue.rules;
      const hash = crypto.createHash('sha256').update(JSON.stringify({ timezone, weeklyHours, dateOverrides })).digest('hex');

      return strapi.db.transaction(async ({ trx }) => {
        // Two instances refreshing the same venue at once must not both insert its ranges.
        await lockForTransaction(strapi, trx, `open-ranges:${venueDocumentId}`);
        const state = await trx(STATE).where({ venue_document_id: venueDocumentId }).first();
        if (!options.force && state && state.rules_hash === hash && Number(state.computed_until_ms) >= required) return false;
        const ranges = openingIntervals(venue.rules, { start: from, end: until });
        await trx(RANGES).where({ venue_document_id: venueDocumentId }).delete();
        for (let i = 0; i < ranges.length; i += INSERT_CHUNK) {
          await trx(RANGES).insert(
            ranges
              .slice(i, i + INSERT_CHUNK)
              .map((r) => ({ venue_document_id: venueDocumentId, start_ms: r.start, end_ms: r.end }))
          );
        }
        const row = { computed_from_ms: from, computed_until_ms: until, rules_hash: hash };
        if (state) await trx(STATE).where({ venue_document_id: venueDocumentId }).update(row);
        else await trx(STATE).insert({ venue_document_id: venueDocumentId, ...row });
        return true;
      });
    },

    async remove(venueDocumentId: string): Promise<void> {
      await strapi.db.transaction(async ({ trx }) => {
        await trx(RANGES).where({ venue_document_id: venueDocumentId }).delete();
        await trx(STATE).where({ venue_document_id: venueDocumentId }).delete();
      });
    },

    /** Venues whose projection is missing or does not reach far enough (daily job, and after boot). */
    async refreshStale(options: { now?: number; log?: (message: string) => void } = {}): Promise<number> {
      const now = options.now ?? Date.now();
      const { required } = await horizon(now);
      const stale = (await strapi.db
        .connection(`${venueTables(strapi).venues} as v`)
        .leftJoin(`${STATE} as s`, 's.venue_document_id', 'v.document_id')
        .where((q) => q.whereNull('s.venue_document_id').orWhere('s.computed_until_ms', '<', required))
        .distinct('v.document_id')) as { document_id: string }[];
      let done = 0;
      for (const { document_id } of stale) {
        await this.refresh(document_id, { now, force: true });
        done += 1;
        if (options.log && done % 500 === 0) options.log(`open ranges ${done}/${stale.length}`);
      }
      return stale.length;
    },
  };
};
