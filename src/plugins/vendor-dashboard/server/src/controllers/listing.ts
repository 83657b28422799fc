import { rm } from 'node:fs/promises';
import type { Context } from 'koa';
import { userActorOf } from '../../../../../infra/actor';
import { parseOrThrow } from '../../../../../infra/validation';
import { appService } from '../../../../../api/app-services';
import type { VendorState } from '../../../../../api/venue/policies/is-vendor';
import { vendorDashboardService } from '../get-service';
import {
  amenitiesBody,
  baseRatesBody,
  baseRatesQuery,
  calendarQuery,
  createVenueBody,
  discountBody,
  discountPatch,
  documentIdParam,
  featuredSlotBody,
  featuredSlotsQuery,
  hoursBody,
  hoursQuery,
  listVenuesQuery,
  mediaPatchBody,
  mediaUploadBody,
  mediaUploadFiles,
  previewBody,
  rulesQuery,
  specialRateBody,
  specialRatePatch,
  updateVenueBody,
} from '../listing/contracts';

/**
 * Controllers of the listing area: parse with the contract, call one service, answer `{data, meta}`. The route
 * policies have already checked the vendor role (and, where named, that the venue is the caller's); the services
 * check ownership again for everything they touch.
 */
const service = <K extends 'venues' | 'media' | 'pricing' | 'calendar'>(name: K) => vendorDashboardService(strapi, name);
const user = (ctx: Context) => userActorOf(ctx).userId;
const profileOf = (ctx: Context) => ctx.state.vendorProfile as VendorState;
const ok = (ctx: Context, data: unknown, status = 200) => {
  ctx.status = status;
  ctx.body = { data, meta: {} };
};
const id = (ctx: Context, name = 'id') => parseOrThrow(documentIdParam, ctx.params?.[name]);

type TempFile = { filepath?: unknown };
const filesOf = (ctx: Context) => (ctx.request as { files?: Record<string, TempFile | TempFile[]> }).files;
const discardTempFiles = async (files: Record<string, TempFile | TempFile[]> | undefined) => {
  const all = Object.values(files ?? {}).flat();
  await Promise.all(all.flatMap((f) => (typeof f?.filepath === 'string' ? [rm(f.filepath, { force: true })] : [])));
};

const rules = (kind: 'special_rate' | 'discount') => {
  const createBody = kind === 'special_rate' ? specialRateBody : discountBody;
  const patchBody = kind === 'special_rate' ? specialRatePatch : discountPatch;
  return {
    async list(ctx: Context) {
      const { data, pagination } = await service('pricing').list(user(ctx), kind, parseOrThrow(rulesQuery, ctx.query));
      ctx.body = { data, meta: { pagination } };
    },
    async get(ctx: Context) {
      ok(ctx, await service('pricing').get(user(ctx), kind, id(ctx)));
    },
    async create(ctx: Context) {
      ok(ctx, await service('pricing').create(user(ctx), kind, parseOrThrow(createBody, ctx.request.body ?? {})), 201);
    },
    async update(ctx: Context) {
      const ruleId = id(ctx);
      ok(ctx, await service('pricing').update(user(ctx), kind, ruleId, parseOrThrow(patchBody, ctx.request.body ?? {})));
    },
    async remove(ctx: Context) {
      ok(ctx, await service('pricing').remove(user(ctx), kind, id(ctx)));
    },
  };
};

