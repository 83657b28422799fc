import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';

/**
 * The control center's one API client over the admin routes (/control-center/...). The shapes mirror the server
 * contracts (server/src/contracts/operations.ts and server/src/insights-contracts.ts); money is in integer minor
 * units, instants are ISO 8601 UTC.
 */

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}
export interface List<T> {
  data: T[];
  meta: { pagination: Pagination };
}
export interface One<T> {
  data: T;
}

/* ---------- insights ---------- */

export type Interval = 'day' | 'week' | 'month';
export interface ReportQuery {
  from?: string;
  to?: string;
  interval?: Interval;
  timezone?: string;
}
export interface ReportMeta {
  currency: string;
  timezone: string;
  from: string;
  to: string;
  interval: Interval;
  rollups_through: string | null;
  generated_at: string;
}
interface Report<F extends string, T = unknown> {
  data: {
    series: Array<{ period_start: string; period_end: string } & Record<F, number>>;
    totals: Record<F, number> & T;
    previous: { from: string; to: string; totals: Record<F, number> };
    change: Record<F, number | null>;
  };
  meta: ReportMeta;
}
export type RevenueFigure = 'gross' | 'fees' | 'refunds' | 'net' | 'payouts';
export type BookingFigure = 'created' | 'confirmed' | 'cancelled';
export type UserFigure = 'signups' | 'new_vendors' | 'active_users';
export type RevenueReport = Report<RevenueFigure>;
export type BookingsReport = Report<
  BookingFigure,
  { by_status: Record<string, number>; by_city: Array<{ city: string | null; count: number }> }
>;
export type UserGrowthReport = Report<UserFigure, { vendors_by_status: Record<string, number> }>;
export type ReportName = 'revenue' | 'bookings' | 'user-growth';

interface Probe {
  status: 'up' | 'down' | 'disabled';
  latency_ms: number | null;
  error?: string;
}
export interface Health {
  status: 'ok' | 'degraded';
  checked_at: string;
  database: Probe & { client: string };
  redis: Probe;
  queues: Array<{ name: string; kind: 'bullmq' | 'memory'; waiting: number; active: number; delayed: number; failed: number }>;
  jobs: Array<{
    name: string;
    last_started_at: string;
    last_finished_at: string;
    last_duration_ms: number;
    last_status: 'ok' | 'failed';
    last_error: string | null;
    last_success_at: string | null;
  }>;
  http: {
    scope: 'instance';
    uptime_s: number;
    requests: number;
    errors: number;
    error_rate: number;
    routes: Array<{
      method: string;
      route: string;
      requests: number;
      errors: number;
      error_rate: number;
      p50_ms: number | null;
      p95_ms: number | null;
    }>;
  };
}

/* ---------- operations ---------- */

