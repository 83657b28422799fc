import type { Context } from 'koa';
import { actorOf, userActorOf } from '../../../infra/actor';
import { withIdempotency } from '../../../infra/idempotency';
import { optionalPlainText, plainText } from '../../../infra/plain-text';
import { parseOrThrow } from '../../../infra/validation';
import { paymentsService } from '../../../plugins/payments/server/src/get-service';
import {
  cancelBookingBody,
  createBookingBody,
  declineBookingBody,
  documentIdParam,
  historyQuery,
  idempotencyKeyHeader,
} from '../contracts';

const engine = () => strapi.service('api::booking.booking-engine');
/** Transitions that move money (capture on approval, release on decline, refund on cancellation). */
const bookingPayments = () => paymentsService(strapi, 'booking-payments');
const bookingId = (ctx: Context) => parseOrThrow(documentIdParam, ctx.params.id);

export default {
  async create(ctx: Context) {
    const actor = userActorOf(ctx);
    const body = parseOrThrow(createBookingBody, ctx.request.body ?? {});
    const key = parseOrThrow(idempotencyKeyHeader, ctx.get('Idempotency-Key') || undefined);
    const result = await withIdempotency(
      strapi,
      { caller: `user:${actor.userId}`, scope: 'bookings.create', key, request: body },
      async () => {
        const booking = await engine().create(actor, {
          ...body,
          notes: optionalPlainText(body.notes),
          start: Date.parse(body.start),
          end: Date.parse(body.end),
        });
        return { status: 201, body: { data: booking, meta: {} } };
      }
    );
    if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = result.status;
    ctx.body = result.body;
  },

  async status(ctx: Context) {
    ctx.body = { data: await engine().status(actorOf(ctx), bookingId(ctx)), meta: {} };
  },

  async history(ctx: Context) {
    const query = parseOrThrow(historyQuery, ctx.query);
    const { data, pagination } = await engine().history(userActorOf(ctx), query);
    ctx.body = { data, meta: { pagination } };
  },

  async refundQuote(ctx: Context) {
    ctx.body = { data: await engine().refundQuote(actorOf(ctx), bookingId(ctx)), meta: {} };
  },

  async cancel(ctx: Context) {
    const { reason } = parseOrThrow(cancelBookingBody, ctx.request.body ?? {});
    ctx.body = { data: await bookingPayments().cancel(actorOf(ctx), bookingId(ctx), plainText(reason ?? '')), meta: {} };
  },

  async approve(ctx: Context) {
    parseOrThrow(declineBookingBody, ctx.request.body ?? {});
    ctx.body = { data: await bookingPayments().approve(actorOf(ctx), bookingId(ctx)), meta: {} };
  },

  async decline(ctx: Context) {
    const { reason } = parseOrThrow(declineBookingBody, ctx.request.body ?? {});
    ctx.body = { data: await bookingPayments().decline(actorOf(ctx), bookingId(ctx), reason ? plainText(reason) : null), meta: {} };
  },
};
