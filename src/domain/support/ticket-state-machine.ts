import { DAY } from '../time';
import { TicketError } from './errors';

/**
 * Support-ticket lifecycle, pure. Whose turn it is follows the conversation:
 *
 *   open ──staff replies──▶ pending_user ──user replies──▶ pending_staff ──staff replies──▶ pending_user …
 *   open | pending_staff | pending_user ──staff resolves──▶ resolved ──(user or staff closes)──▶ closed
 *   any but closed ──user closes──▶ closed
 *   resolved ──user replies──▶ pending_staff          (an answer to a solved ticket reopens it)
 *   resolved | closed ──user reopens (within N days)──▶ pending_staff
 *   staff may set any status except `open` (a new, never-answered ticket) from any other, and reopen a closed one.
 *
 * `open` means "new, nobody from staff has answered yet"; `pending_staff` means "the user answered, staff's turn".
 * A closed ticket takes no messages (409 TICKET_CLOSED) until it is reopened.
 */
export const TICKET_STATUSES = ['open', 'pending_staff', 'pending_user', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_TYPES = ['booking', 'payment', 'account', 'venue', 'technical', 'other'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const DEFAULT_REOPEN_DAYS = 30;

export type TicketEvent =
  | { kind: 'user_message' }
  | { kind: 'staff_message' }
  | { kind: 'user_close' }
  /** settledAt: when the ticket was resolved or closed (the later of the two). */
  | { kind: 'user_reopen'; settledAt: number | null; now: number; reopenDays: number }
  | { kind: 'staff_status'; to: TicketStatus };

const illegal = (from: TicketStatus, what: string) =>
  new TicketError('illegal_transition', `Cannot ${what} a ticket that is ${from.replace('_', ' ')}`, { from });

/** The status after `event`, or a TicketError (closed / illegal_transition / reopen_window_closed). */
export const nextTicketStatus = (from: TicketStatus, event: TicketEvent): TicketStatus => {
  switch (event.kind) {
    case 'user_message':
      if (from === 'closed') throw new TicketError('closed', 'This ticket is closed; reopen it to write again', { from });
      return from === 'open' ? 'open' : 'pending_staff';
    case 'staff_message':
      if (from === 'closed') throw new TicketError('closed', 'This ticket is closed; reopen it to write again', { from });
      return 'pending_user';
    case 'user_close':
      if (from === 'closed') throw illegal(from, 'close');
      return 'closed';
    case 'user_reopen': {
      if (from !== 'resolved' && from !== 'closed') throw illegal(from, 'reopen');
      const until = (event.settledAt ?? event.now) + event.reopenDays * DAY;
      if (event.now > until) {
        throw new TicketError(
          'reopen_window_closed',
          `Tickets can be reopened for ${event.reopenDays} days; please open a new one`,
          {
            reopen_until: new Date(until).toISOString(),
          }
        );
      }
      return 'pending_staff';
    }
    case 'staff_status':
      if (event.to === 'open') throw illegal(from, 'set back to open');
      if (event.to === from) throw illegal(from, `set ${event.to.replace('_', ' ')}`);
      return event.to;
    default:
      throw illegal(from, 'change');
  }
};

/** Statuses in which the user waits for staff (shown as "waiting for support"). */
export const STAFF_TURN: ReadonlySet<TicketStatus> = new Set(['open', 'pending_staff']);
