import { documentIdParam } from '../../infra/params';
import { paginationQuery } from '../../infra/paginate';
import { z } from 'zod';
import { dataResponse, instant, integer, listResponse, type Documents } from '../../infra/openapi-shapes';
import type { FeedView } from './services/calendar-imports';
import type { FeedConflict, SyncResult } from './services/calendar-sync';

/** Vendor dashboard: iCal imports and the private export feed (routes/01-calendar-sync.ts). */
export const importsQuery = z.strictObject({
  venue: documentIdParam.optional().describe('Only this venue (default: all of your venues)'),
  ...paginationQuery,
});

export const createImportBody = z.strictObject({
  venue: documentIdParam,
  url: z
    .string()
    .trim()
    .min(1)
    .max(2048)
    .describe('http(s):// or webcal:// URL of an iCalendar feed; private and loopback hosts are refused'),
  name: z.string().max(120).optional().describe('Your label, e.g. "Airbnb"'),
});

export const exportBody = z.strictObject({ venue: documentIdParam });

export const exportTokenParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a calendar token');

const conflictSchema = z.object({
  booking: z.string().describe('documentId of the live booking the imported block overlaps'),
  reference: z.string().nullable(),
  status: z.string(),
  booking_start: instant,
  booking_end: instant,
  block_start: instant,
  block_end: instant,
  summary: z.string().nullable(),
});

export const feedSchema = z.object({
  documentId: z.string(),
  venue: z.string().nullable(),
  name: z.string().nullable(),
  url: z.string(),
  last_status: z.enum(['never', 'ok', 'not_modified', 'error']),
  last_error: z.string().nullable(),
  last_attempt_at: instant.nullable(),
  last_synced_at: instant.nullable(),
  event_count: integer,
  conflicts: z.array(conflictSchema).describe('Live bookings the imported blocks overlap (the blocks are kept)'),
  created_at: instant,
});

export const syncResultSchema = z.object({
  feed: z.string(),
  status: z.enum(['ok', 'not_modified', 'error']),
  error: z.string().nullable(),
  events: integer.describe('Events of the feed within the booking horizon'),
  created: integer,
  updated: integer,
  removed: integer,
  unchanged: integer,
  truncated: z.boolean().describe('The feed had more events than the import limit'),
  skipped: z
    .object({ cancelled: integer, transparent: integer, empty: integer, invalid: integer })
    .nullable()
    .describe('Events that block nothing (cancelled, free time, zero length) or could not be read'),
  conflicts: z.array(conflictSchema),
  synced_at: instant,
});

export const feedResponse = dataResponse(feedSchema, 'The removed calendar import');
export const feedListResponse = listResponse(feedSchema, 'Your calendar imports');
export const feedSyncResponse = dataResponse(
  z.object({ feed: feedSchema, sync: syncResultSchema }),
  'The import and the outcome of its sync (POST create answers 201). A failed fetch is not an HTTP error: sync.status is "error"'
);
export const exportResponse = dataResponse(
  z.object({
    venue: z.string(),
    token: z.string().describe('Shown once; only its hash is stored'),
    url: z.string().describe('Subscribe to this URL in a calendar app; rotating makes the previous one stop working'),
    rotated_at: instant,
  }),
  '201: a new private feed URL for the venue'
);
export const exportFeedResponse = z.string().meta({
  description: 'iCalendar (RFC 5545) feed of bookings, holds (TENTATIVE) and manual blocks, sent as text/calendar (not JSON)',
  contentMediaType: 'text/calendar',
});

export type FeedDrift = Documents<z.output<typeof feedSchema>, FeedView>;
export type SyncDrift = Documents<z.output<typeof syncResultSchema>, SyncResult>;
export type ConflictDrift = Documents<z.output<typeof conflictSchema>, FeedConflict>;
