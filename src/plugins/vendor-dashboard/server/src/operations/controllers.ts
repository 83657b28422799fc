import { rm } from 'node:fs/promises';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { appService } from '../../../../../api/app-services';
import { cancelBookingBody } from '../../../../../api/booking/contracts';
import { payments } from '../../../../../api/payments-port';
import { plainText } from '../../../../../infra/plain-text';
import type { VendorState } from '../../../../../api/venue/policies/is-vendor';
import { userActorOf } from '../../../../../infra/actor';
import { documentIdParam } from '../../../../../infra/params';
import { parseOrThrow } from '../../../../../infra/validation';
import { vendorDashboardService } from '../get-service';
import {
  analyticsReviewsQuery,
  bankInfoBody,
  bookingListQuery,
  documentUploadBody,
  documentUploadFiles,
  documentsQuery,
  insightsQuery,
  performanceQuery,
  revenueQuery,
  updateSettingsBody,
  upcomingQuery,
} from './contracts';

/** The vendor profile the route policy (api::venue.is-vendor) resolved for this request. */
const vendorOf = (ctx: Context): VendorState => {
  const vendor = ctx.state.vendorProfile as VendorState | undefined;
  if (!vendor) throw new errors.ForbiddenError('This is for vendors');
  return vendor;
};

const service = <K extends Parameters<typeof vendorDashboardService>[1]>(name: K) => vendorDashboardService(strapi, name);
const accounts = () => appService(strapi, 'api::vendor-profile.vendor-account');

type TempFile = { filepath?: unknown };
const filesOf = (ctx: Context) => (ctx.request as { files?: Record<string, TempFile | TempFile[]> }).files;
const discardTempFiles = async (files: Record<string, TempFile | TempFile[]> | undefined) => {
  const all = Object.values(files ?? {}).flat();
  await Promise.all(all.flatMap((f) => (typeof f?.filepath === 'string' ? [rm(f.filepath, { force: true })] : [])));
};

const list = (which: 'upcoming' | 'history' | 'requests') => async (ctx: Context) => {
  const query = parseOrThrow(which === 'upcoming' ? upcomingQuery : bookingListQuery, ctx.query);
  const { data, pagination } = await service('vendor-bookings').list(vendorOf(ctx).id, which, query);
  ctx.body = { data, meta: { pagination } };
};

/** Bookings: lists of the vendor's bookings; cancel is the booking API's own action (full refund for vendors). */
const vendorBookings = {
  upcoming: list('upcoming'),
  history: list('history'),
  requests: list('requests'),
  /** The same cancellation as POST /bookings/:id/cancel (payments port: 100 % refund when the vendor cancels). */
  async cancel(ctx: Context) {
    vendorOf(ctx);
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    const { reason } = parseOrThrow(cancelBookingBody, ctx.request.body ?? {});
    ctx.body = { data: await payments(strapi).cancelBooking(userActorOf(ctx), id, plainText(reason ?? '')), meta: {} };
  },
};

const vendorAnalytics = {
  async revenue(ctx: Context) {
    const query = parseOrThrow(revenueQuery, ctx.query);
    ctx.body = { data: await service('vendor-analytics').revenue(vendorOf(ctx).id, query), meta: {} };
  },
  async performance(ctx: Context) {
    const query = parseOrThrow(performanceQuery, ctx.query);
    ctx.body = { data: await service('vendor-analytics').performance(vendorOf(ctx).id, query), meta: {} };
  },
  async customerInsights(ctx: Context) {
    const query = parseOrThrow(insightsQuery, ctx.query);
    ctx.body = { data: await service('vendor-analytics').customerInsights(vendorOf(ctx).id, query), meta: {} };
  },
  /** The reviews of the vendor's venues (the reviews API's list) with the rating trend of the last 12 months. */
  async reviews(ctx: Context) {
    const vendor = vendorOf(ctx);
    const query = parseOrThrow(analyticsReviewsQuery, ctx.query);
    const { userId } = userActorOf(ctx);
    const now = Date.now();
    const [{ data, pagination }, rating] = await Promise.all([
      appService(strapi, 'api::review.reviews').listForVendor(userId, query),
      service('vendor-analytics').rating(vendor.id, now - 365 * 86_400_000, now),
    ]);
    ctx.body = { data, meta: { pagination, rating } };
  },
};

const vendorProfile = {
  async settings(ctx: Context) {
    ctx.body = { data: await accounts().settings(vendorOf(ctx).id), meta: {} };
  },
  async updateSettings(ctx: Context) {
    const vendor = vendorOf(ctx);
    const body = parseOrThrow(updateSettingsBody, ctx.request.body ?? {});
    ctx.body = { data: await accounts().updateSettings(vendor.id, body), meta: {} };
  },
  async bankInfo(ctx: Context) {
    ctx.body = { data: await service('vendor-connect').status(vendorOf(ctx).documentId), meta: {} };
  },
  async onboard(ctx: Context) {
    const vendor = vendorOf(ctx);
    const body = parseOrThrow(bankInfoBody, ctx.request.body ?? {});
    const settings = await accounts().settings(vendor.id);
    const user = ctx.state.user as { email?: string } | undefined;
    ctx.body = {
      data: await service('vendor-connect').onboard(
        {
          documentId: vendor.documentId,
          email: settings.contact_email ?? user?.email ?? null,
          businessName: settings.business_name,
        },
        body
      ),
      meta: {},
    };
  },
  async documents(ctx: Context) {
    const query = parseOrThrow(documentsQuery, ctx.query);
    const { data, pagination } = await accounts().listDocuments(vendorOf(ctx).documentId, query);
    ctx.body = { data, meta: { pagination } };
  },
  /** multipart/form-data: `file` (PDF/JPEG/PNG by content, ≤ 10 MB) and optional `kind`. */
  async uploadDocument(ctx: Context) {
    const files = filesOf(ctx);
    try {
      const vendor = vendorOf(ctx);
      const { file } = parseOrThrow(documentUploadFiles, files ?? {});
      const { kind } = parseOrThrow(documentUploadBody, ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: await accounts().storeDocument(vendor.documentId, file, kind), meta: {} };
    } finally {
      await discardTempFiles(files);
    }
  },
  async downloadDocument(ctx: Context) {
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    const { document, stream } = await accounts().openDocument(vendorOf(ctx).documentId, id);
    ctx.set('Content-Type', document.mime);
    ctx.set('Content-Length', String(document.size));
    ctx.set('Content-Disposition', `attachment; filename="${document.name.replace(/"/g, '')}"`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.body = stream;
  },
  async removeDocument(ctx: Context) {
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    ctx.body = { data: await accounts().removeDocument(vendorOf(ctx).documentId, id), meta: {} };
  },
};

export default { vendorBookings, vendorAnalytics, vendorProfile };
