import { documentIdParam, isoInstant } from '../../infra/params';
import { paginationQuery } from '../../infra/paginate';
import { z } from 'zod';
import { dataResponse, instant, listResponse, type Documents } from '../../infra/openapi-shapes';
import type { BlockView, BookingClash } from './services/blocked-dates';
import { DAY } from '../../domain/time';

/** Vendor dashboard: manual blocked dates (src/api/blocked-period/routes/01-blocked-dates.ts). */
export const blockedDatesQuery = z.strictObject({
  venue: documentIdParam.optional().describe('Only this venue (default: all of your venues)'),
  from: isoInstant.optional().describe('Only blocks ending after this instant'),
  to: isoInstant.optional().describe('Only blocks starting before this instant'),
  source: z.enum(['manual', 'ical']).optional(),
  ...paginationQuery,
});

export const MAX_BLOCK_DAYS = 366;

export const createBlockBody = z
  .strictObject({
    venue: documentIdParam,
    start: isoInstant,
    end: isoInstant,
    reason: z.string().max(255).optional().describe('Plain text, shown to you only'),
  })
  .superRefine(
    (body, ctx) => {
      // One message, the first rule broken (checked only on an otherwise well-formed body).
      const start = Date.parse(body.start);
      const end = Date.parse(body.end);
      const refuse = (message: string) => ctx.addIssue({ code: 'custom', path: ['end'], message });
      if (end <= start) refuse('must be after start');
      else if (end <= Date.now()) refuse('must be in the future (the past cannot be blocked)');
      else if (end - start > MAX_BLOCK_DAYS * DAY) refuse(`a block spans at most ${MAX_BLOCK_DAYS} days`);
    },
    { when: (payload) => payload.issues.length === 0 }
  );

export const blockSchema = z.object({
  documentId: z.string(),
  venue: z.string().nullable(),
  start: instant,
  end: instant,
  reason: z.string().nullable(),
  source: z.enum(['manual', 'ical']),
  feed: z.object({ documentId: z.string(), name: z.string().nullable() }).nullable().describe('The iCal import it came from'),
  created_at: instant,
});

export const bookingClashSchema = z.object({
  documentId: z.string(),
  reference: z.string().nullable(),
  status: z.string(),
  start: instant,
  end: instant,
});

export const blockResponse = dataResponse(
  blockSchema,
  'The block. POST answers 201; 409 ConflictError with details.bookings listing the clashing live bookings'
);
export const blockListResponse = listResponse(blockSchema, 'Blocked periods of your venues, earliest first');

// Compile-time drift checks against the views the service builds.
export type BlockDrift = Documents<z.output<typeof blockSchema>, BlockView>;
export type ClashDrift = Documents<z.output<typeof bookingClashSchema>, BookingClash>;
