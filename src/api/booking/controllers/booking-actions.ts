import type { Context } from 'koa';
import { actorOf, userActorOf } from '../../../infra/actor';
import { withIdempotency } from '../../../infra/idempotency';
import { optionalPlainText, plainText } from '../../../infra/plain-text';
import { documentIdParam, idempotencyKeyHeader } from '../../../infra/params';
import { parseOrThrow } from '../../../infra/validation';
import { appService } from '../../app-services';
import { payments } from '../../payments-port';
import { cancelBookingBody, createBookingBody, declineBookingBody, historyQuery } from '../contracts';

const engine = () => appService(strapi, 'api::booking.booking-engine');
/** Transitions that move money (capture on approval, release on decline, refund on cancellation): the payments port. */
const bookingPayments = () => payments(strapi);
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
    ctx.body = { data: await bookingPayments().cancelBooking(actorOf(ctx), bookingId(ctx), plainText(reason ?? '')), meta: {} };
  },

  async approve(ctx: Context) {
    parseOrThrow(declineBookingBody, ctx.request.body ?? {});
    ctx.body = { data: await bookingPayments().approveBooking(actorOf(ctx), bookingId(ctx)), meta: {} };
  },

  async decline(ctx: Context) {
    const { reason } = parseOrThrow(declineBookingBody, ctx.request.body ?? {});
    ctx.body = {
      data: await bookingPayments().declineBooking(actorOf(ctx), bookingId(ctx), reason ? plainText(reason) : null),
      meta: {},
    };
  },
};
