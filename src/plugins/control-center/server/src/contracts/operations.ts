import { z } from 'zod';
import { VENDOR_STATUSES, VENUE_STATUSES } from '../../../../../domain/admin/state-machines';
import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../../../../domain/support/ticket-state-machine';
import { dataResponse, instant, integer, listResponse } from '../../../../../infra/openapi-shapes';
import { paginationQuery } from '../../../../../infra/paginate';
import { documentIdParam } from '../../../../../infra/params';

/**
 * Request and response schemas of the control center's operations (management, moderation, tickets, settings,
 * audit), shared by the admin routes (/control-center/...) and the content-api routes (/api/v1/admin/...).
 */
export { documentIdParam };

/** A calendar date (`2026-12-01`, start of that day UTC for `from`, end of it for `to`) or an ISO instant. */
const dateOrInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone'
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date');

const search = z.string().trim().min(1).max(100).describe('Case-insensitive text search');
const createdRange = {
  created_from: dateOrInstant.optional().describe('Created on or after (date: from 00:00 UTC)'),
  created_to: dateOrInstant.optional().describe('Created on or before (date: until 24:00 UTC)'),
};

export const vendorListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(VENDOR_STATUSES).optional(),
  q: search.optional().describe('Business name or contact e-mail'),
  city: z.string().trim().min(1).max(120).optional().describe('Vendors with a venue in this city'),
  ...createdRange,
});

export const venueListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(VENUE_STATUSES).optional(),
  q: search.optional().describe('Venue name or slug'),
  city: z.string().trim().min(1).max(120).optional(),
  featured: z.enum(['true', 'false']).optional(),
  vendor: documentIdParam.optional().describe('documentId of the vendor profile'),
  ...createdRange,
});

export const userListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(['active', 'blocked']).optional(),
  role: z.enum(['customer', 'vendor']).optional(),
  q: search.optional().describe('Username or e-mail'),
  ...createdRange,
});

export const reasonBody = z.strictObject({
  reason: z
    .string({ message: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(2000, 'must be at most 2000 characters')
    .optional()
    .describe('Why (required to reject or suspend; shown to the vendor or user and kept in the audit log)'),
});

export const hideBody = z.strictObject({
  reason: z.string({ message: 'must be a string' }).describe('Shown to the author (required)'),
  note: z.string({ message: 'must be a string' }).optional().describe('Internal note for other moderators'),
});
export const restoreBody = z.strictObject({
  reason: z.string({ message: 'must be a string' }).optional(),
  note: z.string({ message: 'must be a string' }).optional(),
});
export const resolveBody = z.strictObject({
  resolution: z.string({ message: 'must be a string' }).optional().describe('What was decided (kept on the report)'),
});

export const reviewListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(['published', 'hidden']).optional(),
  venue: documentIdParam.optional(),
  reported: z.enum(['true', 'false']).optional().describe('Only reviews with open reports'),
});
export const reportListQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(['open', 'resolved', 'dismissed']).optional(),
  target_type: z.enum(['review', 'venue', 'user', 'message']).optional(),
});

export const ticketQueueQuery = z.strictObject({
  ...paginationQuery,
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  assignee: z
    .union([z.enum(['me', 'none']), z.string().regex(/^\d+$/, 'must be me, none or an admin user id')])
    .optional()
    .describe('me (admin routes), none, or an admin user id'),
  q: search.optional().describe('Subject'),
});
export const assignBody = z.strictObject({
  assignee: z.number().int().positive().nullable().describe('Admin user id, or null to unassign'),
});
export const replyBody = z.strictObject({
  body: z.string({ message: 'must be a string' }).describe('Plain text reply (markup removed)'),
});
export const ticketStatusBody = z.strictObject({
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  message: z.string({ message: 'must be a string' }).max(500).optional().describe('Note sent to the ticket owner'),
});

export const settingsGroupParam = z.enum(['system', 'fees', 'policies']);
export const settingsBody = z
  .object({})
  .catchall(z.unknown())
  .describe('Setting keys of the group with their new values (a partial update; unknown keys or bad values: 400)');

export const auditListQuery = z.strictObject({
  ...paginationQuery,
  action_type: z.string().trim().min(1).max(80).optional().describe('Exact action type, or a prefix ending in `.` (vendor.)'),
  target_type: z.string().trim().min(1).max(80).optional(),
  target_id: z.string().trim().min(1).max(64).optional(),
  admin: z.string().regex(/^\d+$/, 'must be an admin user id').optional(),
  api_token: z.string().regex(/^\d+$/, 'must be an API token id').optional(),
  from: dateOrInstant.optional().describe('On or after (date: from 00:00 UTC)'),
  to: dateOrInstant.optional().describe('On or before (date: until 24:00 UTC)'),
});
export const auditExportQuery = auditListQuery.omit({ page: true, pageSize: true });

