import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { PolicySnapshot } from '../../../domain/booking/cancellation';
import type { BookingStatus } from '../../../domain/booking/state-machine';
import type { Quote } from '../../../domain/pricing';
import { isPostgres } from '../../../infra/db';
import { documentInput, type DocumentWrite } from '../../../infra/documents';
import { pageWindow, type Page } from '../../../infra/paginate';
import { BOOKING_POPULATE, type BookingRow } from '../booking-view';

/**
 * Data access for bookings: the one place that reads booking rows and writes them through the Document
 * Service (the engine decides what to write, inside its guarded transaction; payments read through here too).
 * Writes are typed by the generated schema types (types/generated, through src/infra/documents.ts).
 */
const BOOKING = 'api::booking.booking';

/** The booking's own columns (no relations). */
export type BookingColumns = Omit<BookingRow, 'venue' | 'customer'>;

/** JSON columns the engine writes, with their shapes. */
type BookingJson = { price_breakdown?: Quote; cancellation_policy?: PolicySnapshot };

/** Fields a write may set: the generated input types (null clears a field), the JSON columns with their shapes. */
export type BookingWrite = DocumentWrite<typeof BOOKING, BookingJson>;

const toInput = (data: BookingWrite) => documentInput<typeof BOOKING, BookingJson>(data);

/** Document ids as the API accepts them; anything else finds nothing (and is never sent to the database). */
const isDocumentId = (documentId: unknown): documentId is string =>
  typeof documentId === 'string' && documentId.length > 0 && documentId.length <= 64;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async load(documentId: string): Promise<BookingRow | null> {
    if (!isDocumentId(documentId)) return null;
    return (await strapi.db.query(BOOKING).findOne({ where: { documentId }, populate: BOOKING_POPULATE })) as BookingRow | null;
  },

  /** Some columns of one booking, without its relations. */
  async columns<K extends keyof BookingColumns>(documentId: string, select: K[]): Promise<Pick<BookingColumns, K> | null> {
    return (await strapi.db.query(BOOKING).findOne({ where: { documentId }, select })) as Pick<BookingColumns, K> | null;
  },

  /** Row lock on PostgreSQL until `trx` ends, so concurrent changes of one booking run one after the other. */
  async lock(trx: Knex.Transaction, documentId: string): Promise<void> {
    if (isPostgres(strapi)) await trx('bookings').where('document_id', documentId).forUpdate().select('id');
  },

  /** Creates a booking; returns its documentId. Only the engine calls this, inside its guarded transaction. */
  async create(data: BookingWrite): Promise<string> {
    const created = await strapi.documents(BOOKING).create({ data: toInput(data) });
    return created.documentId;
  },

  async update(documentId: string, data: BookingWrite): Promise<void> {
    await strapi.documents(BOOKING).update({ documentId, data: toInput(data) });
  },

  /** A customer's bookings, latest start first. */
  async pageOfCustomer(
    customerId: number,
    query: Page & { status?: BookingStatus }
  ): Promise<{ rows: BookingRow[]; total: number }> {
    const where = { customer: { id: customerId }, ...(query.status ? { status: query.status } : {}) };
    const [rows, total] = await Promise.all([
      strapi.db.query(BOOKING).findMany({
        where,
        populate: BOOKING_POPULATE,
        orderBy: [{ start_datetime: 'desc' }, { id: 'desc' }],
        ...pageWindow(query),
      }) as Promise<BookingRow[]>,
      strapi.db.query(BOOKING).count({ where }),
    ]);
    return { rows, total };
  },

  /** Bookings that owe a refund and have money to refund it from (documentIds, oldest first). */
  async owingRefunds(limit: number): Promise<string[]> {
    const rows = (await strapi.db.query(BOOKING).findMany({
      where: { refund_due: { $gt: 0 }, payment_status: { $in: ['paid', 'partially_refunded'] } },
      select: ['documentId'],
      orderBy: { id: 'asc' },
      limit,
    })) as Array<{ documentId: string }>;
    return rows.map((row) => row.documentId);
  },
});
