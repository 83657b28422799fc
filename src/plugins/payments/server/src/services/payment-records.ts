import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { PaymentRecordStatus } from '../../../../../domain/payment/intent-facts';

const PAYMENT = 'api::payment.payment';
const REFUND = 'api::refund.refund';

export interface RefundRecord {
  id: number;
  documentId: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  reason: string | null;
  kind: string;
  initiated_by: string;
  stripe_refund_id: string | null;
  failure_reason: string | null;
  createdAt: string;
}

export interface PaymentRecord {
  id: number;
  documentId: string;
  amount: number;
  currency: string;
  status: PaymentRecordStatus;
  transaction_id: string;
  capture_method: 'automatic' | 'manual';
  platform_fee: number;
  amount_captured: number;
  refunded_amount: number;
  failure_reason: string | null;
  disputed: boolean;
  stripe_account_id: string | null;
  last_synced_at: string | null;
  createdAt: string;
  updatedAt: string;
  booking: {
    id: number;
    documentId: string;
    reference: string | null;
    status: string;
    updatedAt?: string;
    venue?: { documentId: string; name: string; vendor?: { user?: { id: number } | null } | null } | null;
  } | null;
  customer: { id: number } | null;
  refunds: RefundRecord[];
}

const POPULATE = {
  booking: {
    select: ['id', 'documentId', 'reference', 'status', 'updatedAt'],
    populate: { venue: { select: ['documentId', 'name'], populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } } } },
  },
  customer: { select: ['id'] },
  refunds: { orderBy: { id: 'asc' } },
} as const;

/**
 * Narrow data access for payments and refunds. Row locks (PostgreSQL) serialise everything that
 * changes one payment: syncing from the provider, reserving a refund, capturing.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const findOne = async (where: Record<string, unknown>): Promise<PaymentRecord | null> =>
    (await strapi.db.query(PAYMENT).findOne({ where, populate: POPULATE as never })) as PaymentRecord | null;

  return {
    byIntent: (intentId: string) => findOne({ transaction_id: intentId }),
    byDocumentId: (documentId: string) => findOne({ documentId }),
    byBooking: (bookingDocumentId: string) => findOne({ booking: { documentId: bookingDocumentId } }),

    /** Locks the payment row until the surrounding transaction ends (no-op on SQLite: writes are serialised). */
    /**
     * Serialises every transaction that changes one payment (keyed by its PaymentIntent id, which is
     * known before anything is read). An advisory lock rather than FOR UPDATE on the row: Strapi's
     * relation writes (refund links) take KEY SHARE locks on the payment row that are compatible with
     * plain UPDATEs, and two such transactions can deadlock. No-op on SQLite: writes are serialised.
     */
    async lock(trx: Knex, intentId: string): Promise<void> {
      if (isPostgres()) await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`tofimotia:payment:${intentId}`]);
    },

    /** Locks the booking row so two first payments for one booking cannot both be recorded. */
    async lockBooking(trx: Knex, bookingDocumentId: string): Promise<void> {
      if (isPostgres()) await trx('bookings').where('document_id', bookingDocumentId).forUpdate().select('id');
    },

    async create(data: {
      booking: number;
      customer: number;
      amount: number;
      currency: string;
      status: PaymentRecordStatus;
      transaction_id: string;
      capture_method: 'automatic' | 'manual';
      platform_fee: number;
      stripe_account_id: string | null;
    }): Promise<PaymentRecord> {
      const created = await strapi.documents(PAYMENT).create({ data: { ...data, provider: 'stripe', refunded_amount: 0, amount_captured: 0 } as never });
      return (await findOne({ documentId: created.documentId })) as PaymentRecord;
    },

    async update(payment: PaymentRecord, data: Partial<Omit<PaymentRecord, 'id' | 'documentId' | 'booking' | 'customer' | 'refunds'>> & { raw?: unknown }) {
      await strapi.documents(PAYMENT).update({ documentId: payment.documentId, data: data as never });
    },

    async createRefund(payment: PaymentRecord, data: { amount: number; kind: string; initiated_by: string; reason: string | null; status?: RefundRecord['status']; stripe_refund_id?: string | null }) {
      const created = await strapi.documents(REFUND).create({
        data: {
          payment: payment.id,
          booking: payment.booking?.id ?? null,
          currency: payment.currency,
          status: 'pending',
          ...data,
        } as never,
      });
      return (await strapi.db.query(REFUND).findOne({ where: { documentId: created.documentId } })) as RefundRecord;
    },

    async updateRefund(refund: RefundRecord, data: Partial<Pick<RefundRecord, 'status' | 'stripe_refund_id' | 'failure_reason'>>) {
      await strapi.documents(REFUND).update({ documentId: refund.documentId, data: data as never });
    },

    /** Payments a job should look at again: not settled, not looked at for `staleMs`. */
    async needingSync(now: number, staleMs: number, limit: number): Promise<PaymentRecord[]> {
      return (await strapi.db.query(PAYMENT).findMany({
        where: {
          status: { $in: ['requires_payment_method', 'requires_action', 'processing', 'authorized', 'failed'] },
          $or: [{ last_synced_at: null }, { last_synced_at: { $lt: new Date(now - staleMs).toISOString() } }],
          createdAt: { $gt: new Date(now - 7 * 24 * 3600 * 1000).toISOString() },
        },
        populate: POPULATE as never,
        orderBy: { id: 'asc' },
        limit,
      })) as PaymentRecord[];
    },

    async pendingRefunds(olderThan: number, limit: number): Promise<Array<RefundRecord & { payment: { documentId: string } | null }>> {
      return (await strapi.db.query(REFUND).findMany({
        where: { status: 'pending', createdAt: { $lt: new Date(olderThan).toISOString() } },
        populate: { payment: { select: ['documentId'] } },
        orderBy: { id: 'asc' },
        limit,
      })) as Array<RefundRecord & { payment: { documentId: string } | null }>;
    },

    /** Bookings that owe a refund which nobody is executing (e.g. the provider failed at cancellation time). */
    async bookingsOwingRefunds(limit: number): Promise<string[]> {
      const rows = (await strapi.db.query('api::booking.booking').findMany({
        where: { refund_due: { $gt: 0 }, payment_status: { $in: ['paid', 'partially_refunded'] } },
        select: ['documentId'],
        orderBy: { id: 'asc' },
        limit,
      })) as Array<{ documentId: string }>;
      return rows.map((row) => row.documentId);
    },

    async history(where: Record<string, unknown>, page: number, pageSize: number) {
      const [rows, total] = await Promise.all([
        strapi.db.query(PAYMENT).findMany({ where, populate: POPULATE as never, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize }),
        strapi.db.query(PAYMENT).count({ where }),
      ]);
      return { rows: rows as PaymentRecord[], total };
    },
  };
};
