import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { AdminError } from '../../../../../../domain/admin/errors';

/** Helpers shared by the operations services. */

export const isDocumentId = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);

export const notFound = (what: string) => new AdminError('not_found', `${what} not found`);

/** A 400 naming the field, in Strapi's ValidationError details shape. */
export const invalid = (field: string, message: string) =>
  new AdminError('invalid_request', `${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

/** `from`/`to` of a created-range filter: a bare date covers its whole UTC day. */
export const rangeBound = (value: string, end: boolean): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return end ? new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000 - 1).toISOString() : `${value}T00:00:00.000Z`;
  }
  return new Date(value).toISOString();
};

export const createdWhere = (query: { created_from?: string; created_to?: string }, field = 'createdAt') => {
  const where: Record<string, unknown> = {};
  if (query.created_from) where.$gte = rangeBound(query.created_from, false);
  if (query.created_to) where.$lte = rangeBound(query.created_to, true);
  return Object.keys(where).length ? { [field]: where } : {};
};

export const iso = (value: unknown): string | null => (value ? new Date(value as string).toISOString() : null);

/** One transaction for a staff action: the change, its audit row and its notifications commit together. */
export const inTransaction = async <T>(strapi: Core.Strapi, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
  (await strapi.db.transaction(({ trx }) => work(trx))) as T;
