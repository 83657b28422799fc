import { z } from 'zod';
import { paginationQuery } from '../../../../../infra/paginate';
import { documentIdParam } from '../../../../../infra/params';

/** Staff side of the vendors' featured-slot requests (admin routes and content-api twins). */

export const FEATURED_SLOT_STATUSES = ['requested', 'approved', 'rejected', 'cancelled'] as const;

export const featuredSlotListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(FEATURED_SLOT_STATUSES).optional(),
  venue: documentIdParam.optional().describe('documentId of the venue'),
});
export type FeaturedSlotListQuery = z.infer<typeof featuredSlotListQuery>;

export const approveSlotBody = z.strictObject({});

export const rejectSlotBody = z.strictObject({
  reason: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(2000, 'must be at most 2000 characters')
    .describe('Why (shown to the vendor and kept in the audit log)'),
});