export default {
  venues: {
    async list(ctx: Context) {
      const { data, pagination } = await service('venues').list(user(ctx), parseOrThrow(listVenuesQuery, ctx.query));
      ctx.body = { data, meta: { pagination } };
    },
    async get(ctx: Context) {
      ok(ctx, await service('venues').get(user(ctx), id(ctx)));
    },
    async create(ctx: Context) {
      const body = parseOrThrow(createVenueBody, ctx.request.body ?? {});
      ok(ctx, await service('venues').create(user(ctx), profileOf(ctx), body), 201);
    },
    async update(ctx: Context) {
      const venueId = id(ctx);
      const body = parseOrThrow(updateVenueBody, ctx.request.body ?? {});
      ok(ctx, await service('venues').update(user(ctx), profileOf(ctx), venueId, body));
    },
    async remove(ctx: Context) {
      ok(ctx, await service('venues').remove(user(ctx), id(ctx)));
    },
  },

  amenities: {
    async catalog(ctx: Context) {
      const data = await service('venues').amenityCatalog();
      ctx.body = { data, meta: { pagination: { page: 1, pageSize: data.length, pageCount: 1, total: data.length } } };
    },
    async set(ctx: Context) {
      const venue = id(ctx, 'venue');
      const { amenities } = parseOrThrow(amenitiesBody, ctx.request.body ?? {});
      ok(ctx, await service('venues').setAmenities(user(ctx), venue, amenities));
    },
  },

  hours: {
    async get(ctx: Context) {
      const { venue } = parseOrThrow(hoursQuery, ctx.query);
      ok(ctx, await service('venues').hours(user(ctx), venue));
    },
    async set(ctx: Context) {
      ok(ctx, await service('venues').setHours(user(ctx), parseOrThrow(hoursBody, ctx.request.body ?? {})));
    },
  },

  calendar: {
    async month(ctx: Context) {
      const query = parseOrThrow(calendarQuery, ctx.query);
      const input = { venue: query.venue, from: Date.parse(query.from), to: Date.parse(query.to) };
      ok(ctx, await service('calendar').calendar(user(ctx), input));
    },
  },

  media: {
    async list(ctx: Context) {
      ok(ctx, await service('media').list(user(ctx), id(ctx, 'venue')));
    },
    /** multipart/form-data: `venue`, `file` (JPEG/PNG/WebP ≤ 10 MB) and optional `alt`. 201 with the venue's photos. */
    async upload(ctx: Context) {
      const files = filesOf(ctx);
      try {
        const body = parseOrThrow(mediaUploadBody, ctx.request.body ?? {});
        const { file } = parseOrThrow(mediaUploadFiles, files ?? {});
        ok(ctx, await service('media').upload(user(ctx), body, file), 201);
      } finally {
        await discardTempFiles(files);
      }
    },
    async update(ctx: Context) {
      const venue = id(ctx, 'venue');
      const file = id(ctx, 'file');
      ok(ctx, await service('media').update(user(ctx), venue, file, parseOrThrow(mediaPatchBody, ctx.request.body ?? {})));
    },
    async remove(ctx: Context) {
      ok(ctx, await service('media').remove(user(ctx), id(ctx, 'venue'), id(ctx, 'file')));
    },
  },

  pricing: {
    async baseRates(ctx: Context) {
      const { venue } = parseOrThrow(baseRatesQuery, ctx.query);
      ok(ctx, await service('pricing').baseRates(user(ctx), venue));
    },
    async setBaseRates(ctx: Context) {
      ok(ctx, await service('pricing').setBaseRates(user(ctx), parseOrThrow(baseRatesBody, ctx.request.body ?? {})));
    },
    async preview(ctx: Context) {
      ok(ctx, await service('pricing').preview(user(ctx), parseOrThrow(previewBody, ctx.request.body ?? {})));
    },
  },

  'special-rates': rules('special_rate'),
  discounts: rules('discount'),

  promotions: {
    async list(ctx: Context) {
      const { venue, status, page, pageSize } = parseOrThrow(featuredSlotsQuery, ctx.query);
      const { data, pagination } = await appService(strapi, 'api::featured-slot.featured-slots').listOwn(
        user(ctx),
        { venue, status },
        { page, pageSize }
      );
      ctx.body = { data, meta: { pagination } };
    },
    async request(ctx: Context) {
      const body = parseOrThrow(featuredSlotBody, ctx.request.body ?? {});
      ok(ctx, await appService(strapi, 'api::featured-slot.featured-slots').request(user(ctx), body), 201);
    },
    async cancel(ctx: Context) {
      ok(ctx, await appService(strapi, 'api::featured-slot.featured-slots').cancelOwn(user(ctx), id(ctx)));
    },
  },
};
