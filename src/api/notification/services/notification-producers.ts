import type { Core } from '@strapi/strapi';
import {
  bookingText,
  calendarText,
  paymentText,
  type BookingFacts,
  type NotificationText,
} from '../../../domain/notifications/messages';
import { eventBus, type DomainEvents } from '../../../infra/event-bus';
import { BOOKING_POPULATE, type BookingRow } from '../../booking/booking-view';
import { appService } from '../../app-services';
import { HOUR } from '../../../domain/time';
import { createWorkTracker } from '../../../infra/drain';

const BOOKING = 'api::booking.booking';
/** Reminders go out for confirmed bookings starting within this long. */
export const REMINDER_LEAD_MS = 24 * HOUR;

type Party = 'customer' | 'vendor';

const customerNameOf = (row: BookingRow): string | null => {
  const c = row.customer;
  if (!c) return null;
  return [c.first_name, c.last_name ? `${c.last_name[0]}.` : null].filter(Boolean).join(' ') || c.username || null;
};

export const bookingFactsOf = (row: BookingRow): BookingFacts => ({
  reference: row.reference,
  venueName: row.venue?.name ?? 'your venue',
  timezone: row.venue?.timezone ?? 'UTC',
  start: new Date(row.start_datetime).toISOString(),
  end: new Date(row.end_datetime).toISOString(),
  guests: row.guests,
  customerName: customerNameOf(row),
  totalAmount: row.total_amount,
  currency: row.currency,
  reason: row.cancel_reason,
  requestExpiresAt: row.request_expires_at ? new Date(row.request_expires_at).toISOString() : null,
});

/**
 * Domain events → notifications with human text, for the right party of each booking: the customer,
 * and the vendor (the user of the venue's vendor profile). Subscribed at boot (`start`), unsubscribed on
 * shutdown. Handlers run after the publishing transaction committed, outside the request that caused
 * them; a failure is logged and never reaches that request.
 *
 * Also the reminder job (`sendReminders`): 24 h before a confirmed booking starts, once per booking
 * (remembered in `notification_once`).
 */
