import type { Context } from 'koa';
import { appService } from '../../../../../api/app-services';
import { parseOrThrow } from '../../../../../infra/validation';
import { documentIdParam } from '../contracts/operations';
import { staffActorOf } from './operations/staff';

/**
 * Streams a vendor's private verification document to staff, through the vendor-account service's
 * `downloadDocument` (the only way to the bytes besides the vendor's own route). A document of another vendor,
 * or an unknown id, is a 404.
 */
export default {
  'vendor-documents': {
    async download(ctx: Context) {
      staffActorOf(ctx);
      const vendor = parseOrThrow(documentIdParam, ctx.params.id);
      const id = parseOrThrow(documentIdParam, ctx.params.document);
      const accounts = appService(strapi, 'api::vendor-profile.vendor-account');
      // Scoped to the vendor in the path: another vendor's document is a 404 before anything is opened.
      const { document, stream } = await accounts.downloadDocument(id, vendor);
      ctx.set('Content-Type', document.mime);
      ctx.set('Content-Length', String(document.size));
      ctx.set('Content-Disposition', `attachment; filename="${document.name.replace(/["\\\r\n]/g, '')}"`);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.body = stream;
    },
  },
};
