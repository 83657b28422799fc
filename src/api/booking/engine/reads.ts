import type { Actor } from '../../../infra/actor';
import { nextStatus, type BookingStatus } from '../../../domain/booking/state-machine';
import { pagination, type Page } from '../../../infra/paginate';
import { refundQuoteOf } from '../booking-facts';
import { bookingView, relationshipTo, type BookingRow, type BookingView, type Relationship } from '../booking-view';
import type { EngineContext } from './context';
import { bookingNotFound } from './steps';

/** Reads: a booking as its customer, vendor or staff may see it (strangers get not_found), and a customer's list. */
export const reads = (ctx: EngineContext) => ({
  /** The booking and how `actor` relates to it; strangers get not_found. */
  async access(actor: Actor, documentId: string): Promise<{ row: BookingRow; relation: NonNullable<Relationship> }> {
    const row = await ctx.records().load(documentId);
    const relation = row ? relationshipTo(row, actor) : null;
    if (!row || !relation) throw bookingNotFound();
    return { row, relation };
  },

  async status(actor: Actor, documentId: string): Promise<BookingView> {
    const row = await ctx.records().load(documentId);
    if (!row || !relationshipTo(row, actor)) throw bookingNotFound();
    return bookingView(row, relationshipTo(row, actor));
  },

  async history(actor: Extract<Actor, { kind: 'user' }>, query: Page & { status?: BookingStatus }) {
    const { rows, total } = await ctx.records().pageOfCustomer(actor.userId, query);
    return { data: rows.map((row) => bookingView(row, 'customer')), pagination: pagination(query, total) };
  },

  /** What cancelling now would refund, by the booking's policy snapshot (409 when it cannot be cancelled any more). */
  async refundQuote(actor: Actor, documentId: string, options: { now?: number } = {}) {
    const row = await ctx.records().load(documentId);
    if (!row || !relationshipTo(row, actor)) throw bookingNotFound();
    nextStatus(row.status, 'cancel');
    return refundQuoteOf(row, actor, options.now ?? Date.now());
  },
});
