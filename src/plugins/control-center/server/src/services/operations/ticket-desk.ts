import type { Core } from '@strapi/strapi';
import type { TicketPriority, TicketStatus } from '../../../../../../domain/support/ticket-state-machine';
import { linkOf, tableOf } from '../../../../../../infra/db-names';
import { pageWindow, pagination } from '../../../../../../infra/paginate';
import type { StaffActor } from '../../../../../../api/admin-action/audit';
import { appService } from '../../../../../../api/app-services';
import type { TicketQueueQuery } from '../../contracts/operations';
import { iso, isDocumentId, notFound } from './shared';

const TICKET = 'api::support-ticket.support-ticket';
const MESSAGE = 'api::message.message';
/** Messages in one ticket view: the latest ones, shown oldest first (`messages_total` counts them all). */
export const THREAD_LIMIT = 200;

interface TicketRow {
  documentId: string;
  type: 'booking' | 'payment' | 'account' | 'venue' | 'technical' | 'other';
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: string;
  last_activity_at: string | null;
  user?: { id: number; username: string; email: string } | null;
  assignee?: { id: number; email: string } | null;
  conversation?: { id: number; documentId: string } | null;
}

interface ThreadRow {
  documentId: string;
  body: string;
  createdAt: string;
  sender?: { id: number; username: string; email: string; role?: { type: string } | null } | null;
  sender_admin?: { id: number; email: string | null; firstname: string | null; lastname: string | null } | null;
}

/** One message of a ticket's thread as staff see it: who wrote it (staff, customer or vendor), what, when. */
export const threadMessageView = (row: ThreadRow) => {
  const staff = row.sender_admin;
  const user = row.sender;
  return {
    documentId: row.documentId,
    author: staff
      ? {
          kind: 'staff' as const,
          id: staff.id,
          name: [staff.firstname, staff.lastname].filter(Boolean).join(' ') || staff.email || 'Staff',
          email: staff.email ?? null,
        }
      : {
          kind: user?.role?.type === 'vendor' ? ('vendor' as const) : ('customer' as const),
          id: user?.id ?? null,
          name: user?.username ?? 'Deleted account',
          email: user?.email ?? null,
        },
    body: row.body,
    created_at: new Date(row.createdAt).toISOString(),
  };
};

const POPULATE = {
  user: { select: ['id', 'username', 'email'] },
  assignee: { select: ['id', 'email'] },
  conversation: { select: ['id', 'documentId'] },
};

const PRIORITY_RANK: Record<TicketPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export const staffTicketView = (row: TicketRow) => ({
  documentId: row.documentId,
  type: row.type,
  subject: row.subject,
  status: row.status,
  priority: row.priority,
  user: row.user ? { id: row.user.id, username: row.user.username, email: row.user.email } : null,
  assignee: row.assignee ? { id: row.assignee.id, email: row.assignee.email } : null,
  conversation: row.conversation?.documentId ?? null,
  created_at: new Date(row.createdAt).toISOString(),
  last_activity_at: iso(row.last_activity_at),
});

/**
 * The support desk: the ticket queue for staff, and the staff actions of the tickets feature's service
 * (src/api/support-ticket/services/support-tickets.ts: state machine, one audit row, owner notified).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tickets = () => appService(strapi, 'api::support-ticket.support-tickets');

  /** The ticket's conversation, oldest first (the latest THREAD_LIMIT messages), with the total count. */
  const thread = async (conversationId: number | undefined) => {
    if (conversationId === undefined) return { messages: [], messages_total: 0 };
    const where = { conversation: { id: conversationId } };
    const [rows, total] = await Promise.all([
      strapi.db.query(MESSAGE).findMany({
        where,
        select: ['id', 'documentId', 'body', 'createdAt'],
        populate: {
          sender: { select: ['id', 'username', 'email'], populate: { role: { select: ['type'] } } },
          sender_admin: { select: ['id', 'email', 'firstname', 'lastname'] },
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: THREAD_LIMIT,
      }) as Promise<ThreadRow[]>,
      strapi.db.query(MESSAGE).count({ where }),
    ]);
    return { messages: rows.reverse().map(threadMessageView), messages_total: total };
  };

  /** The ticket as staff see it, with its message thread (there are no staff-only notes in the model). */
  const load = async (documentId: string) => {
    const row = isDocumentId(documentId)
      ? ((await strapi.db.query(TICKET).findOne({ where: { documentId }, populate: POPULATE })) as TicketRow | null)
      : null;
    if (!row) throw notFound('Ticket');
    return { ...staffTicketView(row), ...(await thread(row.conversation?.id)) };
  };

  return {
    /** Open work first: urgent → low, then the longest-waiting activity first. `me` is the calling admin. */
    async queue(query: TicketQueueQuery, me: number | null) {
      const knex = strapi.db.connection;
      const assignee = linkOf(strapi, TICKET, 'assignee');
      const base = () => {
        const qb = knex(`${tableOf(strapi, TICKET)} as t`).leftJoin(`${assignee.table} as a`, `a.${assignee.column}`, 't.id');
        if (query.status) qb.where('t.status', query.status);
        else qb.whereNotIn('t.status', ['resolved', 'closed']);
        if (query.priority) qb.where('t.priority', query.priority);
        if (query.type) qb.where('t.type', query.type);
        if (query.q)
          qb.whereRaw("lower(t.subject) like ? escape '\\'", [`%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
        if (query.assignee === 'none') qb.whereNull(`a.${assignee.targetColumn}`);
        else if (query.assignee === 'me') qb.where(`a.${assignee.targetColumn}`, me ?? -1);
        else if (query.assignee) qb.where(`a.${assignee.targetColumn}`, Number(query.assignee));
        return qb;
      };
      const { offset, limit } = pageWindow(query);
      const rank = `case t.priority ${Object.entries(PRIORITY_RANK)
        .map(([name, value]) => `when '${name}' then ${value}`)
        .join(' ')} else 9 end`;
      const [counted, page] = await Promise.all([
        base().count({ n: '*' }).first() as Promise<{ n: number | string } | undefined>,
        base()
          .select('t.id')
          .orderByRaw(`${rank} asc, coalesce(t.last_activity_at, t.created_at) asc, t.id asc`)
          .offset(offset)
          .limit(limit) as Promise<{ id: number }[]>,
      ]);
      const ids = page.map((row) => row.id);
      const rows = ids.length
        ? ((await strapi.db.query(TICKET).findMany({ where: { id: { $in: ids } }, populate: POPULATE })) as (TicketRow & {
            id: number;
          })[])
        : [];
      const byId = new Map(rows.map((row) => [row.id, row]));
      return {
        data: ids.map((id) => staffTicketView(byId.get(id) as TicketRow)),
        meta: { pagination: pagination(query, counted?.n ?? 0) },
      };
    },

    findOne: load,

    async assign(actor: StaffActor, documentId: string, assignee: number | null) {
      await tickets().assign(actor, documentId, assignee);
      return load(documentId);
    },

    async reply(actor: Extract<StaffActor, { kind: 'admin' }>, documentId: string, body: string) {
      const { message } = await tickets().reply(actor, documentId, body);
      return { message, ticket: await load(documentId) };
    },

    async update(
      actor: StaffActor,
      documentId: string,
      input: { status?: TicketStatus; priority?: TicketPriority; message?: string }
    ) {
      if (input.priority) await tickets().setPriority(actor, documentId, input.priority);
      if (input.status) await tickets().setStatus(actor, documentId, input.status, { message: input.message ?? null });
      return load(documentId);
    },
  };
};
