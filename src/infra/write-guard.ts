import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Some content types keep invariants that generic writes would break (a booking without its slot row,
 * a payment applied twice). Their services run writes inside `guardedWrite`; a Document Service
 * middleware refuses writes to those types from anywhere else (admin Content Manager, generic REST,
 * plugins), so the guarded path is the only path.
 */
const scope = new AsyncLocalStorage<{ owner: string }>();

export const guardedWrite = <T>(owner: string, work: () => Promise<T>): Promise<T> => scope.run({ owner }, work);

export const insideGuardedWrite = (): boolean => scope.getStore() !== undefined;

export const GUARDED_CONTENT_TYPES = new Set(['api::booking.booking', 'api::invoice.invoice']);

export const WRITE_ACTIONS = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);
