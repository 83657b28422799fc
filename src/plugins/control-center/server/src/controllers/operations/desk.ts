import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { appService } from '../../../../../../api/app-services';
import { rangeBound } from '../../services/operations/shared';
import { parseOrThrow } from '../../../../../../infra/validation';
import {
  assignBody,
  auditExportQuery,
  auditListQuery,
  documentIdParam,
  hideBody,
  replyBody,
  reportListQuery,
  resolveBody,
  restoreBody,
  reviewListQuery,
  settingsGroupParam,
  ticketQueueQuery,
  ticketStatusBody,
} from '../../contracts/operations';
import { controlCenterService } from '../../get-service';
import { ok, staffActorOf } from './staff';

const moderation = () => controlCenterService(strapi, 'moderation-desk');
const desk = () => controlCenterService(strapi, 'ticket-desk');

export const reviews = {
  async find(ctx: Context) {
    staffActorOf(ctx);
    ctx.body = await moderation().listReviews(parseOrThrow(reviewListQuery, ctx.query));
  },
  async hide(ctx: Context) {
    const actor = staffActorOf(ctx);
    const body = parseOrThrow(hideBody, ctx.request.body ?? {});
    ok(ctx, await moderation().hide(actor, parseOrThrow(documentIdParam, ctx.params.id), body));
  },
  async restore(ctx: Context) {
    const actor = staffActorOf(ctx);
    const body = parseOrThrow(restoreBody, ctx.request.body ?? {});
    ok(ctx, await moderation().restore(actor, parseOrThrow(documentIdParam, ctx.params.id), body));
  },
};

export const moderationReports = {
  async find(ctx: Context) {
    staffActorOf(ctx);
    ctx.body = await moderation().listReports(parseOrThrow(reportListQuery, ctx.query));
  },
  async resolve(ctx: Context) {
    const actor = staffActorOf(ctx);
    const body = parseOrThrow(resolveBody, ctx.request.body ?? {});
    ok(ctx, await moderation().resolve(actor, parseOrThrow(documentIdParam, ctx.params.id), body));
  },
  async dismiss(ctx: Context) {
    const actor = staffActorOf(ctx);
    const body = parseOrThrow(resolveBody, ctx.request.body ?? {});
    ok(ctx, await moderation().dismiss(actor, parseOrThrow(documentIdParam, ctx.params.id), body));
  },
};

export const tickets = {
  async find(ctx: Context) {
    const actor = staffActorOf(ctx);
    const query = parseOrThrow(ticketQueueQuery, ctx.query);
    ctx.body = await desk().queue(query, actor.kind === 'admin' ? actor.adminId : null);
  },
  async findOne(ctx: Context) {
    staffActorOf(ctx);
    ok(ctx, await desk().findOne(parseOrThrow(documentIdParam, ctx.params.id)));
  },
  async assign(ctx: Context) {
    const actor = staffActorOf(ctx);
    const body = parseOrThrow(assignBody, ctx.request.body ?? {});
    ok(ctx, await desk().assign(actor, parseOrThrow(documentIdParam, ctx.params.id), body.assignee));
  },
  /** A staff reply is written by a person: admin users only (an API token has no one to sign it). */
  async reply(ctx: Context) {
    const actor = staffActorOf(ctx);
    if (actor.kind !== 'admin') throw new errors.ForbiddenError('Replies are written by admin users, not API tokens');
    const body = parseOrThrow(replyBody, ctx.request.body ?? {});
    const { message, ticket } = await desk().reply(actor, parseOrThrow(documentIdParam, ctx.params.id), body.body);
    ctx.status = 201;
    ok(ctx, message, { ticket });
  },
  async update(ctx: Context) {
    const actor = staffActorOf(ctx);
    const body = parseOrThrow(ticketStatusBody, ctx.request.body ?? {});
    if (!body.status && !body.priority) {
      throw new errors.ValidationError('send a status or a priority', {
        errors: [{ path: ['status'], message: 'status or priority is required', name: 'ValidationError' }],
      });
    }
    ok(ctx, await desk().update(actor, parseOrThrow(documentIdParam, ctx.params.id), body));
  },
};

export const settings = {
  async findOne(ctx: Context) {
    staffActorOf(ctx);
    ok(ctx, await appService(strapi, 'api::system-setting.settings').group(parseOrThrow(settingsGroupParam, ctx.params.group)));
  },
  async update(ctx: Context) {
    const actor = staffActorOf(ctx);
    const group = parseOrThrow(settingsGroupParam, ctx.params.group);
    const { changed, ...data } = await appService(strapi, 'api::system-setting.settings').updateGroup(
      actor,
      group,
      ctx.request.body ?? {}
    );
    ok(ctx, data, { changed });
  },
};

const auditFilters = <T extends { from?: string; to?: string }>(query: T) => ({
  ...query,
  from: query.from ? rangeBound(query.from, false) : undefined,
  to: query.to ? rangeBound(query.to, true) : undefined,
});

export const auditLog = {
  async find(ctx: Context) {
    staffActorOf(ctx);
    const { page, pageSize, ...filters } = parseOrThrow(auditListQuery, ctx.query);
    ctx.body = await appService(strapi, 'api::admin-action.audit-log').list(auditFilters(filters), { page, pageSize });
  },
};

export const auditExport = {
  /** CSV of the filtered log, streamed (named find: a read, so read-only tokens may export). */
  async find(ctx: Context) {
    staffActorOf(ctx);
    const filters = parseOrThrow(auditExportQuery, ctx.query);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`);
    ctx.body = appService(strapi, 'api::admin-action.audit-log').exportCsv(auditFilters(filters));
  },
};
