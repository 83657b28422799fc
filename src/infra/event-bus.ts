import { EventEmitter } from 'node:events';
import { createWorkTracker } from './drain';

/**
 * The internal domain event bus. Services publish facts after their transaction commits; adapters
 * (sockets, notifications, e-mail, search projections) subscribe. It is in-process on purpose: the
 * realtime plugin fans events out across instances through the Socket.IO Redis adapter.
 */
export interface DomainEvents {
  'booking.created': { booking: string; venue: string; customer: number; status: string; payment_status: string };
  'booking.updated': {
    booking: string;
    venue: string;
    customer: number;
    status: string;
    payment_status: string;
    previous_status: string;
  };
  'availability.changed': { venue: string; from: string; to: string; reason: string; hold_expires_at?: string | null };
  'pricing.changed': { venue: string };
  /** Money captured (or authorized, for request-to-book) for a booking. amount in minor units. */
  'payment.succeeded': {
    booking: string;
    venue: string;
    customer: number;
    payment: string;
    amount: number;
    currency: string;
    captured: boolean;
  };
  'payment.failed': { booking: string; venue: string; customer: number; payment: string; reason: string | null };
  /** A refund went through (amount is this refund, not the total refunded so far). automatic: slot gone after a late payment. */
  'payment.refunded': {
    booking: string;
    venue: string;
    customer: number;
    payment: string;
    amount: number;
    currency: string;
    automatic: boolean;
  };
  /** The customer's bank disputed a charge (a chargeback): staff and the vendor need to know. */
  'payment.disputed': {
    booking: string;
    venue: string;
    customer: number;
    payment: string;
    amount: number;
    currency: string;
    reason: string | null;
  };
  /**
   * An imported calendar (src/api/calendar-feed) now blocks time that live bookings hold. The block is kept
   * and the clash recorded on the feed; published when a sync finds a booking not flagged before. bookings:
   * documentIds of every booking that currently clashes with the feed.
   */
  'calendar.conflict': { venue: string; vendor_user: number; feed: string; bookings: string[] };
  /** A persisted notification for one user (the realtime plugin pushes it to that user's sockets). */
  'notification.created': {
    user: number;
    notification: {
      id: string;
      type: string;
      title: string;
      body: string | null;
      data: Record<string, unknown> | null;
      created_at: string;
    };
  };
  /** A user was blocked (their sessions are already revoked): the realtime plugin disconnects their sockets. */
  'user.blocked': { user: number };
  /** A chat message was stored (src/api/conversation). recipients: user ids of the participants; staff: also the staff room. */
  'chat.message': { conversation: string; recipients: number[]; staff: boolean; message: ChatMessageView };
}

/** A chat message as clients see it (REST and the `chat:message` socket event). */
export interface ChatMessageView {
  documentId: string;
  conversation: string;
  body: string;
  sender: { documentId: string; name: string } | null;
  /** Written by platform staff (admin panel user); their identity is not shown. */
  from_staff: boolean;
  created_at: string;
}

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void | Promise<void>;

const emitter = new EventEmitter();
emitter.setMaxListeners(50);

/** Subscriber work still running (awaited by `drain` at shutdown, before the database closes). */
const inflight = createWorkTracker();

export const eventBus = {
  /** Waits (bounded) for subscriber work in progress, including work it publishes in turn. */
  drain(timeoutMs = 10_000): Promise<void> {
    return inflight.drain(timeoutMs);
  },

  publish<K extends keyof DomainEvents>(name: K, payload: DomainEvents[K]): void {
    emitter.emit(name, payload);
  },
  subscribe<K extends keyof DomainEvents>(name: K, listener: Listener<K>): () => void {
    // A failing subscriber must never break the request that published the event.
    const safe = (payload: DomainEvents[K]) => {
      void inflight.track(
        () => Promise.resolve(listener(payload)),
        (error) => emitter.emit('subscriber.error', { name, error })
      );
    };
    emitter.on(name, safe);
    return () => emitter.off(name, safe);
  },
  onSubscriberError(listener: (info: { name: string; error: unknown }) => void): () => void {
    emitter.on('subscriber.error', listener);
    return () => emitter.off('subscriber.error', listener);
  },
};

interface TransactionalDb {
  inTransaction(): boolean;
  transaction(cb: (params: { onCommit: (fn: () => void) => void }) => unknown): Promise<unknown>;
}

/**
 * Publishes once the caller's database transaction has committed (at once when there is none), e.g. from
 * a Document Service middleware that a service may call inside its own `strapi.db.transaction`.
 */
export const publishAfterCommit = async <K extends keyof DomainEvents>(
  db: TransactionalDb,
  name: K,
  payload: DomainEvents[K]
): Promise<void> => {
  if (!db.inTransaction()) {
    eventBus.publish(name, payload);
    return;
  }
  await db.transaction(({ onCommit }) => onCommit(() => eventBus.publish(name, payload)));
};
