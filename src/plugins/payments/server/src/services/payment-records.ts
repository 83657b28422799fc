import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { PaymentRecordStatus } from '../../../../../domain/payment/intent-facts';
import { DAY } from '../../../../../domain/time';
import { lockForTransaction } from '../../../../../infra/db';
import { documentInput, type DocumentWrite } from '../../../../../infra/documents';
import { pageWindow, type Page } from '../../../../../infra/paginate';

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
    populate: {
      venue: { select: ['documentId', 'name'], populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } } },
    },
  },
  customer: { select: ['id'] },
  refunds: { orderBy: { id: 'asc' } },
};

/** A refund with the payment it returns money from (what executing it at the provider needs). */
export type RefundToExecute = RefundRecord & {
  payment: { documentId: string; transaction_id: string; stripe_account_id: string | null } | null;
  booking: { documentId: string } | null;
};

/** Fields written to payments and refunds, typed by the generated schema types (src/infra/documents.ts). */
export type PaymentWrite = DocumentWrite<typeof PAYMENT>;
export type RefundWrite = DocumentWrite<typeof REFUND>;

/**
 * Narrow data access for payments and refunds: the one place that reads and writes their rows. Locks
 * (PostgreSQL) serialise everything that changes one payment: syncing from the provider, reserving a
 * refund, capturing.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const findOne = async (where: Record<string, unknown>): Promise<PaymentRecord | null> =>
    (await strapi.db.query(PAYMENT).findOne({ where, populate: POPULATE })) as PaymentRecord | null;

  return {
    byIntent: (intentId: string) => findOne({ transaction_id: intentId }),
    byDocumentId: (documentId: string) => findOne({ documentId }),
    byBooking: (bookingDocumentId: string) => findOne({ booking: { documentId: bookingDocumentId } }),

    /**
     * Serialises every transaction that changes one payment (keyed by its PaymentIntent id, which is
     * known before anything is read). An advisory lock rather than FOR UPDATE on the row: Strapi's
     * relation writes (refund links) take KEY SHARE locks on the payment row that are compatible with
     * plain UPDATEs, and two such transactions can deadlock. No-op on SQLite: writes are serialised.
     */
    async lock(trx: Knex.Transaction, intentId: string): Promise<void> {
      await lockForTransaction(strapi, trx, `tofimotia:payment:${intentId}`);
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
      const created = await strapi
        .documents(PAYMENT)
        .create({ data: documentInput<typeof PAYMENT>({ ...data, provider: 'stripe', refunded_amount: 0, amount_captured: 0 }) });
      return (await findOne({ documentId: created.documentId })) as PaymentRecord;
    },

    async update(payment: PaymentRecord, data: PaymentWrite) {
      await strapi.documents(PAYMENT).update({ documentId: payment.documentId, data: documentInput<typeof PAYMENT>(data) });
    },

    async createRefund(
      payment: PaymentRecord,
      data: {
        amount: number;
        kind: NonNullable<RefundWrite['kind']>;
        initiated_by: NonNullable<RefundWrite['initiated_by']>;
        reason: string | null;
        status?: RefundRecord['status'];
        stripe_refund_id?: string | null;
      }
    ) {
      const created = await strapi.documents(REFUND).create({
        data: documentInput<typeof REFUND>({
          payment: payment.id,
          booking: payment.booking?.id ?? null,
          currency: payment.currency,
          status: 'pending',
          ...data,
        }),
      });
      return (await strapi.db.query(REFUND).findOne({ where: { documentId: created.documentId } })) as RefundRecord;
    },

    async updateRefund(
      refund: RefundRecord,
      data: Partial<Pick<RefundRecord, 'status' | 'stripe_refund_id' | 'failure_reason'>>
    ) {
      await strapi.documents(REFUND).update({ documentId: refund.documentId, data: documentInput<typeof REFUND>(data) });
    },

    /** Payments a job should look at again: not settled, not looked at for `staleMs`. */
    async needingSync(now: number, staleMs: number, limit: number): Promise<PaymentRecord[]> {
      return (await strapi.db.query(PAYMENT).findMany({
        where: {
          status: { $in: ['requires_payment_method', 'requires_action', 'processing', 'authorized', 'failed'] },
          $or: [{ last_synced_at: null }, { last_synced_at: { $lt: new Date(now - staleMs).toISOString() } }],
          createdAt: { $gt: new Date(now - 7 * DAY).toISOString() },
        },
        populate: POPULATE,
        orderBy: { id: 'asc' },
        limit,
      })) as PaymentRecord[];
    },

    async pendingRefunds(
      olderThan: number,
      limit: number
    ): Promise<Array<RefundRecord & { payment: { documentId: string } | null }>> {
      return (await strapi.db.query(REFUND).findMany({
        where: { status: 'pending', createdAt: { $lt: new Date(olderThan).toISOString() } },
        populate: { payment: { select: ['documentId'] } },
        orderBy: { id: 'asc' },
        limit,
      })) as Array<RefundRecord & { payment: { documentId: string } | null }>;
    },

    /** A refund with its payment's provider ids, or null. */
    async refundToExecute(refundDocumentId: string): Promise<RefundToExecute | null> {
      return (await strapi.db.query(REFUND).findOne({
        where: { documentId: refundDocumentId },
        populate: {
          payment: { select: ['documentId', 'transaction_id', 'stripe_account_id'] },
          booking: { select: ['documentId'] },
        },
      })) as RefundToExecute | null;
    },

    async refundByDocumentId(refundDocumentId: string): Promise<RefundRecord | null> {
      return (await strapi.db.query(REFUND).findOne({ where: { documentId: refundDocumentId } })) as RefundRecord | null;
    },

    async history(where: Record<string, unknown>, page: Page) {
      const [rows, total] = await Promise.all([
        strapi.db.query(PAYMENT).findMany({
          where,
          populate: POPULATE,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(page),
        }),
        strapi.db.query(PAYMENT).count({ where }),
      ]);
      return { rows: rows as PaymentRecord[], total };
    },
  };
};
