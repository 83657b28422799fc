import { z } from 'zod';
import { BOOKING_STATUSES } from '../../domain/booking/state-machine';

/** Request schemas of the booking endpoints (shared by controllers and the OpenAPI document). */
export const isoInstant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone (e.g. 2026-12-01T10:00:00Z)' });
export const documentIdParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'not a documentId');

export const createBookingBody = z.strictObject({
  venue: documentIdParam,
  start: isoInstant,
  end: isoInstant,
  guests: z.number().int().min(1).max(100_000),
  promo_code: z.string().trim().min(1).max(40).optional(),
  notes: z.string().max(2000).optional(),
});

export const cancelBookingBody = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
});

export const declineBookingBody = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
});

export const paginationQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};

export const historyQuery = z.strictObject({
  status: z.enum(BOOKING_STATUSES).optional(),
  ...paginationQuery,
});

export const idempotencyKeyHeader = z.string().min(1).max(255).optional();
