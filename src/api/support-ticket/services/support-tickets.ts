import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { TicketError } from '../../../domain/support/errors';
import { ticketReplySummary } from '../../../domain/support/messages';
import {
  nextTicketStatus,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketEvent,
  type TicketPriority,
  type TicketStatus,
} from '../../../domain/support/ticket-state-machine';
import { forUpdate } from '../../../infra/db';
import type { ChatMessageView } from '../../../infra/event-bus';
import { pageWindow, pagination } from '../../../infra/paginate';
import { plainText } from '../../../infra/plain-text';
import { guardedWrite } from '../../../infra/write-guard';
import { recordAdminAction, type StaffActor } from '../../admin-action/audit';
import { appService } from '../../app-services';
import { MESSAGE_MAX_LENGTH } from '../../conversation/contracts';
import { SUBJECT_MAX_LENGTH, type CreateTicketInput, type TicketListQuery } from '../contracts';
import { settledAt, TICKET_POPULATE, ticketView, type TicketRow } from '../ticket-view';

const TICKET = 'api::support-ticket.support-ticket';
const CONVERSATION = 'api::conversation.conversation';
const MESSAGE = 'api::message.message';
const BOOKING = 'api::booking.booking';
/** Messages included with one ticket (the latest, oldest first); older ones through the chat endpoint. */
const DETAIL_MESSAGES = 50;

