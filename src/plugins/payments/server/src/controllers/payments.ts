import { idempotencyKeyHeader } from '../../../../../infra/params';
import type { Actor } from '../../../../../infra/actor';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { PaymentError } from '../../../../../domain/payment/errors';
import { appService } from '../../../../../api/app-services';
import { pagination } from '../../../../../infra/paginate';
import { actorOf, userActorOf } from '../../../../../infra/actor';
import { withIdempotency } from '../../../../../infra/idempotency';
import { plainText } from '../../../../../infra/plain-text';
import { parseOrThrow } from '../../../../../infra/validation';
import { bookingRefBody, historyQuery, refundBody } from '../contracts';
import { paymentsService } from '../get-service';
import { paymentView } from '../payment-view';

const callerOf = (actor: Actor) => (actor.kind === 'user' ? `user:${actor.userId}` : `token:${actor.tokenId}`);

/** Runs `work` under the request's Idempotency-Key (a retry replays the first answer). */
const idempotent = async (ctx: Context, actor: Actor, scope: string, request: unknown, work: () => Promise<unknown>) => {
  const key = parseOrThrow(idempotencyKeyHeader, ctx.get('Idempotency-Key') || undefined);
  const result = await withIdempotency(strapi, { caller: callerOf(actor), scope, key, request }, async () => ({
    status: 200,
    body: { data: await work(), meta: {} },
  }));
  if (result.replayed) ctx.set('Idempotent-Replayed', 'true');
  ctx.status = result.status;
  ctx.body = result.body;
};

const service = <K extends Parameters<typeof paymentsService>[1]>(name: K) => paymentsService(strapi, name);

export default {
  async process(ctx: Context) {
    const actor = userActorOf(ctx);
    const body = parseOrThrow(bookingRefBody, ctx.request.body ?? {});
    await idempotent(ctx, actor, 'payments.process', body, () => service('checkout').process(actor, body.booking));
  },

  async verify(ctx: Context) {
    const actor = actorOf(ctx);
    const body = parseOrThrow(bookingRefBody, ctx.request.body ?? {});
    await idempotent(ctx, actor, 'payments.verify', body, async () => {
      const engine = appService(strapi, 'api::booking.booking-engine');
      await engine.access(actor, body.booking);
      const recorded = await service('payment-records').byBooking(body.booking);
      if (!recorded) throw new PaymentError('not_found', 'This booking has no payment yet');
      const { payment } = await service('payment-sync').refresh(recorded.transaction_id);
      return { payment: paymentView(payment ?? recorded), booking: await engine.status(actor, body.booking) };
    });
  },

  async refund(ctx: Context) {
    const actor = actorOf(ctx);
    const body = parseOrThrow(refundBody, ctx.request.body ?? {});
    await idempotent(ctx, actor, 'payments.refund', body, () =>
      service('booking-payments').requestRefund(actor, { ...body, reason: plainText(body.reason) })
    );
  },

  async history(ctx: Context) {
    const actor = userActorOf(ctx);
    const query = parseOrThrow(historyQuery, ctx.query);
    if (query.scope === 'received' && actor.role !== 'vendor') throw new errors.ForbiddenError('Only vendors receive payments');
    const where =
      query.scope === 'received'
        ? { booking: { venue: { vendor: { user: { id: actor.userId } } } } }
        : { customer: { id: actor.userId } };
    const { rows, total } = await service('payment-records').history(where, query);
    ctx.body = { data: rows.map(paymentView), meta: { pagination: pagination(query, total) } };
  },

  /** Stripe → us. No user auth: the signature over the raw body is the credential. */
  async webhook(ctx: Context) {
    const raw = (ctx.request.body as Record<symbol, unknown> | undefined)?.[Symbol.for('unparsedBody')] as
      string | Buffer | undefined;
    const webhooks = service('webhooks');
    const event = webhooks.verify(raw, ctx.get('stripe-signature') || undefined);
    const result = await webhooks.handle(event);
    ctx.body = { received: true, ...result };
  },
};