/* ------------------------------------------------------------------------------------------------
 * Response schemas (OpenAPI document only).
 * ---------------------------------------------------------------------------------------------- */

const userRef = z.object({ id: integer, documentId: z.string(), username: z.string(), email: z.string(), blocked: z.boolean() });

export const vendorSchema = z.object({
  documentId: z.string(),
  business_name: z.string(),
  contact_email: z.string().nullable(),
  contact_phone: z.string().nullable(),
  website: z.string().nullable(),
  verification_status: z.enum(VENDOR_STATUSES),
  rejection_reason: z.string().nullable(),
  verified_at: instant.nullable(),
  created_at: instant,
  user: userRef.nullable(),
});
export const vendorDetailSchema = vendorSchema.extend({
  documents: z
    .array(z.object({ id: integer, name: z.string(), mime: z.string().nullable(), size: z.number().nullable(), url: z.string() }))
    .describe('Verification documents (staff only)'),
  venues: integer.describe('Number of venues'),
  performance: z.object({
    window_days: integer,
    since: instant,
    venues_by_status: z.record(z.string(), integer),
    bookings_by_status: z.record(z.string(), integer).describe('Bookings created in the window, by status'),
    bookings_total: integer,
    gross_revenue: z.array(z.object({ currency: z.string(), amount: integer.describe('Minor units') })),
    cancellation_rate: z.number().nullable().describe('cancelled ÷ (confirmed + completed + cancelled), in the window'),
    rating: z.object({ average: z.number().nullable(), count: integer }),
  }),
});

export const venueSchema = z.object({
  documentId: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.enum(VENUE_STATUSES),
  featured: z.boolean(),
  rejection_reason: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  created_at: instant,
  vendor: z
    .object({ documentId: z.string(), business_name: z.string(), verification_status: z.enum(VENDOR_STATUSES) })
    .nullable(),
  last_approval: z
    .object({
      at: instant,
      changes: z
        .array(
          z.object({
            field: z.string(),
            before: z.union([z.string(), z.number()]).nullable(),
            after: z.union([z.string(), z.number()]).nullable(),
          })
        )
        .nullable()
        .describe('Material fields changed since (null: approved before snapshots were kept)'),
    })
    .nullable()
    .describe('The last approval (null: never approved)'),
});

export const userSchema = z.object({
  id: integer,
  documentId: z.string(),
  username: z.string(),
  email: z.string(),
  role: z.string().nullable(),
  blocked: z.boolean(),
  confirmed: z.boolean(),
  created_at: instant,
});

const money = z.object({ currency: z.string(), amount: integer.describe('Minor units') });
export const userDetailSchema = userSchema.extend({
  bookings: z.object({
    total: integer,
    recent: z.array(
      z.object({
        documentId: z.string(),
        reference: z.string(),
        status: z.string(),
        payment_status: z.string(),
        start: instant,
        total_amount: integer,
        currency: z.string().nullable(),
        venue: z.object({ documentId: z.string(), name: z.string() }).nullable(),
        created_at: instant,
      })
    ),
  }),
  payments: z.object({
    total: integer,
    captured: z.array(money).describe('Captured amounts per currency, all payments'),
    recent: z.array(
      z.object({
        documentId: z.string(),
        amount: integer,
        amount_captured: integer,
        refunded_amount: integer,
        currency: z.string().nullable(),
        status: z.string(),
        booking: z.object({ documentId: z.string(), reference: z.string() }).nullable(),
        created_at: instant,
      })
    ),
  }),
  tickets: z.object({
    total: integer,
    recent: z.array(
      z.object({
        documentId: z.string(),
        subject: z.string(),
        status: z.enum(TICKET_STATUSES),
        priority: z.enum(TICKET_PRIORITIES),
        created_at: instant,
        last_activity_at: instant.nullable(),
      })
    ),
  }),
});

