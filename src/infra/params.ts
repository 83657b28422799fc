import { z } from 'zod';

/** Request building blocks shared by every API's contracts (path ids, instants, headers). */
export const documentIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a documentId');

export const isoInstant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a zone (e.g. 2026-12-01T10:00:00Z)',
});

export const idempotencyKeyHeader = z.string().min(1).max(255).optional();
