import type { Core, UID } from '@strapi/strapi';
import { createWorkTracker } from './drain';

/** Document Service actions whose entry event reads the entry back (delete events carry the deleted row). */
const READ_BACK_ACTIONS = new Set(['create', 'update']);
const READ_BACK_EVENTS = new Set(['entry.create', 'entry.update']);

export interface EntryEventFollowUps {
  /** Resolves when every tracked write's entry event has been emitted, or after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  /** Stops tracking (the event hub subscriber goes; the Document Service middleware, which Strapi cannot remove, passes through). */
  stop(): void;
  /** Writes whose entry event has not been emitted yet. */
  readonly pending: number;
}

interface EntryEvent {
  uid?: string;
  entry?: { id?: unknown } | null;
}

/**
 * Strapi follows each Document Service create/update with an entry event: once the write's transaction has
 * committed it reads the entry back and emits `entry.create` / `entry.update` on `strapi.eventHub` (webhooks,
 * audit logs), and nobody awaits that. This tracks those follow-ups for the given content types (one event
 * per write: types without Draft & Publish or i18n), so shutdown can wait for exactly them before the
 * database pool closes.
 *
 * A write is counted when its transaction commits (at once outside a transaction; never when it rolls back)
 * and settled when its event reaches the event hub's last subscriber, which is this one. An event that
 * arrives before its write was counted (the read can finish first) is remembered and settles it at once.
 */
export const trackEntryEventFollowUps = (strapi: Core.Strapi, uids: readonly UID.ContentType[]): EntryEventFollowUps => {
  const tracked = new Set<string>(uids);
  for (const uid of uids) {
    const model = strapi.getModel(uid) as { options?: { draftAndPublish?: boolean }; pluginOptions?: { i18n?: unknown } };
    if (model.options?.draftAndPublish || model.pluginOptions?.i18n) {
      throw new Error(`${uid}: entry events are tracked only for types without Draft & Publish or i18n (one event per write)`);
    }
  }
  const work = createWorkTracker();
  const early = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  const keyOf = (uid: string, id: unknown) => `${uid}#${String(id)}`;

  const expect = (key: string) => {
    const seen = early.get(key) ?? 0;
    if (seen > 0) {
      if (seen === 1) early.delete(key);
      else early.set(key, seen - 1);
      return;
    }
    void work.track(() => new Promise<void>((resolve) => waiting.set(key, [...(waiting.get(key) ?? []), resolve])));
  };

  const settle = (key: string) => {
    const resolvers = waiting.get(key);
    const resolve = resolvers?.shift();
    if (resolvers?.length === 0) waiting.delete(key);
    if (resolve) resolve();
    else early.set(key, (early.get(key) ?? 0) + 1);
  };

  const unsubscribe = strapi.eventHub.subscribe(async (eventName: string, event?: EntryEvent) => {
    if (READ_BACK_EVENTS.has(eventName) && event?.uid && tracked.has(event.uid)) settle(keyOf(event.uid, event.entry?.id));
  });

  let stopped = false;
  strapi.documents.use(async (ctx, next) => {
    const result = await next();
    const id = (result as { id?: unknown } | null)?.id;
    if (!stopped && tracked.has(ctx.uid) && READ_BACK_ACTIONS.has(ctx.action) && id !== undefined) {
      const key = keyOf(ctx.uid, id);
      // Inside a caller's transaction Strapi emits after that transaction commits, and so do we count.
      if (strapi.db.inTransaction()) await strapi.db.transaction(({ onCommit }) => onCommit(() => expect(key)));
      else expect(key);
    }
    return result;
  });

  return {
    drain: (timeoutMs = 5_000) => work.drain(timeoutMs),
    stop() {
      stopped = true;
      unsubscribe();
    },
    get pending() {
      return work.size;
    },
  };
};