const notificationProducers = ({ strapi }: { strapi: Core.Strapi }) => {
  const center = () => appService(strapi, 'api::notification.notification-center');
  let unsubscribers: Array<() => void> = [];

  const loadBooking = async (documentId: string): Promise<BookingRow | null> =>
    (await strapi.db.query(BOOKING).findOne({ where: { documentId }, populate: BOOKING_POPULATE })) as BookingRow | null;

  const userOf = (row: BookingRow, party: Party): number | null =>
    party === 'customer' ? (row.customer?.id ?? null) : (row.venue?.vendor?.user?.id ?? null);

  const send = async (
    row: BookingRow,
    party: Party,
    type: string,
    text: NotificationText,
    extra: Record<string, unknown> = {}
  ) => {
    const userId = userOf(row, party);
    if (!userId) return;
    await center().notify(userId, {
      type,
      ...text,
      data: {
        booking: row.documentId,
        venue: row.venue?.documentId ?? null,
        reference: row.reference,
        status: row.status,
        ...extra,
      },
    });
  };

  const handlers = {
    async bookingCreated(event: DomainEvents['booking.created']) {
      if (event.status !== 'requested' && event.status !== 'confirmed') return; // unpaid holds notify nobody
      const row = await loadBooking(event.booking);
      if (!row) return;
      const facts = bookingFactsOf(row);
      if (event.status === 'requested') {
        await send(row, 'vendor', 'booking_requested', bookingText.requested(facts));
      } else {
        await send(row, 'customer', 'booking_confirmed', bookingText.confirmedForCustomer(facts));
        await send(row, 'vendor', 'booking_confirmed', bookingText.confirmedForVendor(facts));
      }
    },

    async bookingUpdated(event: DomainEvents['booking.updated']) {
      // Payment-status-only updates (same status) are covered by the payment events.
      if (event.status === event.previous_status) return;
      const row = await loadBooking(event.booking);
      if (!row) return;
      const facts = bookingFactsOf(row);
      const data = { previous_status: event.previous_status, status: event.status };
      switch (event.status) {
        case 'confirmed':
          await send(row, 'customer', 'booking_confirmed', bookingText.confirmedForCustomer(facts), data);
          // The vendor approved a request themselves; a paid instant booking (or a late payment) is news to them.
          if (event.previous_status !== 'requested') {
            await send(row, 'vendor', 'booking_confirmed', bookingText.confirmedForVendor(facts), data);
          }
          return;
        case 'cancelled': {
          const by = (row.cancelled_by ?? 'system') as 'customer' | 'vendor' | 'admin' | 'system';
          // The party who cancelled knows; the other one is told (both when staff or the system did it).
          if (by !== 'customer')
            await send(row, 'customer', 'booking_cancelled', bookingText.cancelledForCustomer(facts, by), data);
          if (by !== 'vendor') await send(row, 'vendor', 'booking_cancelled', bookingText.cancelledForVendor(facts, by), data);
          return;
        }
        case 'expired': {
          const wasRequest = event.previous_status === 'requested';
          await send(row, 'customer', 'booking_expired', bookingText.expiredForCustomer(facts, wasRequest), data);
          if (wasRequest) await send(row, 'vendor', 'booking_expired', bookingText.expiredForVendor(facts), data);
          return;
        }
        case 'rejected':
          await send(row, 'customer', 'booking_rejected', bookingText.rejected(facts), data);
          return;
        default:
      }
    },

    async paymentSucceeded(event: DomainEvents['payment.succeeded']) {
      const row = await loadBooking(event.booking);
      if (!row) return;
      const facts = bookingFactsOf(row);
      const extra = { payment: event.payment, amount: event.amount, currency: event.currency, captured: event.captured };
      await send(
        row,
        'customer',
        'payment_received',
        paymentText.received(facts, event.amount, event.currency, event.captured),
        extra
      );
      if (event.captured) {
        await send(row, 'vendor', 'payment_received', paymentText.receivedForVendor(facts, event.amount, event.currency), extra);
      }
    },

    async paymentRefunded(event: DomainEvents['payment.refunded']) {
      const row = await loadBooking(event.booking);
      if (!row) return;
      await send(
        row,
        'customer',
        'payment_refunded',
        paymentText.refunded(bookingFactsOf(row), event.amount, event.currency, event.automatic),
        {
          payment: event.payment,
          amount: event.amount,
          currency: event.currency,
        }
      );
    },

    async paymentDisputed(event: DomainEvents['payment.disputed']) {
      const row = await loadBooking(event.booking);
      if (!row) return;
      await send(
        row,
        'vendor',
        'payment_disputed',
        paymentText.disputedForVendor(bookingFactsOf(row), event.amount, event.currency, event.reason),
        {
          payment: event.payment,
          amount: event.amount,
          currency: event.currency,
        }
      );
    },

    /** An imported iCal feed blocks time that live bookings hold: the vendor is told (the blocks and bookings both stay). */
    async calendarConflict(event: DomainEvents['calendar.conflict']) {
      const [venue, feed] = await Promise.all([
        strapi.db.query('api::venue.venue').findOne({ where: { documentId: event.venue }, select: ['name'] }) as Promise<{
          name: string;
        } | null>,
        strapi.db
          .query('api::calendar-feed.calendar-feed')
          .findOne({ where: { documentId: event.feed }, select: ['name'] }) as Promise<{ name: string | null } | null>,
      ]);
      await center().notify(event.vendor_user, {
        type: 'calendar_conflict',
        ...calendarText.conflict(venue?.name ?? 'your venue', feed?.name || 'calendar', event.bookings.length),
        data: { venue: event.venue, feed: event.feed, bookings: event.bookings },
      });
    },

    async paymentFailed(event: DomainEvents['payment.failed']) {
      const row = await loadBooking(event.booking);
      if (!row) return;
      await send(row, 'customer', 'payment_failed', paymentText.failed(bookingFactsOf(row), event.reason), {
        payment: event.payment,
      });
    },
  };

  // Handlers still running when the app stops are awaited (bounded), so none writes to a closed database.
  const inflight = createWorkTracker();
  let stopped = false;

  const guarded =
    <P>(name: string, handler: (payload: P) => Promise<void>) =>
    (payload: P): Promise<void> =>
      stopped
        ? Promise.resolve()
        : inflight.track(
            () => handler(payload),
            (error) => strapi.log.error(`[notifications] ${name} handler failed: ${(error as Error).stack ?? error}`)
          );

  return {
    handlers,

    /** Subscribes the producers to the event bus (idempotent). */
    start() {
      if (unsubscribers.length > 0) return;
      stopped = false;
      unsubscribers = [
        eventBus.subscribe('booking.created', guarded('booking.created', handlers.bookingCreated)),
        eventBus.subscribe('booking.updated', guarded('booking.updated', handlers.bookingUpdated)),
        eventBus.subscribe('payment.succeeded', guarded('payment.succeeded', handlers.paymentSucceeded)),
        eventBus.subscribe('payment.refunded', guarded('payment.refunded', handlers.paymentRefunded)),
        eventBus.subscribe('payment.failed', guarded('payment.failed', handlers.paymentFailed)),
        eventBus.subscribe('payment.disputed', guarded('payment.disputed', handlers.paymentDisputed)),
        eventBus.subscribe('calendar.conflict', guarded('calendar.conflict', handlers.calendarConflict)),
      ];
    },

    /** Unsubscribes and waits (up to 5 s) for handlers already running. */
    async stop() {
      stopped = true;
      unsubscribers.forEach((unsubscribe) => unsubscribe());
      unsubscribers = [];
      await inflight.drain(5_000);
    },

    /**
     * The reminder job: confirmed bookings starting within the next 24 h whose reminder was not sent
     * yet get one (customer and vendor, each as their preferences say). Once per booking: the key
     * `booking_reminder:<booking>` is stored with the notifications in one transaction. Reads
     * `booking_slots` (kept in step with every booking's status by the booking engine).
     */
    async sendReminders(options: { now?: number; batch?: number } = {}): Promise<{ reminded: number }> {
      const now = options.now ?? Date.now();
      const batch = options.batch ?? 200;
      const knex = strapi.db.connection;
      const due = (await knex('booking_slots as s')
        .select('s.booking_document_id')
        .where('s.status', 'confirmed')
        .andWhere('s.start_ms', '>', now)
        .andWhere('s.start_ms', '<=', now + REMINDER_LEAD_MS)
        .whereNotExists(function existing(this: import('knex').Knex.QueryBuilder) {
          this.select(knex.raw('1'))
            .from('notification_once as o')
            .whereRaw('o.dedup_key = ? || s.booking_document_id', ['booking_reminder:']);
        })
        .orderBy('s.start_ms', 'asc')
        .limit(batch)) as { booking_document_id: string }[];

      let reminded = 0;
      for (const { booking_document_id: documentId } of due) {
        const sent = await center().once(
          `booking_reminder:${documentId}`,
          async () => {
            const row = await loadBooking(documentId);
            if (!row || row.status !== 'confirmed') return;
            const facts = bookingFactsOf(row);
            await send(row, 'customer', 'booking_reminder', bookingText.reminderForCustomer(facts, now), {
              starts_at: facts.start,
            });
            await send(row, 'vendor', 'booking_reminder', bookingText.reminderForVendor(facts, now), { starts_at: facts.start });
          },
          now
        );
        if (sent) reminded += 1;
      }
      return { reminded };
    },
  };
};

export default notificationProducers;
export type NotificationProducers = ReturnType<typeof notificationProducers>;
