import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';

/**
 * The workspace's one API client over its admin routes (/vendor-dashboard/workspace/...). Shapes mirror the server
 * (server/src/workspace/overview.ts, the listing venue view and the booking view); money is in minor units.
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

export interface Booking {
  documentId: string;
  reference: string | null;
  status: string;
  start_datetime: string;
  end_datetime: string;
  guests: number;
  total_amount: number;
  currency: string;
  venue: { documentId: string; name: string; timezone: string } | null;
  customer?: { name: string } | null;
  request_expires_at?: string | null;
}

export interface Overview {
  vendor: { documentId: string; business_name: string; verification_status: string };
  read_only: boolean;
  today: { total: number; bookings: Booking[] };
  upcoming: { total: number; bookings: Booking[] };
  requests_waiting: { total: number; bookings: Booking[] };
  revenue_this_month: {
    window: { from: string; to: string };
    totals: Array<{ currency: string; gross: number; net: number; bookings: number }>;
  };
  payouts: { connected: boolean; charges_enabled?: boolean; payouts_enabled?: boolean; details_submitted?: boolean };
  rating: { average: number | null; count: number };
  venues: { total: number; by_status: Record<string, number> };
}

export interface Venue {
  documentId: string;
  name: string;
  slug: string;
  status: string;
  timezone: string;
  capacity: number | null;
  price_per_hour: number | null;
  currency: string | null;
  booking_mode: string;
  rejection_reason?: string | null;
  location?: { address?: string | null; city?: string | null; country?: string | null } | null;
}

const BASE = '/vendor-dashboard/workspace';

/** A server refusal as text. */
export const errorMessage = (error: unknown): string => {
  if (isFetchError(error)) return error.response?.data?.error?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
};

export const statusOf = (error: unknown): number | null => (isFetchError(error) ? (error.status ?? null) : null);

export const useApi = () => {
  const client = useFetchClient();
  return React.useMemo(() => {
    const get = async <T>(path: string, params: Record<string, string | number> = {}) =>
      (await client.get<T>(`${BASE}${path}`, { params })).data;
    const post = async <T>(path: string, body: object = {}) => (await client.post<T>(`${BASE}${path}`, body)).data;
    return {
      overview: () => get<{ data: Overview }>('/overview'),
      venues: (page: number) => get<List<Venue>>('/venues', { page, pageSize: 25 }),
      venue: (id: string) => get<{ data: Venue }>(`/venues/${encodeURIComponent(id)}`),
      requests: (page: number) => get<List<Booking>>('/bookings/requests', { page, pageSize: 25 }),
      approve: (id: string) => post<{ data: Booking }>(`/bookings/requests/${encodeURIComponent(id)}/approve`),
      decline: (id: string, reason?: string) =>
        post<{ data: Booking }>(`/bookings/requests/${encodeURIComponent(id)}/decline`, reason ? { reason } : {}),
    };
  }, [client]);
};

export type Loadable<T> =
  | { status: 'loading'; data?: T }
  | { status: 'error'; error: string; code: number | null; data?: T }
  | { status: 'ready'; data: T };

/** Loads `load()` whenever `key` changes; `reload()` fetches again. A late answer of an older key is dropped. */
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
      .catch((error: unknown) => live && setState({ status: 'error', error: errorMessage(error), code: statusOf(error) }));
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = React.useCallback(() => setTick((n) => n + 1), []);
  return { state, reload };
};
