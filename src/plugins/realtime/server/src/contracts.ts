import { documentIdParam } from '../../../../infra/params';
import { z } from 'zod';
import type { ChatMessageView, DomainEvents } from '../../../../infra/event-bus';

/**
 * The socket protocol (contract: Real-time). Client → server events carry a payload and an ack callback
 * answered with `{ ok: true, data }` or `{ ok: false, error: { name, message, details? } }`; chat payloads
 * are in src/api/conversation/contracts.ts.
 */
export const venueSubscribePayload = z.strictObject({ venue: documentIdParam });
/** `notification:read {notification}`: marks one of the caller's notifications read (ack: the notification). */
export const notificationReadPayload = z.strictObject({ notification: documentIdParam });

export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { name: string; message: string; details?: Record<string, unknown> } };

/** Server → client events and their payloads. */
export interface ServerEvents {
  /** Right after a (non-recovered) connection: when the token expires and how long a session survives a drop. */
  ready: { expires_at: string; recovery_window_ms: number };
  /** Just before the server disconnects a socket whose token expired. */
  'auth:expired': { reason: 'token_expired' };
  notification: DomainEvents['notification.created']['notification'];
  'booking:updated': { booking: string; venue: string; status: string; payment_status: string };
  'availability:changed': { venue: string; from: string; to: string; hold_expires_at?: string | null };
  'pricing:changed': { venue: string };
  'chat:message': { conversation: string; message: ChatMessageView };
  'chat:typing': { conversation: string; user: { documentId: string; name: string } | null; from_staff: boolean };
}

/** Rooms (server-side only; clients cannot join rooms except venue rooms through venue:subscribe). */
export const rooms = {
  user: (id: number) => `user:${id}`,
  vendor: (documentId: string) => `vendor:${documentId}`,
  staff: 'staff',
  venue: (documentId: string) => `venue:${documentId}`,
};
