import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketPriority,
  type TicketStatus,
} from '../../domain/support/ticket-state-machine';
import { adminActorOf, contentManagerStatus, type StaffActor } from '../../infra/admin-request';
import { insideGuardedWrite } from '../../infra/write-guard';
import { appService } from '../app-services';

const MESSAGE = 'api::message.message';
const TICKET = 'api::support-ticket.support-ticket';

/** Fields the Support admin role may change in the Content Manager; each change runs through the ticket service. */
export const SUPPORT_TICKET_FIELDS = ['status', 'priority', 'assignee'];
/** What the user wrote and what the ticket is about: not changed by staff. */
const TICKET_IMMUTABLE = ['subject', 'description', 'type'];

/** The admin user id a relation write points at (id, {id}, [..], {connect, disconnect, set}); undefined: no change. */
const assigneeOf = (value: unknown): number | null | undefined => {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (Array.isArray(value)) return value.length ? assigneeOf(value[0]) : null;
  if (typeof value === 'object') {
    const v = value as { id?: unknown; connect?: unknown[]; disconnect?: unknown[]; set?: unknown[] };
    if (v.id !== undefined) return assigneeOf(v.id);
    if (Array.isArray(v.set)) return assigneeOf(v.set);
    if (v.connect?.length) return assigneeOf(v.connect[0]);
    if (v.disconnect?.length) return null;
    return undefined;
  }
  throw new errors.ValidationError('assignee must be an admin user id');
};

/**
 * 1. Every message stored in a ticket's conversation moves the ticket, whatever path stored it (ticket endpoints,
 *    chat REST, the socket's chat:send, staff replies): the ticket service runs inside the message's transaction.
 * 2. Staff edits of a ticket in the admin panel (the Content Manager) go through the staff services:
 *    status, priority and assignee changes are validated by the state machine, audited and notified; what the user
 *    wrote (subject, description, type) and who owns it do not change.
 */
export const registerSupportDocumentMiddleware = (strapi: Core.Strapi): void => {
  const tickets = () => appService(strapi, 'api::support-ticket.support-tickets');

  strapi.documents.use(async (ctx, next) => {
    if (ctx.uid === MESSAGE && ctx.action === 'create') {
      const result = await next();
      const id = (result as { id?: number } | null)?.id;
      if (typeof id === 'number') await tickets().onMessageStored(id);
      return result;
    }
    // Only staff edits from the admin panel are routed through the services; system writes (e.g. the chat service
    // linking a ticket to its conversation) pass straight through.
    const admin = adminActorOf(strapi);
    if (ctx.uid !== TICKET || ctx.action !== 'update' || insideGuardedWrite() || !admin) return next();

    const params = ctx.params as { documentId?: string; data?: Record<string, unknown> };
    const before = params.documentId
      ? ((await strapi.db.query(TICKET).findOne({
          where: { documentId: params.documentId },
          select: ['documentId', 'status', 'priority', 'subject', 'description', 'type'],
          populate: { assignee: { select: ['id'] }, user: { select: ['id'] } },
        })) as
          | (Record<string, unknown> & {
              documentId: string;
              status: TicketStatus;
              priority: TicketPriority;
              assignee?: { id: number } | null;
              user?: { id: number } | null;
            })
          | null)
      : null;
    if (!before) return next();
    const data = params.data ?? {};
    for (const field of TICKET_IMMUTABLE) {
      if (field in data && (data[field] ?? '') !== (before[field] ?? '')) {
        throw new errors.ForbiddenError(`A ticket's ${field} is what the user wrote and cannot be changed`);
      }
      delete data[field];
    }
    const owner = assigneeOf(data.user);
    if (owner !== undefined && owner !== (before.user?.id ?? null))
      throw new errors.ForbiddenError("A ticket's owner cannot be changed");
    for (const field of ['user', 'resolved_at', 'closed_at', 'last_activity_at']) delete data[field];

    const actor: StaffActor = admin;
    const status = (data.status ?? contentManagerStatus(strapi, TICKET)) as TicketStatus | undefined;
    const priority = data.priority as TicketPriority | undefined;
    const assignee = assigneeOf(data.assignee);
    for (const field of ['status', 'priority', 'assignee']) delete data[field];
    if (status !== undefined && !TICKET_STATUSES.includes(status)) throw new errors.ValidationError('unknown ticket status');
    if (priority !== undefined && !TICKET_PRIORITIES.includes(priority)) throw new errors.ValidationError('unknown priority');

    return (await strapi.db.transaction(async () => {
      if (status !== undefined && status !== before.status) await tickets().setStatus(actor, before.documentId, status);
      if (priority !== undefined && priority !== before.priority) await tickets().setPriority(actor, before.documentId, priority);
      if (assignee !== undefined && assignee !== (before.assignee?.id ?? null)) {
        await tickets().assign(actor, before.documentId, assignee);
      }
      return next();
    })) as Awaited<ReturnType<typeof next>>;
  });
};
