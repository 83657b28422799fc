import { TicketError } from '../../src/domain/support/errors';
import { ticketReplySummary } from '../../src/domain/support/messages';
import {
  nextTicketStatus,
  TICKET_STATUSES,
  type TicketEvent,
  type TicketStatus,
} from '../../src/domain/support/ticket-state-machine';

/** The support-ticket lifecycle, pure (fixed instants). */
const DAY = 86_400_000;
const NOW = Date.parse('2026-10-25T01:30:00Z'); // Europe leaves summer time this night; the window counts UTC days
const codeOf = (from: TicketStatus, event: TicketEvent): string => {
  try {
    return `→ ${nextTicketStatus(from, event)}`;
  } catch (error) {
    expect(error).toBeInstanceOf(TicketError);
    return (error as TicketError).code;
  }
};

describe('ticket lifecycle', () => {
  it.each<[TicketStatus, string, string]>([
    ['open', 'user', '→ open'],
    ['pending_staff', 'user', '→ pending_staff'],
    ['pending_user', 'user', '→ pending_staff'],
    ['resolved', 'user', '→ pending_staff'],
    ['closed', 'user', 'closed'],
    ['open', 'staff', '→ pending_user'],
    ['pending_staff', 'staff', '→ pending_user'],
    ['pending_user', 'staff', '→ pending_user'],
    ['resolved', 'staff', '→ pending_user'],
    ['closed', 'staff', 'closed'],
  ])('%s + a %s message %s', (from, who, expected) => {
    expect(codeOf(from, { kind: who === 'user' ? 'user_message' : 'staff_message' })).toBe(expected);
  });

  it('the owner closes any ticket that is not closed yet', () => {
    for (const from of TICKET_STATUSES) {
      expect(codeOf(from, { kind: 'user_close' })).toBe(from === 'closed' ? 'illegal_transition' : '→ closed');
    }
  });

  it('the owner reopens resolved or closed tickets within the window (inclusive)', () => {
    const settled = NOW - 30 * DAY;
    for (const from of TICKET_STATUSES) {
      const expected = from === 'resolved' || from === 'closed' ? '→ pending_staff' : 'illegal_transition';
      expect(codeOf(from, { kind: 'user_reopen', settledAt: settled, now: NOW, reopenDays: 30 })).toBe(expected);
    }
    expect(codeOf('closed', { kind: 'user_reopen', settledAt: settled - 1, now: NOW, reopenDays: 30 })).toBe(
      'reopen_window_closed'
    );
    expect(codeOf('resolved', { kind: 'user_reopen', settledAt: null, now: NOW, reopenDays: 0 })).toBe('→ pending_staff');
  });

  it('staff set any status but open, and never the current one', () => {
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        const expected = to === 'open' || to === from ? 'illegal_transition' : `→ ${to}`;
        expect(codeOf(from, { kind: 'staff_status', to })).toBe(expected);
      }
    }
  });

  it('summarises staff replies on one line, at most 200 characters', () => {
    expect(ticketReplySummary('Hello\n\n  there')).toBe('Support replied: "Hello there"');
    const long = ticketReplySummary('x'.repeat(500));
    expect(long).toBe(`Support replied: "${'x'.repeat(199)}…"`);
  });
});
