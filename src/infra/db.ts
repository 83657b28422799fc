import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** The two databases the app runs on: PostgreSQL (DATABASE_URL) or the embedded SQLite default. */
export const isPostgres = (strapi: Core.Strapi): boolean => strapi.db.dialect.client === 'postgres';

const UNIQUE_VIOLATION_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Whether a driver error is a unique-index violation (PostgreSQL 23505 or its SQLite equivalents). */
export const isUniqueViolation = (error: unknown): boolean =>
  UNIQUE_VIOLATION_CODES.has(String((error as { code?: unknown } | null)?.code ?? ''));

/**
 * Serialises work on `key` across the cluster until `trx` ends: a transaction-scoped PostgreSQL advisory
 * lock (safe under PgBouncer transaction pooling). SQLite has one writer at a time already, so it is a no-op.
 */
export const lockForTransaction = async (strapi: Core.Strapi, trx: Knex.Transaction, key: string): Promise<void> => {
  if (isPostgres(strapi)) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [key]);
};

/** Locks rows for the rest of `trx` on PostgreSQL (SELECT … FOR UPDATE); SQLite serialises writers anyway. */
export const forUpdate = <Q extends Knex.QueryBuilder>(strapi: Core.Strapi, query: Q): Q =>
  isPostgres(strapi) ? (query.forUpdate() as Q) : query;

/**
 * Like lockForTransaction, but does not wait: true when `trx` now holds the lock on `key`, false when another
 * transaction holds it. SQLite (one instance, one writer) always gets it.
 */
export const tryLockForTransaction = async (strapi: Core.Strapi, trx: Knex.Transaction, key: string): Promise<boolean> => {
  if (!isPostgres(strapi)) return true;
  const { rows } = (await trx.raw('select pg_try_advisory_xact_lock(hashtext(?)) as locked', [key])) as {
    rows: { locked: boolean }[];
  };
  return rows[0]?.locked === true;
};
