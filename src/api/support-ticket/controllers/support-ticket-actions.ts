import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { appService } from '../../app-services';
import { createTicketBody, documentIdParam, ticketListQuery, ticketMessageBody } from '../contracts';

const tickets = () => appService(strapi, 'api::support-ticket.support-tickets');
const ticketId = (ctx: Context) => parseOrThrow(documentIdParam, ctx.params.id);

/** Support tickets of the caller (contract: Support tickets); someone else's ticket is a 404. */
export default {
  async create(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const input = parseOrThrow(createTicketBody, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { data: await tickets().create(userId, input), meta: {} };
  },

  async list(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const query = parseOrThrow(ticketListQuery, ctx.query);
    const { data, pagination } = await tickets().list(userId, query);
    ctx.body = { data, meta: { pagination } };
  },

  async findOne(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await tickets().findOne(userId, ticketId(ctx)), meta: {} };
  },

  async postMessage(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = ticketId(ctx);
    const { body } = parseOrThrow(ticketMessageBody, ctx.request.body ?? {});
    const result = await tickets().postMessage(userId, id, body);
    ctx.status = 201;
    ctx.body = { data: result.message, meta: { ticket: result.ticket } };
  },

  async close(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await tickets().close(userId, ticketId(ctx)), meta: {} };
  },

  async reopen(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await tickets().reopen(userId, ticketId(ctx)), meta: {} };
  },
};
