import type { Actor } from '../../infra/actor';
import type { BookingStatus, PaymentStatus } from '../../domain/booking/state-machine';

/** A booking row as loaded with its venue, the venue's vendor user and the customer. */
export interface BookingRow {
  id: number;
  documentId: string;
  reference: string | null;
  start_datetime: string;
  end_datetime: string;
  guests: number;
  status: BookingStatus;
  payment_status: PaymentStatus;
  total_amount: number;
  currency: string;
  price_breakdown: Record<string, unknown> | null;
  promo_code: string | null;
  hold_expires_at: string | null;
  request_expires_at: string | null;
  cancellation_policy: Record<string, unknown> | null;
  notes: string | null;
  confirmed_at: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
  refund_due: number | null;
  refunded_amount: number | null;
  createdAt: string;
  updatedAt: string;
  venue: {
    id: number;
    documentId: string;
    name: string;
    slug: string;
    timezone: string;
    buffer_minutes: number | null;
    vendor?: { documentId: string; business_name: string; user?: { id: number } | null } | null;
  } | null;
  customer: { id: number; username?: string; first_name?: string | null; last_name?: string | null } | null;
}

export const BOOKING_POPULATE = {
  venue: {
    select: ['id', 'documentId', 'name', 'slug', 'timezone', 'buffer_minutes'],
    populate: { vendor: { select: ['documentId', 'business_name'], populate: { user: { select: ['id'] } } } },
  },
  customer: { select: ['id', 'username', 'first_name', 'last_name'] },
};

export type Relationship = 'customer' | 'vendor' | 'staff' | null;

export const relationshipTo = (row: BookingRow, actor: Actor): Relationship => {
  if (actor.kind === 'staff') return 'staff';
  if (row.customer?.id === actor.userId) return 'customer';
  if (row.venue?.vendor?.user?.id === actor.userId) return 'vendor';
  return null;
};

const iso = (value: string | null): string | null => (value ? new Date(value).toISOString() : null);

/**
 * The booking as the API returns it. The vendor sees who booked (first name, last initial);
 * never anyone's e-mail or ids beyond documentIds.
 */
export const bookingView = (row: BookingRow, viewer: Relationship) => ({
  documentId: row.documentId,
  reference: row.reference,
  venue: row.venue
    ? { documentId: row.venue.documentId, name: row.venue.name, slug: row.venue.slug, timezone: row.venue.timezone }
    : null,
  start_datetime: iso(row.start_datetime),
  end_datetime: iso(row.end_datetime),
  guests: row.guests,
  status: row.status,
  payment_status: row.payment_status,
  total_amount: row.total_amount,
  currency: row.currency,
  price_breakdown: row.price_breakdown,
  promo_code: row.promo_code,
  hold_expires_at: row.status === 'pending_payment' ? iso(row.hold_expires_at) : null,
  request_expires_at: row.status === 'requested' ? iso(row.request_expires_at) : null,
  cancellation_policy: row.cancellation_policy,
  notes: row.notes,
  confirmed_at: iso(row.confirmed_at),
  cancelled_at: iso(row.cancelled_at),
  cancelled_by: row.cancelled_by,
  cancel_reason: row.cancel_reason,
  refund_due: row.refund_due ?? 0,
  refunded_amount: row.refunded_amount ?? 0,
  created_at: iso(row.createdAt),
  updated_at: iso(row.updatedAt),
  ...(viewer === 'vendor' || viewer === 'staff'
    ? {
        customer: row.customer
          ? {
              name:
                [row.customer.first_name, row.customer.last_name ? `${row.customer.last_name[0]}.` : null]
                  .filter(Boolean)
                  .join(' ') || row.customer.username,
            }
          : null,
      }
    : {}),
});

export type BookingView = ReturnType<typeof bookingView>;