export type VendorStatus = 'pending' | 'approved' | 'rejected' | 'suspended';
export type VenueStatus = 'draft' | 'pending_approval' | 'approved' | 'rejected' | 'suspended';
export interface UserRef {
  id: number;
  documentId: string;
  username: string;
  email: string;
  blocked: boolean;
}
export interface Vendor {
  documentId: string;
  business_name: string;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  verification_status: VendorStatus;
  rejection_reason: string | null;
  verified_at: string | null;
  created_at: string;
  user: UserRef | null;
}
export interface Money {
  currency: string;
  /** Minor units. */
  amount: number;
}
export interface VendorPerformance {
  window_days: number;
  since: string;
  venues_by_status: Record<string, number>;
  bookings_by_status: Record<string, number>;
  bookings_total: number;
  gross_revenue: Money[];
  cancellation_rate: number | null;
  rating: { average: number | null; count: number };
}
export interface VendorDetail extends Vendor {
  documents: Array<{ id: number; name: string; mime: string | null; size: number | null; url: string }>;
  venues: number;
  performance: VendorPerformance;
}
export interface Venue {
  documentId: string;
  name: string;
  slug: string;
  status: VenueStatus;
  featured: boolean;
  rejection_reason: string | null;
  city: string | null;
  country: string | null;
  created_at: string;
  vendor: { documentId: string; business_name: string; verification_status: VendorStatus } | null;
  /** The last approval and what changed since (null: never approved; changes null: approved before snapshots). */
  last_approval: {
    at: string;
    changes: Array<{ field: string; before: string | number | null; after: string | number | null }> | null;
  } | null;
}
export interface Account {
  id: number;
  documentId: string;
  username: string;
  email: string;
  role: string | null;
  blocked: boolean;
  confirmed: boolean;
  created_at: string;
}
export interface AccountDetail extends Account {
  bookings: {
    total: number;
    recent: Array<{
      documentId: string;
      reference: string;
      status: string;
      payment_status: string;
      start: string;
      total_amount: number;
      currency: string | null;
      venue: { documentId: string; name: string } | null;
      created_at: string;
    }>;
  };
  payments: {
    total: number;
    captured: Money[];
    recent: Array<{
      documentId: string;
      amount: number;
      amount_captured: number;
      refunded_amount: number;
      currency: string | null;
      status: string;
      booking: { documentId: string; reference: string } | null;
      created_at: string;
    }>;
  };
  tickets: {
    total: number;
    recent: Array<{
      documentId: string;
      subject: string;
      status: TicketStatus;
      priority: TicketPriority;
      created_at: string;
      last_activity_at: string | null;
    }>;
  };
}
export interface ModeratedReview {
  documentId: string;
  rating: number;
  comment: string | null;
  status: 'published' | 'hidden';
  hidden_cause: 'moderator' | 'reports' | null;
  hidden_reason: string | null;
  open_reports: number;
  venue: { documentId: string; name: string } | null;
  author: { id: number; username: string } | null;
  created_at: string;
}
export type ReportStatus = 'open' | 'resolved' | 'dismissed';
export interface ContentReport {
  documentId: string;
  target_type: 'review' | 'venue' | 'user' | 'message';
  target_id: string;
  reason: string;
  details: string | null;
  status: ReportStatus;
  resolution: string | null;
  resolved_at: string | null;
  reporter: { id: number; username: string } | null;
  created_at: string;
}
export const TICKET_STATUSES = ['open', 'pending_staff', 'pending_user', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export interface Ticket {
  documentId: string;
  type: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  user: { id: number; username: string; email: string } | null;
  assignee: { id: number; email: string } | null;
  conversation: string | null;
  created_at: string;
  last_activity_at: string | null;
}
export interface ThreadMessage {
  documentId: string;
  author: { kind: 'staff' | 'customer' | 'vendor'; id: number | null; name: string; email: string | null };
  body: string;
  created_at: string;
}
export interface TicketDetail extends Ticket {
  messages: ThreadMessage[];
  messages_total: number;
}
export type SettingsGroup = 'system' | 'fees' | 'policies';
export interface Setting {
  key: string;
  value: unknown;
  description: string | null;
  version: number;
  updated_by: string | null;
  last_updated: string | null;
}
export interface AuditRow {
  id: number;
  documentId: string;
  action_type: string;
  target_type: string;
  target_id: string | null;
  admin_id: number | null;
  admin_email: string | null;
  api_token_id: number | null;
  request_id: string | null;
  action_data: unknown;
  timestamp: string;
}

export type Query = Record<string, string | number | undefined>;

/** Drops empty filters so the server's strict query schemas see only what was set. */
export const cleanQuery = (query: Query) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));

const BASE = '/control-center';

