import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { BookingError } from '../domain/booking/errors';
import { DAY } from '../domain/time';
import { isUniqueViolation } from './db';

const TABLE = 'idempotency_keys';
const TTL_MS = DAY;
const PENDING = 0;

export interface StoredResponse {
  status: number;
  body: unknown;
  replayed: boolean;
}

const hashRequest = (request: unknown): string => crypto.createHash('sha256').update(JSON.stringify(request)).digest('hex');

/**
 * Idempotency-Key support: the first successful response of (caller, scope, key) is stored for 24 h
 * and replayed to retries with the same request; a different request under the same key is a 409.
 *
 * The key row is inserted first, in the same transaction as the work, so a concurrent retry blocks
 * on the unique index until the first finishes and then replays its answer; if the work fails, the
 * key row rolls back with it and a retry runs afresh.
 */
export const withIdempotency = async (
  strapi: Core.Strapi,
  params: { caller: string; scope: string; key: string | undefined; request: unknown; now?: number },
  work: () => Promise<{ status: number; body: unknown }>
): Promise<StoredResponse> => {
  if (!params.key) return { ...(await work()), replayed: false };
  const now = params.now ?? Date.now();
  const requestHash = hashRequest(params.request);
  const identity = { caller: params.caller, scope: params.scope, idem_key: params.key };

  const replay = async (): Promise<StoredResponse | null> => {
    const row = await strapi.db.connection(TABLE).where(identity).first();
    if (!row) return null;
    if (Number(row.created_at_ms) < now - TTL_MS) {
      await strapi.db.connection(TABLE).where({ id: row.id }).delete();
      return null;
    }
    if (row.request_hash !== requestHash) {
      throw new BookingError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request');
    }
    if (Number(row.status_code) === PENDING) return null;
    return { status: Number(row.status_code), body: JSON.parse(row.response_body), replayed: true };
  };

  const previous = await replay();
  if (previous) return previous;

  try {
    return await strapi.db.transaction(async ({ trx }) => {
      const [inserted] = await trx(TABLE)
        .insert({ ...identity, request_hash: requestHash, status_code: PENDING, response_body: '', created_at_ms: now })
        .returning('id');
      const id = typeof inserted === 'object' ? inserted.id : inserted;
      const result = await work();
      await trx(TABLE)
        .where({ id })
        .update({ status_code: result.status, response_body: JSON.stringify(result.body) });
      return { ...result, replayed: false };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await replay();
    if (winner) return winner;
    throw error;
  }
};

/** Drops keys older than 24 h (run by the maintenance job). */
export const purgeExpiredIdempotencyKeys = async (strapi: Core.Strapi, now = Date.now()): Promise<number> =>
  strapi.db
    .connection(TABLE)
    .where('created_at_ms', '<', now - TTL_MS)
    .delete();
