import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { checkWindow } from '../../../domain/availability';
import { snapshotPolicy } from '../../../domain/booking/cancellation';
import { BookingError } from '../../../domain/booking/errors';
import { nextStatus, SLOT_HOLDING_STATUSES, type BookingEvent, type BookingStatus, type PaymentStatus } from '../../../domain/booking/state-machine';
import { quote, type Quote } from '../../../domain/pricing';
import { HOUR, MINUTE, type Interval } from '../../../domain/time';
import { eventBus, type DomainEvents } from '../../../infra/event-bus';
import { guardedWrite } from '../../../infra/write-guard';
import type { BookableVenue } from '../../venue/services/venue-rules';
import { BOOKING_POPULATE, bookingView, relationshipTo, type Actor, type BookingRow, type BookingView } from '../booking-view';
import { cancellerOf, deadlinePassed, newReference, refundQuoteOf } from '../booking-facts';
import { REASON_MESSAGES } from '../window-reasons';
import { guardRange } from './slots';

const BOOKING = 'api::booking.booking';
const DAY = 24 * HOUR;

export interface CreateBookingInput {
  venue: string;
  start: number;
  end: number;
  guests: number;
  promo_code?: string | null;
  notes?: string | null;
}

type PendingEvent = { [K in keyof DomainEvents]: { name: K; payload: DomainEvents[K] } }[keyof DomainEvents];