/** A server refusal as text: its message plus the field messages of a validation error. */
export const errorMessage = (error: unknown): string => {
  if (isFetchError(error)) {
    const body = error.response?.data?.error;
    if (body) {
      const details = (body.details ?? {}) as { errors?: Array<{ path?: Array<string | number>; message: string }> };
      const fields = (details.errors ?? []).map((e) => (e.path?.length ? `${e.path.join('.')}: ${e.message}` : e.message));
      return fields.length ? `${body.message} (${fields.join('; ')})` : body.message;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
};

/** Field messages of a validation error, by the first path segment (a setting key, a body field). */
export const fieldErrors = (error: unknown): Record<string, string> => {
  if (!isFetchError(error)) return {};
  const details = (error.response?.data?.error?.details ?? {}) as {
    errors?: Array<{ path?: Array<string | number>; message: string }>;
  };
  const out: Record<string, string> = {};
  for (const e of details.errors ?? []) {
    const key = String(e.path?.[0] ?? '');
    const rest = (e.path ?? []).slice(1).join('.');
    out[key] = out[key] ? `${out[key]}; ${rest ? `${rest}: ` : ''}${e.message}` : `${rest ? `${rest}: ` : ''}${e.message}`;
  }
  return out;
};

/** Saves a Blob as a file in the browser (CSV exports come through the authenticated client). */
export const saveBlob = (blob: Blob, filename: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const useApi = () => {
  const client = useFetchClient();
  return React.useMemo(() => {
    const get = async <T>(path: string, query: Query = {}) =>
      (await client.get<T>(`${BASE}${path}`, { params: cleanQuery(query) })).data;
    const post = async <T>(path: string, body: object = {}) => (await client.post<T>(`${BASE}${path}`, body)).data;
    const put = async <T>(path: string, body: object) => (await client.put<T>(`${BASE}${path}`, body)).data;
    const csv = async (path: string, query: Query, filename: string) => {
      const response = await client.get(`${BASE}${path}`, { params: cleanQuery(query), responseType: 'blob' });
      const disposition = response.headers?.get('Content-Disposition') ?? '';
      const named = /filename="([^"]+)"/.exec(disposition)?.[1];
      saveBlob(response.data, named ?? filename);
    };
    return {
      revenue: (q: ReportQuery) => get<RevenueReport>('/analytics/revenue', { ...q }),
      bookings: (q: ReportQuery) => get<BookingsReport>('/analytics/bookings', { ...q }),
      userGrowth: (q: ReportQuery) => get<UserGrowthReport>('/analytics/user-growth', { ...q }),
      exportReport: (name: ReportName, q: ReportQuery) => csv(`/reports/analytics/${name}`, { ...q }, `${name}.csv`),
      health: () => get<One<Health>>('/health'),

      vendors: (q: Query) => get<List<Vendor>>('/vendors', q),
      vendor: (id: string) => get<One<VendorDetail>>(`/vendors/${id}`),
      vendorAction: (id: string, verb: 'approve' | 'reject' | 'suspend' | 'reinstate', reason?: string) =>
        post<One<Vendor>>(`/vendors/${id}/${verb}`, reason ? { reason } : {}),

      venues: (q: Query) => get<List<Venue>>('/venues', q),
      venueAction: (id: string, verb: 'approve' | 'reject' | 'suspend' | 'feature' | 'unfeature', reason?: string) =>
        post<One<Venue>>(`/venues/${id}/${verb}`, reason ? { reason } : {}),

      users: (q: Query) => get<List<Account>>('/users', q),
      user: (id: string) => get<One<AccountDetail>>(`/users/${id}`),
      userAction: (id: string, verb: 'block' | 'unblock', reason?: string) =>
        post<One<Account>>(`/users/${id}/${verb}`, reason ? { reason } : {}),

      reviews: (q: Query) => get<List<ModeratedReview>>('/moderation/reviews', q),
      hideReview: (id: string, reason: string, note?: string) =>
        post(`/moderation/reviews/${id}/hide`, note ? { reason, note } : { reason }),
      restoreReview: (id: string, reason?: string) => post(`/moderation/reviews/${id}/restore`, reason ? { reason } : {}),
      reports: (q: Query) => get<List<ContentReport>>('/moderation/reports', q),
      reportAction: (id: string, verb: 'resolve' | 'dismiss', resolution?: string) =>
        post(`/moderation/reports/${id}/${verb}`, resolution ? { resolution } : {}),

      tickets: (q: Query) => get<List<Ticket>>('/tickets', q),
      ticket: (id: string) => get<One<TicketDetail>>(`/tickets/${id}`),
      assignTicket: (id: string, assignee: number | null) => post<One<Ticket>>(`/tickets/${id}/assign`, { assignee }),
      replyTicket: (id: string, body: string) => post<One<Ticket>>(`/tickets/${id}/reply`, { body }),
      updateTicket: (id: string, body: { status?: TicketStatus; priority?: TicketPriority; message?: string }) =>
        post<One<Ticket>>(`/tickets/${id}/status`, body),

      settings: (group: SettingsGroup) => get<One<{ group: SettingsGroup; settings: Setting[] }>>(`/settings/${group}`),
      saveSettings: (group: SettingsGroup, values: Record<string, unknown>) =>
        put<One<{ group: SettingsGroup; settings: Setting[] }>>(`/settings/${group}`, values),

      audit: (q: Query) => get<List<AuditRow>>('/audit', q),
      exportAudit: (q: Query) => csv('/audit/export', q, 'audit-log.csv'),
    };
  }, [client]);
};

export type Api = ReturnType<typeof useApi>;

export type Loadable<T> =
  { status: 'loading'; data?: T } | { status: 'error'; error: string; data?: T } | { status: 'ready'; data: T };

/**
 * Loads `load()` whenever `key` changes; `reload()` fetches again (after an action). A late answer of an older
 * key is dropped.
 */
export const useLoad = <T>(load: () => Promise<T>, key: string) => {
  const [state, setState] = React.useState<Loadable<T>>({ status: 'loading' });
  const [tick, setTick] = React.useState(0);
  const loadRef = React.useRef(load);
  loadRef.current = load;
  React.useEffect(() => {
    let live = true;
    setState((previous) => ({ status: 'loading', data: previous.data }));
    loadRef
      .current()
      .then((data) => live && setState({ status: 'ready', data }))
      .catch((error: unknown) => live && setState({ status: 'error', error: errorMessage(error) }));
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = React.useCallback(() => setTick((n) => n + 1), []);
  return { state, reload };
};
