import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { conversationIdParam, conversationsQuery, messagesQuery, openConversationBody, postMessageBody } from '../contracts';
import { appService } from '../../app-services';

const chat = () => appService(strapi, 'api::conversation.chat');

/** Chat over REST (contract: Real-time → Chat); the same service backs the socket's chat:send. */
export default {
  async list(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const page = parseOrThrow(conversationsQuery, ctx.query);
    const { data, pagination } = await chat().list(userId, page);
    ctx.body = { data, meta: { pagination } };
  },

  /** 201 for a new conversation, 200 when an open one was reused; the message is added either way. */
  async open(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const input = parseOrThrow(openConversationBody, ctx.request.body ?? {});
    const result = await chat().open(userId, input);
    ctx.status = result.created ? 201 : 200;
    ctx.body = { data: result.conversation, meta: { created: result.created, message: result.message } };
  },

  async messages(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = parseOrThrow(conversationIdParam, ctx.params.id);
    const query = parseOrThrow(messagesQuery, ctx.query);
    const { data, pagination } = await chat().messages({ kind: 'user', userId }, id, query);
    ctx.body = { data, meta: { pagination } };
  },

  async postMessage(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = parseOrThrow(conversationIdParam, ctx.params.id);
    const { body } = parseOrThrow(postMessageBody, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { data: await chat().post({ kind: 'user', userId }, id, body), meta: {} };
  },
};
