import type { Core } from '@strapi/strapi';
import { appService } from '../app-services';
import type { Selection } from './services/search-read-model';

const VENUE = 'api::venue.venue';
const VENDOR = 'api::vendor-profile.vendor-profile';
const AMENITY = 'api::amenity.amenity';
const BLOCK = 'api::blocked-period.blocked-period';
const WRITES = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);
const WATCHED = new Set([VENUE, VENDOR, AMENITY, BLOCK]);

type Params = { documentId?: string };

/** Row id of a document (vendor profiles and amenities are linked to venues by row id). */
const rowIdOf = async (strapi: Core.Strapi, uid: string, documentId: string | undefined): Promise<number | null> => {
  if (!documentId) return null;
  const row = (await strapi.db.query(uid as never).findOne({ where: { documentId }, select: ['id'] })) as { id: number } | null;
  return row?.id ?? null;
};

/** Venue document ids a blocked period belongs to (before and after the write: a block may move). */
const venueOfBlock = async (strapi: Core.Strapi, documentId: string | undefined): Promise<string[]> => {
  if (!documentId) return [];
  const row = (await strapi.db.query(BLOCK).findOne({
    where: { documentId },
    select: ['id'],
    populate: { venue: { select: ['documentId'] } },
  })) as { venue?: { documentId: string } | null } | null;
  return row?.venue?.documentId ? [row.venue.documentId] : [];
};

/**
 * Keeps the search read model in step with every Document Service write that changes what search sees: venues,
 * vendor profiles (verification status hides or shows all their venues), amenities (slugs) and blocked periods.
 * The write and the refresh run in ONE transaction (Strapi's `db.transaction` joins the surrounding one), so no
 * commit shows one without the other. Writes that bypass the Document Service (the review ratings) refresh
 * through `api::venue.search-read-model` themselves.
 */
export const registerSearchReadModelMiddleware = (strapi: Core.Strapi) => {
  strapi.documents.use(async (ctx, next) => {
    if (!WATCHED.has(ctx.uid) || !WRITES.has(ctx.action)) return next();
    const readModel = appService(strapi, 'api::venue.search-read-model');
    const documentId = (ctx.params as Params).documentId;
    return strapi.db.transaction(async () => {
      // What the write is about to unlink has to be known before it runs.
      let before: Selection | null = null;
      if (ctx.action === 'delete' && (ctx.uid === AMENITY || ctx.uid === VENDOR)) {
        const id = await rowIdOf(strapi, ctx.uid, documentId);
        const selection: Selection | null = id ? (ctx.uid === AMENITY ? { amenityIds: [id] } : { vendorIds: [id] }) : null;
        before = selection ? { documentIds: await readModel.venuesOf(selection) } : null;
      }
      if (ctx.uid === BLOCK && ctx.action !== 'create') before = { documentIds: await venueOfBlock(strapi, documentId) };

      const result = await next();
      const written = (result as { documentId?: string; id?: number } | null) ?? null;
      const writtenId = written?.documentId ?? documentId;

      if (before) await readModel.refresh(before);
      if (ctx.uid === VENUE && writtenId) await readModel.refresh({ documentIds: [writtenId] });
      if (ctx.uid === VENDOR && ctx.action !== 'delete') {
        const id = written?.id ?? (await rowIdOf(strapi, VENDOR, writtenId));
        if (id) await readModel.refresh({ vendorIds: [id] });
      }
      if (ctx.uid === AMENITY && ctx.action !== 'delete') {
        const id = written?.id ?? (await rowIdOf(strapi, AMENITY, writtenId));
        if (id) await readModel.refresh({ amenityIds: [id] });
      }
      if (ctx.uid === BLOCK && ctx.action !== 'delete')
        await readModel.refresh({ documentIds: await venueOfBlock(strapi, writtenId) });
      return result;
    });
  });
};