const invalid = (field: string, message: string) =>
  new TicketError('invalid_request', `${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

const cleanText = (field: string, raw: string, max: number): string => {
  const value = plainText(raw);
  if (!value) throw invalid(field, 'must contain text');
  if (value.length > max) throw invalid(field, `must be at most ${max} characters`);
  return value;
};

const isDocumentId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

interface StoredMessage {
  id: number;
  body: string;
  sender?: { id: number } | null;
  sender_admin?: { id: number } | null;
  conversation?: { id: number; documentId: string; kind: string; ticket?: { id: number; documentId: string } | null } | null;
}

/**
 * Support tickets (contract: Support tickets). Customers and vendors open tickets about anything (optionally one of
 * their bookings); each ticket has one chat conversation of kind `support` (src/api/conversation) holding its
 * messages. Owners only: someone else's ticket is a 404.
 *
 * Status follows the conversation (state machine: src/domain/support/ticket-state-machine.ts): every message
 * stored in a ticket conversation — through these endpoints, the chat REST API or the socket — moves the ticket in
 * the same transaction (`onMessageStored`, called by the message Document Service middleware). Staff replies notify
 * the owner (in-app and e-mail, as their preferences say). Closing closes the conversation; reopening opens it.
 *
 * Staff side (assign, reply, set status, set priority) are services for the admin routes and panel; each writes one
 * admin_actions row in the same transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const chat = () => appService(strapi, 'api::conversation.chat');
  const center = () => appService(strapi, 'api::notification.notification-center');
  const settings = () => appService(strapi, 'api::system-setting.settings');

  const inTransaction = async <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
    (await strapi.db.transaction(({ trx }) => guardedWrite('support-tickets', () => work(trx)))) as T;

  const loadTicket = async (where: Record<string, unknown>): Promise<TicketRow | null> =>
    (await strapi.db.query(TICKET).findOne({ where, populate: TICKET_POPULATE })) as TicketRow | null;

  /** The caller's own ticket, or not_found (also for malformed ids and other users' tickets). */
  const ownTicket = async (userId: number, documentId: string): Promise<TicketRow> => {
    const row = isDocumentId(documentId) ? await loadTicket({ documentId, user: { id: userId } }) : null;
    if (!row) throw new TicketError('not_found', 'Ticket not found');
    return row;
  };

  /** Locks the ticket row for the rest of the transaction and reads it as it is now. */
  const lockTicket = async (trx: Knex.Transaction, id: number): Promise<TicketRow> => {
    await forUpdate(strapi, trx('support_tickets').where('id', id).first('id'));
    return (await loadTicket({ id })) as TicketRow;
  };

  const view = async (row: TicketRow) => ticketView(row, (await settings().support()).reopenDays);

  const detail = async (row: TicketRow) => {
    let messages: ChatMessageView[] = [];
    let total = 0;
    if (row.conversation) {
      const page = await chat().messages({ kind: 'user', userId: row.user?.id ?? 0 }, row.conversation.documentId, {
        page: 1,
        pageSize: DETAIL_MESSAGES,
        order: 'desc',
      });
      messages = [...page.data].reverse();
      total = page.pagination.total;
    }
    return { ...(await view(row)), messages, messages_total: total };
  };

  /** Writes the ticket's new status (with its resolved/closed times) and keeps the conversation open or closed. */
  const moveTo = async (row: TicketRow, status: TicketStatus, now: number) => {
    const at = new Date(now).toISOString();
    await strapi.documents(TICKET).update({
      documentId: row.documentId,
      data: {
        status,
        last_activity_at: at,
        ...(status === 'resolved' ? { resolved_at: at } : {}),
        ...(status === 'closed' ? { closed_at: at } : {}),
        ...(row.status === 'closed' && status !== 'closed' ? { closed_at: null } : {}),
      } as never,
    });
    if (row.conversation) {
      const conversationStatus = status === 'closed' ? 'closed' : 'open';
      if (row.conversation.status !== conversationStatus) {
        await strapi.documents(CONVERSATION).update({
          documentId: row.conversation.documentId,
          data: { status: conversationStatus } as never,
        });
      }
    }
  };

  const notifyOwner = async (row: TicketRow, status: TicketStatus, message: string | null) => {
    if (!row.user) return;
    await center().ticketUpdated(row.user.id, { ticket: row.documentId, subject: row.subject, status, message });
  };

  const ticketById = async (documentId: string): Promise<TicketRow> => {
    const row = isDocumentId(documentId) ? await loadTicket({ documentId }) : null;
    if (!row) throw new TicketError('not_found', 'Ticket not found');
    return row;
  };

  const service = {
    /** POST /support-tickets: the ticket, its support conversation and the first message, in one transaction. */
    async create(userId: number, input: CreateTicketInput) {
      const subject = cleanText('subject', input.subject, SUBJECT_MAX_LENGTH);
      const body = cleanText('body', input.body, MESSAGE_MAX_LENGTH);
      let bookingId: number | null = null;
      if (input.booking) {
        const booking = (await strapi.db.query(BOOKING).findOne({
          where: {
            documentId: input.booking,
            $or: [{ customer: { id: userId } }, { venue: { vendor: { user: { id: userId } } } }],
          },
          select: ['id'],
        })) as { id: number } | null;
        if (!booking) throw new TicketError('not_found', 'Booking not found');
        bookingId = booking.id;
      }
      const documentId = await inTransaction(async () => {
        const created = await strapi.documents(TICKET).create({
          data: {
            user: userId,
            type: input.type,
            subject,
            description: body,
            booking: bookingId,
            status: 'open',
            priority: 'normal',
            last_activity_at: new Date().toISOString(),
          } as never,
        });
        // Opens the ticket's support conversation (participants: the owner; staff see support conversations).
        await chat().open(userId, { ticket: created.documentId, body });
        return created.documentId as string;
      });
      return detail((await loadTicket({ documentId })) as TicketRow);
    },

    /** GET /support-tickets: the caller's tickets, most recent activity first. */
    async list(userId: number, query: TicketListQuery) {
      const where: Record<string, unknown> = { user: { id: userId }, ...(query.status ? { status: query.status } : {}) };
      const [rows, total] = await Promise.all([
        strapi.db.query(TICKET).findMany({
          where,
          populate: TICKET_POPULATE,
          orderBy: [{ last_activity_at: 'desc' }, { id: 'desc' }],
          ...pageWindow(query),
        }) as Promise<TicketRow[]>,
        strapi.db.query(TICKET).count({ where }),
      ]);
      const { reopenDays } = await settings().support();
      return { data: rows.map((row) => ticketView(row, reopenDays)), pagination: pagination(query, total) };
    },

    /** GET /support-tickets/:id: the ticket with its latest messages. */
    async findOne(userId: number, documentId: string) {
      return detail(await ownTicket(userId, documentId));
    },

    /** POST /support-tickets/:id/messages: the owner writes; a reply moves the ticket to pending_staff. */
    async postMessage(userId: number, documentId: string, rawBody: string) {
      const row = await ownTicket(userId, documentId);
      if (row.status === 'closed') throw new TicketError('closed', 'This ticket is closed; reopen it to write again');
      const body = cleanText('body', rawBody, MESSAGE_MAX_LENGTH);
      // A ticket created without a conversation (e.g. in the admin panel) gets one with this first message.
      const message = row.conversation
        ? await chat().post({ kind: 'user', userId }, row.conversation.documentId, body)
        : (await chat().open(userId, { ticket: row.documentId, body })).message;
      return { message, ticket: await view((await loadTicket({ id: row.id })) as TicketRow) };
    },

    /** POST /support-tickets/:id/close: the owner closes the ticket (any status but closed). */
    async close(userId: number, documentId: string, now = Date.now()) {
      const own = await ownTicket(userId, documentId);
      await inTransaction(async (trx) => {
        const row = await lockTicket(trx, own.id);
        await moveTo(row, nextTicketStatus(row.status, { kind: 'user_close' }), now);
      });
      return view((await loadTicket({ id: own.id })) as TicketRow);
    },

    /** POST /support-tickets/:id/reopen: a resolved or closed ticket, within the reopen window, waits for staff again. */
    async reopen(userId: number, documentId: string, now = Date.now()) {
      const own = await ownTicket(userId, documentId);
      const { reopenDays } = await settings().support();
      await inTransaction(async (trx) => {
        const row = await lockTicket(trx, own.id);
        const event: TicketEvent = { kind: 'user_reopen', settledAt: settledAt(row), now, reopenDays };
        await moveTo(row, nextTicketStatus(row.status, event), now);
      });
      return view((await loadTicket({ id: own.id })) as TicketRow);
    },

    /**
     * Called by the message Document Service middleware inside the transaction that stored a message: a message in
     * a ticket's conversation moves the ticket (user → pending_staff, staff → pending_user); a staff reply notifies
     * the owner. A closed ticket refuses the message (the transaction rolls back, 409 TICKET_CLOSED).
     */
    async onMessageStored(messageId: number) {
      const message = (await strapi.db.query(MESSAGE).findOne({
        where: { id: messageId },
        select: ['id', 'body'],
        populate: {
          sender: { select: ['id'] },
          sender_admin: { select: ['id'] },
          conversation: { select: ['id', 'documentId', 'kind'], populate: { ticket: { select: ['id', 'documentId'] } } },
        },
      })) as StoredMessage | null;
      const ticketRef = message?.conversation?.kind === 'support' ? message.conversation.ticket : null;
      if (!message || !ticketRef) return;
      await inTransaction(async (trx) => {
        const row = await lockTicket(trx, ticketRef.id);
        const fromStaff = Boolean(message.sender_admin) && !message.sender;
        const next = nextTicketStatus(row.status, { kind: fromStaff ? 'staff_message' : 'user_message' });
        const now = Date.now();
        if (next !== row.status) await moveTo(row, next, now);
        else {
          await strapi.documents(TICKET).update({
            documentId: row.documentId,
            data: { last_activity_at: new Date(now).toISOString() } as never,
          });
        }
        if (fromStaff) await notifyOwner(row, next, ticketReplySummary(message.body));
      });
    },

    /* ------------------------------------------------------------------------------------------------
     * Staff side (admin REST routes and panel pages call these).
     * ---------------------------------------------------------------------------------------------- */

    /** Assigns the ticket to an admin user (null: unassigned). */
    async assign(actor: StaffActor, documentId: string, adminUserId: number | null) {
      const target = await ticketById(documentId);
      if (adminUserId !== null) {
        const admin = Number.isInteger(adminUserId)
          ? await strapi.db.query('admin::user').findOne({ where: { id: adminUserId, isActive: true }, select: ['id'] })
          : null;
        if (!admin) throw invalid('assignee', 'no such active admin user');
      }
      await inTransaction(async (trx) => {
        const row = await lockTicket(trx, target.id);
        await strapi.documents(TICKET).update({ documentId: row.documentId, data: { assignee: adminUserId } as never });
        await recordAdminAction(strapi, actor, {
          actionType: 'ticket.assign',
          targetType: 'support-ticket',
          targetId: row.documentId,
          before: { assignee: row.assignee?.id ?? null },
          after: { assignee: adminUserId },
        });
      });
      return (await loadTicket({ id: target.id })) as TicketRow;
    },

    /** A staff reply in the ticket conversation (the ticket moves to pending_user; the owner is notified). */
    async reply(actor: Extract<StaffActor, { kind: 'admin' }>, documentId: string, rawBody: string) {
      const target = await ticketById(documentId);
      if (target.status === 'closed') throw new TicketError('closed', 'This ticket is closed; reopen it to write again');
      if (!target.conversation) throw new TicketError('invalid_request', 'This ticket has no conversation yet');
      const body = cleanText('body', rawBody, MESSAGE_MAX_LENGTH);
      const conversation = target.conversation.documentId;
      const message = await inTransaction(async () => {
        const stored = await chat().post({ kind: 'staff', adminId: actor.adminId }, conversation, body);
        await recordAdminAction(strapi, actor, {
          actionType: 'ticket.reply',
          targetType: 'support-ticket',
          targetId: target.documentId,
          before: { status: target.status },
          after: { status: 'pending_user' },
          extra: { message: stored.documentId },
        });
        return stored;
      });
      return { message, ticket: (await loadTicket({ id: target.id })) as TicketRow };
    },

    /** Staff set the status (anything but `open`; reopening a closed ticket included); the owner is notified. */
    async setStatus(actor: StaffActor, documentId: string, status: TicketStatus, options: { message?: string | null } = {}) {
      if (!TICKET_STATUSES.includes(status)) throw invalid('status', `must be one of ${TICKET_STATUSES.join(', ')}`);
      const target = await ticketById(documentId);
      const note = options.message ? cleanText('message', options.message, 500) : null;
      await inTransaction(async (trx) => {
        const row = await lockTicket(trx, target.id);
        const next = nextTicketStatus(row.status, { kind: 'staff_status', to: status });
        await moveTo(row, next, Date.now());
        await recordAdminAction(strapi, actor, {
          actionType: 'ticket.set_status',
          targetType: 'support-ticket',
          targetId: row.documentId,
          before: { status: row.status },
          after: { status: next },
          ...(note ? { extra: { message: note } } : {}),
        });
        await notifyOwner(row, next, note);
      });
      return (await loadTicket({ id: target.id })) as TicketRow;
    },

    /** Staff set the priority (low, normal, high, urgent). */
    async setPriority(actor: StaffActor, documentId: string, priority: TicketPriority) {
      if (!TICKET_PRIORITIES.includes(priority)) throw invalid('priority', `must be one of ${TICKET_PRIORITIES.join(', ')}`);
      const target = await ticketById(documentId);
      await inTransaction(async (trx) => {
        const row = await lockTicket(trx, target.id);
        if (row.priority === priority) return;
        await strapi.documents(TICKET).update({ documentId: row.documentId, data: { priority } as never });
        await recordAdminAction(strapi, actor, {
          actionType: 'ticket.set_priority',
          targetType: 'support-ticket',
          targetId: row.documentId,
          before: { priority: row.priority },
          after: { priority },
        });
      });
      return (await loadTicket({ id: target.id })) as TicketRow;
    },

    /** Records a ticket as given (demo data): owner, status and messages, through the same paths. */
    async importTicket(data: {
      userId: number;
      type: CreateTicketInput['type'];
      subject: string;
      body: string;
      status?: TicketStatus;
      priority?: TicketPriority;
      staffReply?: { adminId: number; body: string };
    }): Promise<string> {
      const created = await service.create(data.userId, { type: data.type, subject: data.subject, body: data.body });
      const actor = data.staffReply ? ({ kind: 'admin', adminId: data.staffReply.adminId } as const) : null;
      if (actor && data.staffReply) await service.reply(actor, created.documentId, data.staffReply.body);
      if (data.priority && data.priority !== 'normal') {
        await service.setPriority(actor ?? { kind: 'system', reason: 'seed' }, created.documentId, data.priority);
      }
      const row = (await loadTicket({ documentId: created.documentId })) as TicketRow;
      if (data.status && data.status !== row.status) {
        await service.setStatus(actor ?? { kind: 'system', reason: 'seed' }, created.documentId, data.status);
      }
      return created.documentId;
    },
  };

  return service;
};
