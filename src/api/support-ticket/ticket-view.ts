import { DAY } from '../../domain/time';
import type { TicketPriority, TicketStatus, TicketType } from '../../domain/support/ticket-state-machine';

/** A support ticket as the ticket services load it (Query Engine, relations populated). */
export interface TicketRow {
  id: number;
  documentId: string;
  type: TicketType;
  status: TicketStatus;
  priority: TicketPriority;
  subject: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
  last_activity_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  user?: { id: number; documentId: string } | null;
  booking?: { id: number; documentId: string; reference: string | null } | null;
  conversation?: { id: number; documentId: string; status: 'open' | 'closed' } | null;
  assignee?: { id: number; email?: string | null } | null;
}

export const TICKET_POPULATE = {
  user: { select: ['id', 'documentId'] },
  booking: { select: ['id', 'documentId', 'reference'] },
  conversation: { select: ['id', 'documentId', 'status'] },
  assignee: { select: ['id', 'email'] },
};

const iso = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

/** When a resolved or closed ticket was settled (the later of the two times), for the reopen window. */
export const settledAt = (row: Pick<TicketRow, 'resolved_at' | 'closed_at'>): number | null => {
  const times = [row.resolved_at, row.closed_at].filter((v): v is string => Boolean(v)).map((v) => Date.parse(v));
  return times.length ? Math.max(...times) : null;
};

/** The ticket as its author sees it (who on staff handles it is internal). */
export const ticketView = (row: TicketRow, reopenDays: number) => {
  const settled = row.status === 'resolved' || row.status === 'closed' ? settledAt(row) : null;
  return {
    documentId: row.documentId,
    type: row.type,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    booking: row.booking ? { documentId: row.booking.documentId, reference: row.booking.reference ?? null } : null,
    conversation: row.conversation?.documentId ?? null,
    created_at: new Date(row.createdAt).toISOString(),
    last_activity_at: iso(row.last_activity_at) ?? new Date(row.createdAt).toISOString(),
    resolved_at: iso(row.resolved_at),
    closed_at: iso(row.closed_at),
    reopen_until: settled !== null ? new Date(settled + reopenDays * DAY).toISOString() : null,
  };
};

export type TicketView = ReturnType<typeof ticketView>;
