import type { Core } from '@strapi/strapi';
import { isPostgres, tryLockForTransaction } from './db';

const runningHere = new Set<string>();

/**
 * Runs `work` on one instance of the cluster at a time. On PostgreSQL a transaction-scoped advisory
 * lock is held for the duration (other instances skip this round); the embedded default is a single
 * instance, where an in-process guard keeps rounds from overlapping. The jobs themselves are also
 * idempotent per row, so a lost lock never means double effects.
 */
export const runOncePerCluster = async <T>(
  strapi: Core.Strapi,
  name: string,
  work: () => Promise<T>
): Promise<{ ran: true; result: T } | { ran: false }> => {
  if (runningHere.has(name)) return { ran: false };
  runningHere.add(name);
  try {
    if (!isPostgres(strapi)) return { ran: true, result: await work() };
    const connection = strapi.db.connection;
    const trx = await connection.transaction();
    try {
      if (!(await tryLockForTransaction(strapi, trx, `tofimotia:${name}`))) return { ran: false };
      return { ran: true, result: await work() };
    } finally {
      await trx.commit();
    }
  } finally {
    runningHere.delete(name);
  }
};
