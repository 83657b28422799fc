import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { sendCacheable } from '../../../infra/http-cache';
import { conflictError } from '../../../infra/http-errors';
import { parseOrThrow } from '../../../infra/validation';
import { documentIdParam, quoteQuery, reviewsQuery, searchQuery, windowQuery } from '../contracts';
import { appService } from '../../app-services';
import { DAY, HOUR } from '../../../domain/time';

const catalog = () => appService(strapi, 'api::venue.venue-catalog');
const venueId = (ctx: Context) => parseOrThrow(documentIdParam, ctx.params.id);

/** from/to of a free/busy window: default the next 7 days, at most `maxDays`. */
const windowOf = async (ctx: Context, now: number) => {
  const query = parseOrThrow(windowQuery, ctx.query);
  const { maxWindowDays } = await appService(strapi, 'api::system-setting.settings').booking();
  const start = query.from ? Date.parse(query.from) : now;
  const end = query.to ? Date.parse(query.to) : start + 7 * DAY;
  if (end <= start)
    throw new errors.ValidationError('to must be after from', { errors: [{ path: ['to'], message: 'must be after from' }] });
  if (end - start > maxWindowDays * DAY) {
    throw new errors.ValidationError(`The window spans at most ${maxWindowDays} days`, {
      errors: [{ path: ['to'], message: `max ${maxWindowDays} days` }],
    });
  }
  return { start, end };
};

export default {
  async search(ctx: Context) {
    const query = parseOrThrow(searchQuery, ctx.query);
    const { data, pagination } = await appService(strapi, 'api::venue.venue-search').search({
      ...query,
      start: query.start ? Date.parse(query.start) : undefined,
      end: query.end ? Date.parse(query.end) : undefined,
    });
    ctx.body = { data, meta: { pagination } };
  },

  async details(ctx: Context) {
    ctx.body = { data: await catalog().details(venueId(ctx)), meta: {} };
  },

  async reviews(ctx: Context) {
    const page = parseOrThrow(reviewsQuery, ctx.query);
    const { data, pagination } = await catalog().reviews(venueId(ctx), page);
    ctx.body = { data, meta: { pagination } };
  },

  async availability(ctx: Context) {
    const id = venueId(ctx);
    const now = Date.now();
    ctx.body = { data: await catalog().availability(id, await windowOf(ctx, now), now), meta: {} };
  },

  async quote(ctx: Context) {
    const id = venueId(ctx);
    const query = parseOrThrow(quoteQuery, ctx.query);
    const now = Date.now();
    const engine = appService(strapi, 'api::booking.booking-engine');
    const venue = await catalog().bookableVenue(id);
    const request = {
      start: Date.parse(query.start),
      end: Date.parse(query.end),
      guests: query.guests,
      promo_code: query.promo_code,
    };
    const priced = await engine.quoteFor(venue, request, now);
    if (await engine.isTaken(venue, request, now)) {
      throw conflictError('The requested time is already booked', { reason: 'SLOT_TAKEN' });
    }
    ctx.body = { data: priced, meta: {} };
  },

  async calendar(ctx: Context) {
    const id = venueId(ctx);
    const now = Date.now();
    // The default window starts at the current hour, so the feed (and its ETag) only changes with the data.
    const window = await windowOf(ctx, Math.floor(now / HOUR) * HOUR);
    const base = strapi.config.get('server.url', '') || `${ctx.protocol}://${ctx.host}`;
    const body = await catalog().calendar(id, window, base as string, now);
    sendCacheable(ctx, body, { type: 'text/calendar; charset=utf-8', cacheControl: 'public, max-age=300' });
  },
};
