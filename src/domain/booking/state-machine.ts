import { BookingError } from './errors';

/**
 * The booking state machine of the contract. Every status change in the system goes through
 * `nextStatus`; anything not listed here is an illegal transition (409).
 *
 *   requested        --approve--> confirmed   --complete--> completed
 *   requested        --reject---> rejected
 *   requested        --expire---> expired        (vendor silent past request_expires_at)
 *   pending_payment  --pay------> confirmed
 *   pending_payment  --expire---> expired        (hold ran out)
 *   expired          --pay_late-> confirmed      (money arrived after the hold ran out and the slot is still free)
 *   requested | pending_payment | confirmed --cancel--> cancelled
 */
export const BOOKING_STATUSES = [
  'requested',
  'pending_payment',
  'confirmed',
  'rejected',
  'expired',
  'cancelled',
  'completed',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const PAYMENT_STATUSES = ['unpaid', 'authorized', 'paid', 'partially_refunded', 'refunded', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export type BookingEvent = 'approve' | 'reject' | 'expire' | 'pay' | 'pay_late' | 'cancel' | 'complete';

const TRANSITIONS: Record<BookingEvent, Partial<Record<BookingStatus, BookingStatus>>> = {
  approve: { requested: 'confirmed' },
  reject: { requested: 'rejected' },
  expire: { requested: 'expired', pending_payment: 'expired' },
  pay: { pending_payment: 'confirmed' },
  pay_late: { expired: 'confirmed' },
  cancel: { requested: 'cancelled', pending_payment: 'cancelled', confirmed: 'cancelled' },
  complete: { confirmed: 'completed' },
};

export const canTransition = (from: BookingStatus, event: BookingEvent): boolean => TRANSITIONS[event][from] !== undefined;

export const nextStatus = (from: BookingStatus, event: BookingEvent): BookingStatus => {
  const to = TRANSITIONS[event][from];
  if (!to) {
    throw new BookingError('illegal_transition', `Cannot ${event} a booking that is ${from}`, { from, event });
  }
  return to;
};

/** Statuses from which a booking can come to `to` by one event (used for conditional UPDATE … WHERE status IN …). */
export const sourcesOf = (event: BookingEvent): BookingStatus[] => Object.keys(TRANSITIONS[event]) as BookingStatus[];

/** Does a booking in this status hold its slot (given its hold/request deadline and the time now)? */
export const holdsSlot = (status: BookingStatus, expiresAt: number | null, now: number): boolean => {
  if (status === 'confirmed' || status === 'completed') return true;
  if (status === 'requested' || status === 'pending_payment') return expiresAt === null || expiresAt > now;
  return false;
};

/** Statuses whose slot row stays active in the database (deadline permitting). */
export const SLOT_HOLDING_STATUSES: BookingStatus[] = ['requested', 'pending_payment', 'confirmed', 'completed'];