export const reviewModerationSchema = z.object({
  documentId: z.string(),
  rating: integer,
  comment: z.string().nullable(),
  status: z.enum(['published', 'hidden']),
  hidden_cause: z.enum(['moderator', 'reports']).nullable(),
  hidden_reason: z.string().nullable(),
  open_reports: integer,
  venue: z.object({ documentId: z.string(), name: z.string() }).nullable(),
  author: z.object({ id: integer, username: z.string() }).nullable(),
  created_at: instant,
});
export const reportSchema = z.object({
  documentId: z.string(),
  target_type: z.enum(['review', 'venue', 'user', 'message']),
  target_id: z.string(),
  reason: z.string(),
  details: z.string().nullable(),
  status: z.enum(['open', 'resolved', 'dismissed']),
  resolution: z.string().nullable(),
  resolved_at: instant.nullable(),
  reporter: z.object({ id: integer, username: z.string() }).nullable(),
  created_at: instant,
});
export const moderationResultSchema = z.object({
  review: z
    .object({
      documentId: z.string(),
      status: z.enum(['published', 'hidden']),
      hidden_cause: z.enum(['moderator', 'reports']).nullable(),
    })
    .nullable(),
  report: z.object({ documentId: z.string(), status: z.enum(['resolved', 'dismissed']) }).optional(),
  reports: z.array(z.string()).describe('documentIds of the reports closed with this action'),
});

export const staffTicketSchema = z.object({
  documentId: z.string(),
  type: z.enum(TICKET_TYPES),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  user: z.object({ id: integer, username: z.string(), email: z.string() }).nullable(),
  assignee: z.object({ id: integer, email: z.string() }).nullable(),
  conversation: z.string().nullable(),
  created_at: instant,
  last_activity_at: instant.nullable(),
});

export const threadMessageSchema = z.object({
  documentId: z.string(),
  author: z.object({
    kind: z.enum(['staff', 'customer', 'vendor']),
    id: integer.nullable(),
    name: z.string(),
    email: z.string().nullable(),
  }),
  body: z.string(),
  created_at: instant,
});
export const staffTicketDetailSchema = staffTicketSchema.extend({
  messages: z.array(threadMessageSchema).describe('The conversation, oldest first (the latest 200 messages)'),
  messages_total: integer.describe('Number of messages in the conversation'),
});

export const settingSchema = z.object({
  key: z.string(),
  value: z.unknown(),
  description: z.string().nullable(),
  version: integer,
  updated_by: z.string().nullable(),
  last_updated: instant.nullable(),
});
export const settingsGroupSchema = z.object({ group: settingsGroupParam, settings: z.array(settingSchema) });

export const auditRowSchema = z.object({
  id: integer,
  documentId: z.string(),
  action_type: z.string(),
  target_type: z.string(),
  target_id: z.string().nullable(),
  admin_id: integer.nullable(),
  admin_email: z.string().nullable(),
  api_token_id: integer.nullable(),
  request_id: z.string().nullable(),
  action_data: z.unknown(),
  timestamp: instant,
});

export const vendorListResponse = listResponse(vendorSchema, 'Vendor profiles, newest first');
export const vendorResponse = dataResponse(vendorDetailSchema, 'The vendor profile with its verification documents');
export const vendorActionResponse = dataResponse(vendorSchema, 'The vendor profile after the action');
export const venueListResponse = listResponse(venueSchema, 'Venues, newest first');
export const venueResponse = dataResponse(venueSchema, 'The venue');
export const userListResponse = listResponse(userSchema, 'Customer and vendor accounts, newest first');
export const userResponse = dataResponse(userSchema, 'The account');
export const userDetailResponse = dataResponse(
  userDetailSchema,
  'The account with its 10 most recent bookings, payments and tickets, and their totals'
);
export const reviewListResponse = listResponse(reviewModerationSchema, 'Reviews, newest first');
export const reportListResponse = listResponse(reportSchema, 'Reports, oldest open first');
export const moderationResponse = dataResponse(moderationResultSchema, 'What the action changed');
export const ticketQueueResponse = listResponse(staffTicketSchema, 'The ticket queue: priority, then oldest activity first');
export const staffTicketResponse = dataResponse(staffTicketDetailSchema, 'The ticket with its message thread');
export const settingsResponse = dataResponse(settingsGroupSchema, 'The settings of the group with their versions');
export const auditListResponse = listResponse(auditRowSchema, 'Audit records, newest first');

export type VendorListQuery = z.infer<typeof vendorListQuery>;
export type VenueListQuery = z.infer<typeof venueListQuery>;
export type UserListQuery = z.infer<typeof userListQuery>;
export type ReviewListQuery = z.infer<typeof reviewListQuery>;
export type ReportListQuery = z.infer<typeof reportListQuery>;
export type TicketQueueQuery = z.infer<typeof ticketQueueQuery>;
export type AuditListQuery = z.infer<typeof auditListQuery>;
export type SettingsGroup = z.infer<typeof settingsGroupParam>;