/**
 * The booking engine: the only code that creates bookings or changes their status.
 *
 * Every write runs in one database transaction, inside `guardedWrite` (other paths are refused),
 * and keeps `booking_slots` in step with the booking. Overlaps are refused by the database:
 * PostgreSQL's exclusion constraint for concurrent writers on any instance, and on SQLite the
 * single write connection serialises the check and the insert. Events are published after commit.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const slots = () => strapi.service('api::booking.slots');
  const venues = () => strapi.service('api::venue.venue-rules');
  const settings = () => strapi.service('api::system-setting.settings');
  const isPostgres = () => strapi.db.dialect.client === 'postgres';

  const publishAll = (events: PendingEvent[]) => {
    for (const event of events) eventBus.publish(event.name, event.payload as never);
  };

  /**
   * One transaction, inside the write guard; the events collected by `work` are published only
   * once the outermost transaction has committed (never for rolled-back work).
   */
  const inTransaction = async <T>(owner: string, work: (trx: Knex, events: PendingEvent[]) => Promise<T>): Promise<T> =>
    (await strapi.db.transaction(({ trx, onCommit }) =>
      guardedWrite(owner, async () => {
        const events: PendingEvent[] = [];
        const result = await work(trx, events);
        onCommit(() => publishAll(events));
        return result;
      })
    )) as T;

  const loadBooking = async (documentId: string): Promise<BookingRow | null> => {
    if (typeof documentId !== 'string' || !documentId || documentId.length > 64) return null;
    return (await strapi.db.query(BOOKING).findOne({ where: { documentId }, populate: BOOKING_POPULATE })) as BookingRow | null;
  };

  /** Row lock on PostgreSQL so concurrent transitions of one booking run one after the other. */
  const lockBooking = async (trx: Knex, documentId: string): Promise<BookingRow | null> => {
    if (isPostgres()) await trx('bookings').where('document_id', documentId).forUpdate().select('id');
    return loadBooking(documentId);
  };

  const lockCustomer = async (trx: Knex, userId: number) => {
    if (isPostgres()) await trx('up_users').where('id', userId).forUpdate().select('id');
  };

  const bookingInterval = (row: BookingRow): Interval => ({
    start: Date.parse(row.start_datetime),
    end: Date.parse(row.end_datetime),
  });

  const updatedEvent = (row: BookingRow, to: BookingStatus, paymentStatus: string): PendingEvent => ({
    name: 'booking.updated',
    payload: {
      booking: row.documentId,
      venue: row.venue?.documentId ?? '',
      customer: row.customer?.id ?? 0,
      status: to,
      payment_status: paymentStatus,
      previous_status: row.status,
    },
  });

  const availabilityEvent = (venue: string, interval: Interval, reason: string, holdExpiresAt?: string | null): PendingEvent => ({
    name: 'availability.changed',
    payload: {
      venue,
      from: new Date(interval.start).toISOString(),
      to: new Date(interval.end).toISOString(),
      reason,
      ...(holdExpiresAt !== undefined ? { hold_expires_at: holdExpiresAt } : {}),
    },
  });

  /**
   * Applies one state-machine event to a locked booking inside the caller's transaction:
   * status + extra fields on the booking, and the slot row follows (released when the booking
   * stops holding time).
   */
  const applyEvent = async (
    trx: Knex,
    row: BookingRow,
    event: BookingEvent,
    extra: Record<string, unknown>,
    now: number,
    events: PendingEvent[]
  ) => {
    const to = nextStatus(row.status, event);
    const data = { status: to, ...extra };
    await strapi.documents(BOOKING).update({ documentId: row.documentId, data: data as never });
    const holds = SLOT_HOLDING_STATUSES.includes(to);
    await slots().update(trx, row.documentId, {
      status: to,
      active: holds,
      // Once confirmed, nothing can expire the slot any more.
      ...(to === 'confirmed' || to === 'completed' ? { expiresAt: null } : {}),
    });
    if (to === 'confirmed') await countPromoUse(trx, row);
    const paymentStatus = (extra.payment_status as string | undefined) ?? row.payment_status;
    events.push(updatedEvent(row, to, paymentStatus));
    if (!holds && row.venue) events.push(availabilityEvent(row.venue.documentId, bookingInterval(row), `booking_${to}`));
    return to;
  };

  /** A promo code's use is counted once, when its booking is confirmed (in the same transaction). */
  const countPromoUse = async (trx: Knex, row: BookingRow) => {
    const discountRule = (row.price_breakdown as { discount_rule?: { id?: number } } | null)?.discount_rule;
    if (discountRule?.id) await trx('pricing_rules').where('id', discountRule.id).increment('uses', 1);
  };

  const transition = async (
    documentId: string,
    event: BookingEvent,
    options: {
      authorize?: (row: BookingRow) => void;
      extra?: (row: BookingRow, now: number) => Record<string, unknown>;
      now?: number;
    } = {}
  ): Promise<{ row: BookingRow; status: BookingStatus }> => {
    const now = options.now ?? Date.now();
    return inTransaction('booking-engine', async (trx, events) => {
      const row = await lockBooking(trx, documentId);
      if (!row) throw new BookingError('not_found', 'Booking not found');
      options.authorize?.(row);
      const status = await applyEvent(trx, row, event, options.extra?.(row, now) ?? {}, now, events);
      return { row, status };
    });
  };

  /** Writes changed payment facts; a moved payment status is published like a status change. */
  const patchPaymentFacts = async (
    row: BookingRow,
    facts: { payment_status?: PaymentStatus; refunded_amount?: number; refund_due?: number },
    events: PendingEvent[]
  ) => {
    const changed = Object.fromEntries(
      Object.entries(facts).filter(([key, value]) => value !== undefined && (row as unknown as Record<string, unknown>)[key] !== value)
    );
    if (Object.keys(changed).length === 0) return;
    await strapi.documents(BOOKING).update({ documentId: row.documentId, data: changed as never });
    if (changed.payment_status) events.push(updatedEvent(row, row.status, changed.payment_status as string));
  };

  const requireRelationship = (actor: Actor, allowed: Array<'customer' | 'vendor' | 'staff'>) => (row: BookingRow) => {
    const relation = relationshipTo(row, actor);
    // Strangers learn nothing: the booking "does not exist" for them.
    if (!relation) throw new BookingError('not_found', 'Booking not found');
    if (!allowed.includes(relation)) throw new BookingError('forbidden', `Only the ${allowed.join(' or ')} may do this`);
  };

  return {
    /** Window validation and a priced quote, without writing anything (quote endpoint and create). */
    async quoteFor(
      venue: BookableVenue,
      request: { start: number; end: number; guests: number; promo_code?: string | null },
      now: number
    ): Promise<Quote> {
      const config = await settings().booking();
      const window = { start: request.start, end: request.end };
      if (request.start > now + config.maxAdvanceDays * DAY) {
        throw new BookingError('invalid_window', `Bookings can be made up to ${config.maxAdvanceDays} days ahead`, {
          reason: 'OUTSIDE_HOURS',
        });
      }
      const blocked = await venues().blocked(venue.documentId, window);
      const reason = checkWindow(
        venue.rules,
        blocked,
        { ...window, guests: request.guests },
        { now, granularityMinutes: config.granularityMinutes }
      );
      if (reason) throw new BookingError('invalid_window', REASON_MESSAGES[reason], { reason });
      return quote({
        pricePerHour: venue.pricePerHour,
        currency: venue.currency,
        timezone: venue.timezone,
        window,
        rules: venue.pricingRules,
        promoCode: request.promo_code ?? null,
        platformFeePercent: config.platformFeePercent,
        taxPercent: config.taxPercent,
      });
    },

    /** Is the window free of other live bookings (buffers included)? Read-only check for the quote endpoint. */
    async isTaken(venue: BookableVenue, window: Interval, now: number): Promise<boolean> {
      const guard = guardRange(window, venue.rules.bufferMinutes);
      return (await slots().conflicting(strapi.db.connection, venue.documentId, guard, now)).length > 0;
    },

    async create(
      actor: Extract<Actor, { kind: 'user' }>,
      input: CreateBookingInput,
      options: { now?: number } = {}
    ): Promise<BookingView> {
      const now = options.now ?? Date.now();
      const venue = await venues().load(input.venue);
      if (!venue) throw new BookingError('not_found', 'Venue not found');
      if (venue.vendor.userId === actor.userId) throw new BookingError('forbidden', 'You cannot book your own venue');
      const config = await settings().booking();
      const priced = await this.quoteFor(venue, input, now);
      const window = { start: input.start, end: input.end };
      const instant = venue.bookingMode === 'instant';
      const expiresAt = now + (instant ? config.holdMinutes * MINUTE : config.requestExpiryHours * HOUR);
      const status: BookingStatus = instant ? 'pending_payment' : 'requested';

      return inTransaction('booking-engine', async (trx, events) => {
        await lockCustomer(trx, actor.userId);
        if ((await slots().countLiveHolds(trx, actor.userId, now)) >= config.maxActiveHoldsPerCustomer) {
          throw new BookingError(
            'too_many_holds',
            `You already have ${config.maxActiveHoldsPerCustomer} unpaid or unanswered bookings`,
            {
              limit: config.maxActiveHoldsPerCustomer,
            }
          );
        }
        await reservePromoUse(trx, priced, now);

        const guard = guardRange(window, venue.rules.bufferMinutes);
        for (const stale of await slots().staleOverlapping(trx, venue.documentId, guard, now)) {
          const row = await lockBooking(trx, stale.booking_document_id);
          if (row) await applyEvent(trx, row, 'expire', {}, now, events);
        }
        if ((await slots().conflicting(trx, venue.documentId, guard, now)).length > 0) {
          throw new BookingError('slot_taken', 'The requested time is no longer available');
        }

        const booking = await strapi.documents(BOOKING).create({
          data: {
            reference: newReference(),
            venue: venue.id,
            customer: actor.userId,
            start_datetime: new Date(window.start).toISOString(),
            end_datetime: new Date(window.end).toISOString(),
            guests: input.guests,
            status,
            payment_status: 'unpaid',
            total_amount: priced.total_amount,
            currency: priced.currency,
            price_breakdown: priced,
            promo_code: priced.discount_rule?.promo_code ?? null,
            hold_expires_at: instant ? new Date(expiresAt).toISOString() : null,
            request_expires_at: instant ? null : new Date(expiresAt).toISOString(),
            cancellation_policy: snapshotPolicy(venue.cancellationPolicy, config.policies),
            notes: input.notes ?? null,
            refund_due: 0,
          } as never,
        });
        await slots().reserve(trx, {
          booking: booking.documentId,
          venue: venue.documentId,
          customerId: actor.userId,
          promoRuleId: priced.discount_rule?.promo_code ? priced.discount_rule.id : null,
          interval: window,
          bufferMinutes: venue.rules.bufferMinutes,
          expiresAt,
          status,
        });
        const row = (await loadBooking(booking.documentId)) as BookingRow;
        const view = bookingView(row, 'customer');
        events.push(
          {
            name: 'booking.created',
            payload: {
              booking: row.documentId,
              venue: venue.documentId,
              customer: actor.userId,
              status: row.status,
              payment_status: row.payment_status,
            },
          },
          availabilityEvent(venue.documentId, window, `booking_${status}`, view.hold_expires_at)
        );
        return view;
      });
    },

    /** The booking and how `actor` relates to it; strangers get not_found. */
    async access(actor: Actor, documentId: string): Promise<{ row: BookingRow; relation: NonNullable<ReturnType<typeof relationshipTo>> }> {
      const row = await loadBooking(documentId);
      const relation = row ? relationshipTo(row, actor) : null;
      if (!row || !relation) throw new BookingError('not_found', 'Booking not found');
      return { row, relation };
    },

    async status(actor: Actor, documentId: string): Promise<BookingView> {
      const row = await loadBooking(documentId);
      if (!row || !relationshipTo(row, actor)) throw new BookingError('not_found', 'Booking not found');
      return bookingView(row, relationshipTo(row, actor));
    },

    async history(actor: Extract<Actor, { kind: 'user' }>, query: { status?: BookingStatus; page: number; pageSize: number }) {
      const where = { customer: { id: actor.userId }, ...(query.status ? { status: query.status } : {}) };
      const [rows, total] = await Promise.all([
        strapi.db.query(BOOKING).findMany({
          where,
          populate: BOOKING_POPULATE,
          orderBy: [{ start_datetime: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }) as Promise<BookingRow[]>,
        strapi.db.query(BOOKING).count({ where }),
      ]);
      return {
        data: rows.map((row) => bookingView(row, 'customer')),
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
      };
    },

    async refundQuote(actor: Actor, documentId: string, options: { now?: number } = {}) {
      const row = await loadBooking(documentId);
      if (!row || !relationshipTo(row, actor)) throw new BookingError('not_found', 'Booking not found');
      nextStatus(row.status, 'cancel'); // 409 if it could not be cancelled any more
      return refundQuoteOf(row, actor, options.now ?? Date.now());
    },

    /** Customer (refund by the policy snapshot), vendor (full refund) or staff cancel; the refund due is recorded. */
    async cancel(actor: Actor, documentId: string, reason: string, options: { now?: number } = {}) {
      const now = options.now ?? Date.now();
      let refund: ReturnType<typeof refundQuoteOf> | null = null;
      const { row } = await transition(documentId, 'cancel', {
        now,
        authorize: requireRelationship(actor, ['customer', 'vendor', 'staff']),
        extra: (locked) => {
          refund = refundQuoteOf(locked, actor, now);
          return {
            cancelled_at: new Date(now).toISOString(),
            cancelled_by: cancellerOf(locked, actor),
            cancel_reason: reason,
            refund_due: refund.amount,
          };
        },
      });
      const updated = (await loadBooking(row.documentId)) as BookingRow;
      const due = refund as unknown as ReturnType<typeof refundQuoteOf>;
      return {
        booking: bookingView(updated, relationshipTo(updated, actor)),
        // Money moves through the payments service; until it has, the refund is recorded as due.
        refund: { ...due, status: due.amount > 0 ? 'due' : 'none' },
      };
    },

    /** Vendor accepts a request-to-book. */
    async approve(actor: Actor, documentId: string, options: { now?: number } = {}) {
      const now = options.now ?? Date.now();
      const { row } = await transition(documentId, 'approve', {
        now,
        authorize: requireRelationship(actor, ['vendor', 'staff']),
        extra: () => ({ confirmed_at: new Date(now).toISOString() }),
      });
      const updated = (await loadBooking(row.documentId)) as BookingRow;
      return bookingView(updated, relationshipTo(updated, actor));
    },

    /** Vendor declines a request-to-book. */
    async decline(actor: Actor, documentId: string, reason: string | null, options: { now?: number } = {}) {
      const { row } = await transition(documentId, 'reject', {
        now: options.now,
        authorize: requireRelationship(actor, ['vendor', 'staff']),
        extra: () => ({ cancel_reason: reason }),
      });
      const updated = (await loadBooking(row.documentId)) as BookingRow;
      return bookingView(updated, relationshipTo(updated, actor));
    },

    /** Payment captured for an instant booking (called by the payments service). */
    async markPaid(documentId: string, options: { now?: number } = {}) {
      const now = options.now ?? Date.now();
      const { row } = await transition(documentId, 'pay', {
        now,
        extra: () => ({ payment_status: 'paid', confirmed_at: new Date(now).toISOString() }),
      });
      return (await loadBooking(row.documentId)) as BookingRow;
    },

    /**
     * Money was captured for a booking, whatever its status now (payments calls this for every
     * succeeded PaymentIntent, so it must be safe to repeat):
     * - pending_payment → confirmed; requested → confirmed (captured on the vendor's approval);
     *   confirmed/completed → payment facts only;
     * - expired → confirmed again when its time is still free (the money came late), else `slot_gone`;
     * - cancelled / rejected → `not_payable` (the caller refunds).
     */
    async applyCapturedPayment(documentId: string, options: { now?: number } = {}): Promise<{ outcome: 'confirmed' | 'already_confirmed' | 'slot_gone' | 'not_payable'; row: BookingRow }> {
      const now = options.now ?? Date.now();
      try {
        return await inTransaction('booking-engine', async (trx, events) => {
          const row = await lockBooking(trx, documentId);
          if (!row) throw new BookingError('not_found', 'Booking not found');
          const confirmedAt = { payment_status: 'paid', confirmed_at: new Date(now).toISOString() };
          // Captured money for a request means the vendor approved it (payments captures only on approval).
          if (row.status === 'pending_payment' || row.status === 'requested') {
            await applyEvent(trx, row, row.status === 'requested' ? 'approve' : 'pay', confirmedAt, now, events);
            return { outcome: 'confirmed' as const, row: (await loadBooking(documentId)) as BookingRow };
          }
          if (row.status === 'confirmed' || row.status === 'completed') {
            await patchPaymentFacts(row, { payment_status: row.payment_status === 'unpaid' || row.payment_status === 'authorized' || row.payment_status === 'failed' ? 'paid' : row.payment_status }, events);
            return { outcome: 'already_confirmed' as const, row: (await loadBooking(documentId)) as BookingRow };
          }
          if (row.status === 'expired' && row.venue) {
            const guard = guardRange(bookingInterval(row), row.venue.buffer_minutes ?? 0);
            for (const stale of await slots().staleOverlapping(trx, row.venue.documentId, guard, now)) {
              const other = await lockBooking(trx, stale.booking_document_id);
              if (other && other.documentId !== documentId) await applyEvent(trx, other, 'expire', {}, now, events);
            }
            if ((await slots().conflicting(trx, row.venue.documentId, guard, now)).length > 0) {
              return { outcome: 'slot_gone' as const, row };
            }
            await applyEvent(trx, row, 'pay_late', confirmedAt, now, events);
            // applyEvent only publishes availability for released slots; this one is taken again.
            events.push(availabilityEvent(row.venue.documentId, bookingInterval(row), 'booking_confirmed'));
            return { outcome: 'confirmed' as const, row: (await loadBooking(documentId)) as BookingRow };
          }
          return { outcome: 'not_payable' as const, row };
        });
      } catch (error) {
        // PostgreSQL's exclusion constraint refused to re-activate the slot: someone holds that time.
        if ((error as { code?: string } | null)?.code === '23P01') {
          return { outcome: 'slot_gone', row: (await loadBooking(documentId)) as BookingRow };
        }
        throw error;
      }
    },

    /**
     * Payment facts of a booking, kept in step with the payment provider by the payments plugin
     * (no status change; `booking.updated` is published when the payment status moves).
     */
    async syncPayment(
      documentId: string,
      facts: { payment_status?: PaymentStatus; refunded_amount?: number; refund_due?: number }
    ): Promise<BookingRow> {
      return inTransaction('booking-engine', async (trx, events) => {
        const row = await lockBooking(trx, documentId);
        if (!row) throw new BookingError('not_found', 'Booking not found');
        await patchPaymentFacts(row, facts, events);
        return (await loadBooking(documentId)) as BookingRow;
      });
    },

    /**
     * Marks holds and requests whose deadline passed as expired and ended confirmed bookings as
     * completed. Safe to run concurrently on several instances: each booking is locked and
     * transitions once; a booking that moved on meanwhile is skipped.
     */
    async runMaintenance(options: { now?: number; batch?: number } = {}) {
      const now = options.now ?? Date.now();
      const batch = options.batch ?? 200;
      const summary = { expired: 0, completed: 0 };
      for (const [ids, event, key] of [
        [await slots().dueForExpiry(now, batch), 'expire', 'expired'],
        [await slots().dueForCompletion(now, batch), 'complete', 'completed'],
      ] as const) {
        for (const documentId of ids) {
          try {
            await transition(documentId, event, {
              now,
              // Re-check under the lock: the deadline may have been lifted (paid, approved) meanwhile.
              authorize: (row) => {
                if (event === 'expire' && !deadlinePassed(row, now)) throw new BookingError('illegal_transition', 'not due');
                if (event === 'complete' && Date.parse(row.end_datetime) > now)
                  throw new BookingError('illegal_transition', 'not due');
              },
            });
            summary[key] += 1;
          } catch (error) {
            if (!(error instanceof BookingError && error.code === 'illegal_transition')) throw error;
          }
        }
      }
      return summary;
    },

    /**
     * Records a booking as given, without customer-facing rules (demo data, imports): still through
     * the guarded path, so its slot row exists and overlaps are still refused.
     */
    async importBooking(data: {
      venue: BookableVenue;
      customerId: number;
      window: Interval;
      guests: number;
      status: BookingStatus;
      paymentStatus: string;
      quote: Quote;
      confirmedAt?: string;
    }): Promise<string> {
      const config = await settings().booking();
      return inTransaction('booking-import', async (trx) => {
        const booking = await strapi.documents(BOOKING).create({
          data: {
            reference: newReference(),
            venue: data.venue.id,
            customer: data.customerId,
            start_datetime: new Date(data.window.start).toISOString(),
            end_datetime: new Date(data.window.end).toISOString(),
            guests: data.guests,
            status: data.status,
            payment_status: data.paymentStatus,
            total_amount: data.quote.total_amount,
            currency: data.quote.currency,
            price_breakdown: data.quote,
            cancellation_policy: snapshotPolicy(data.venue.cancellationPolicy, config.policies),
            confirmed_at: data.confirmedAt ?? null,
            refund_due: 0,
          } as never,
        });
        await slots().reserve(trx, {
          booking: booking.documentId,
          venue: data.venue.documentId,
          customerId: data.customerId,
          promoRuleId: null,
          interval: data.window,
          bufferMinutes: data.venue.rules.bufferMinutes,
          expiresAt: null,
          status: data.status,
        });
        if (!SLOT_HOLDING_STATUSES.includes(data.status)) {
          await slots().update(trx, booking.documentId, { status: data.status, active: false });
        }
        return booking.documentId as string;
      });
    },
  };

  /** Reserve a use of a limited promo code while the booking holds its slot (released by expiry/cancel). */
  async function reservePromoUse(trx: Knex, priced: Quote, now: number) {
    const rule = priced.discount_rule;
    if (!rule?.promo_code) return;
    const query = trx('pricing_rules').where('id', rule.id);
    const row = (await (isPostgres() ? query.forUpdate() : query).first('max_uses', 'uses')) as
      | { max_uses: number | null; uses: number | null }
      | undefined;
    if (!row || row.max_uses === null || row.max_uses === undefined) return;
    const reserved = await slots().countLiveHoldsWithPromo(trx, rule.id, now);
    if (Number(row.uses ?? 0) + reserved >= Number(row.max_uses)) {
      throw new BookingError('invalid_request', 'This promo code has been used up', { reason: 'PROMO_CODE_INVALID' });
    }
  }
};
