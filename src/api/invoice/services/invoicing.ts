import { documentInput } from '../../../infra/documents';
import type { Actor } from '../../../infra/actor';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import createHttpError from 'http-errors';
import {
  asPriceBreakdown,
  creditNoteAmounts,
  formatInvoiceNumber,
  invoiceAmounts,
  invoiceYear,
  InvoiceError,
  SERIES,
  type InvoiceAmounts,
  type InvoiceKind,
  type InvoiceLine,
} from '../../../domain/invoice';
import { guardedWrite } from '../../../infra/write-guard';
import { renderInvoicePdf, type PrintableInvoice } from '../invoice-pdf';
import type { InvoiceRow, StoredFile } from '../invoice-view';
import { appService } from '../../app-services';
import { lockForTransaction } from '../../../infra/db';

const INVOICE = 'api::invoice.invoice';
const BOOKING = 'api::booking.booking';
const REFUND = 'api::refund.refund';

/** Booking payment states in which money was captured: such a booking has (or gets) an invoice. */
const INVOICEABLE_BOOKING = new Set(['paid', 'partially_refunded', 'refunded']);
/** Payment rows whose money was captured. */
const CAPTURED_PAYMENT = new Set(['succeeded', 'partially_refunded', 'refunded']);

const INVOICE_POPULATE = {
  pdf: true,
  booking: { select: ['id', 'documentId'] },
  payment: { select: ['id', 'documentId'] },
} as const;

interface BookingForInvoice {
  id: number;
  documentId: string;
  reference: string | null;
  start_datetime: string;
  end_datetime: string;
  payment_status: string;
  total_amount: number;
  currency: string;
  price_breakdown: unknown;
  venue: {
    documentId: string;
    name: string;
    timezone: string | null;
    location: { address?: string | null; city?: string | null; postal_code?: string | null; country?: string | null } | null;
    vendor: { business_name: string; contact_email: string | null; website: string | null } | null;
  } | null;
  customer: { id: number; username: string; first_name: string | null; last_name: string | null } | null;
  payments: { id: number; documentId: string; status: string; amount: number; currency: string; createdAt: string }[];
}

const BOOKING_POPULATE = {
  venue: {
    select: ['documentId', 'name', 'timezone'],
    populate: { location: true, vendor: { select: ['business_name', 'contact_email', 'website'] } },
  },
  customer: { select: ['id', 'username', 'first_name', 'last_name'] },
  payments: { select: ['id', 'documentId', 'status', 'amount', 'currency', 'createdAt'], orderBy: { id: 'asc' } },
};

export interface CreditNoteInput {
  /** Minor units refunded (positive integer). */
  amount: number;
  reason?: string | null;
  /** Any stable id of the refund (the api::refund documentId, or the provider's refund id): one credit note per id. */
  refundId: string;
}

const issueKeyOf = (kind: InvoiceKind, id: string) => `${kind}:${id}`;

/** A storage failure as the error mapper would show it (502, safe message). */
const storageError = () =>
  createHttpError(502, 'The file storage service failed; please retry', { details: { service: 'storage' } });

/**
 * Invoices and credit notes (issue 4): numbering, amounts from the booking's price breakdown checked
 * against the payment, a PDF stored through the upload plugin (S3 when configured).
 *
 * Numbers are gap-free per series and UTC year: the counter row is incremented inside the transaction
 * that inserts the document, so both commit or neither does. Issuing is idempotent per issue key
 * (`invoice:<booking>` / `credit_note:<refund id>`): on PostgreSQL a transaction-scoped advisory lock on
 * the key serialises concurrent calls for the same document, on SQLite write transactions are serialised;
 * a unique index on the key backs this up. The PDF is rendered and uploaded after the commit; a failure
 * there leaves the invoice without a PDF, and the next download produces it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const uploads = () => strapi.plugin('upload').service('upload');
  const settings = () => appService(strapi, 'api::system-setting.settings');

  const findInvoice = async (where: Record<string, unknown>): Promise<InvoiceRow | null> =>
    (await strapi.db.query(INVOICE).findOne({ where, populate: INVOICE_POPULATE as never })) as InvoiceRow | null;

  const loadBooking = async (documentId: string): Promise<BookingForInvoice | null> => {
    if (typeof documentId !== 'string' || !documentId || documentId.length > 64) return null;
    return (await strapi.db
      .query(BOOKING)
      .findOne({ where: { documentId }, populate: BOOKING_POPULATE as never })) as BookingForInvoice | null;
  };

  /** One write transaction holding the issue key's lock (PostgreSQL advisory lock; SQLite serialises writers). */
  const withKeyLock = async <T>(key: string, work: (trx: Knex) => Promise<T>): Promise<T> =>
    (await strapi.db.transaction(({ trx }) =>
      guardedWrite('invoicing', async () => {
        await lockForTransaction(strapi, trx, `tofimotia:invoice:${key}`);
        return work(trx);
      })
    )) as T;

  /** Takes the next number of a series for a year, in the caller's transaction (rolled back with it). */
  const nextSequence = async (trx: Knex, kind: InvoiceKind, year: number): Promise<number> => {
    const result = (await trx.raw(
      `insert into invoice_counters (series, year, last_sequence) values (?, ?, 1)
       on conflict (series, year) do update set last_sequence = invoice_counters.last_sequence + 1
       returning last_sequence`,
      [SERIES[kind], year]
    )) as { rows?: { last_sequence: number | string }[] } | { last_sequence: number | string }[];
    const rows = Array.isArray(result) ? result : (result.rows ?? []);
    const value = Number(rows[0]?.last_sequence);
    if (!Number.isInteger(value) || value < 1) throw new Error(`invoice counter ${SERIES[kind]}/${year} returned no number`);
    return value;
  };

  const platformIdentity = async () => {
    const value = (await settings().getMany(['invoices.platform']))['invoices.platform'] as Record<string, unknown> | null;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return {
      name: text(value?.name) ?? process.env.PLATFORM_NAME ?? 'Tofimotia',
      address: text(value?.address),
      tax_id: text(value?.tax_id),
    };
  };

  const capturedPaymentOf = (booking: BookingForInvoice) => booking.payments.find((p) => CAPTURED_PAYMENT.has(p.status)) ?? null;

  /** Inserts a document with the next number of its series, inside `withKeyLock`'s transaction. */
  const insertDocument = async (
    trx: Knex,
    kind: InvoiceKind,
    data: Record<string, unknown> & InvoiceAmounts,
    now: number | undefined
  ): Promise<void> => {
    let issuedAt = now ?? Date.now();
    const year = invoiceYear(issuedAt);
    const sequence = await nextSequence(trx, kind, year);
    // Without an explicit clock, the time is read again once the counter row is ours, so issue times
    // follow number order (unless that would cross into the next year: then the first reading stands).
    if (now === undefined) {
      const later = Date.now();
      if (invoiceYear(later) === year) issuedAt = later;
    }
    await strapi.documents(INVOICE).create({
      data: documentInput<typeof INVOICE, { lines: InvoiceLine[] }>({
        ...data,
        kind,
        year,
        sequence,
        number: formatInvoiceNumber(kind, year, sequence),
        issued_at: new Date(issuedAt).toISOString(),
      }),
    });
  };

  const printableOf = (invoice: InvoiceRow): PrintableInvoice => {
    const details = (invoice.details ?? {}) as Record<string, string | null | undefined>;
    return {
      number: invoice.number,
      kind: invoice.kind,
      issued_at: invoice.issued_at,
      currency: invoice.currency,
      seller: invoice.seller,
      buyer: invoice.buyer,
      platform: invoice.platform,
      booking: {
        reference: details.booking_reference ?? null,
        venue: details.venue ?? null,
        venue_address: details.venue_address ?? null,
        start: details.start ?? null,
        end: details.end ?? null,
        timezone: details.timezone ?? null,
      },
      lines: invoice.lines ?? [],
      subtotal: invoice.subtotal,
      platform_fee: invoice.platform_fee,
      tax: invoice.tax,
      total: invoice.total,
      reason: invoice.reason,
      original_number: invoice.original_number,
    };
  };

  const storePdf = async (invoice: InvoiceRow, bytes: Buffer): Promise<StoredFile> => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tofimotia-invoice-'));
    const name = `${invoice.number}.pdf`;
    const filepath = path.join(dir, name);
    try {
      await fs.writeFile(filepath, bytes);
      const [file] = (await uploads().upload({
        data: { fileInfo: { name, caption: `${invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice'} ${invoice.number}` } },
        files: { filepath, originalFilename: name, mimetype: 'application/pdf', size: bytes.length },
      })) as StoredFile[];
      return file;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  };

  /** Links a freshly stored PDF unless a concurrent call linked one first (then ours is deleted). */
  const attachPdf = async (invoice: InvoiceRow, file: StoredFile): Promise<StoredFile> => {
    const winner = await withKeyLock(`pdf:${invoice.documentId}`, async () => {
      const current = await findInvoice({ id: invoice.id });
      if (current?.pdf) return current.pdf;
      await strapi
        .documents(INVOICE)
        .update({ documentId: invoice.documentId, data: documentInput<typeof INVOICE>({ pdf: file.id }) });
      return file;
    });
    if (winner.id !== file.id) {
      await uploads()
        .remove(file)
        .catch((error: unknown) =>
          strapi.log.warn(`[invoices] could not remove duplicate PDF ${file.id}: ${(error as Error).message}`)
        );
    }
    return winner;
  };

  const readStored = async (file: StoredFile): Promise<Buffer> => {
    if (file.provider === 'local') {
      return fs.readFile(path.join(strapi.dirs.static.public, file.url));
    }
    const signed = (await strapi.plugin('upload').service('file').signFileUrls(file)) as StoredFile;
    const response = await fetch(signed.url);
    if (!response.ok) throw storageError();
    return Buffer.from(await response.arrayBuffer());
  };

  const service = {
    /**
     * The booking's invoice, issued now if it has none yet. Needs a captured payment (booking
     * payment_status paid / partially_refunded / refunded and a succeeded payment row) whose amount
     * equals the booking's total; otherwise `not_paid` (409) or `amount_mismatch` (409).
     * Safe to call concurrently and repeatedly: there is exactly one invoice per booking.
     */
    async issueForBooking(bookingDocumentId: string, options: { now?: number; renderPdf?: boolean } = {}): Promise<InvoiceRow> {
      const key = issueKeyOf('invoice', bookingDocumentId);
      const existing = await findInvoice({ issue_key: key });
      if (existing) return existing;

      const booking = await loadBooking(bookingDocumentId);
      if (!booking) throw new InvoiceError('not_found', 'Booking not found');
      const payment = capturedPaymentOf(booking);
      if (!INVOICEABLE_BOOKING.has(booking.payment_status) || !payment) {
        throw new InvoiceError('not_paid', 'This booking has not been paid, so it has no invoice', {
          payment_status: booking.payment_status,
        });
      }
      const breakdown = asPriceBreakdown(booking.price_breakdown);
      if (!breakdown) throw new InvoiceError('amount_mismatch', 'The booking has no complete price breakdown to invoice');
      const amounts = invoiceAmounts(breakdown, payment.amount);
      const location = booking.venue?.location ?? null;
      const address = location
        ? [location.address, [location.postal_code, location.city].filter(Boolean).join(' '), location.country]
            .filter(Boolean)
            .join(', ')
        : null;
      const customer = booking.customer;
      const platform = await platformIdentity();

      await withKeyLock(key, async (trx) => {
        if (await findInvoice({ issue_key: key })) return; // issued by a concurrent call while we prepared
        await insertDocument(
          trx,
          'invoice',
          {
            ...amounts,
            booking: booking.id,
            payment: payment.id,
            currency: booking.currency,
            issue_key: key,
            seller: {
              name: booking.venue?.vendor?.business_name ?? 'Unknown seller',
              contact_email: booking.venue?.vendor?.contact_email ?? null,
              website: booking.venue?.vendor?.website ?? null,
            },
            buyer: {
              name: customer
                ? [customer.first_name, customer.last_name].filter(Boolean).join(' ') || customer.username
                : 'Customer',
            },
            platform,
            details: {
              booking_reference: booking.reference,
              venue: booking.venue?.name ?? null,
              venue_address: address || null,
              timezone: booking.venue?.timezone ?? null,
              start: booking.start_datetime ? new Date(booking.start_datetime).toISOString() : null,
              end: booking.end_datetime ? new Date(booking.end_datetime).toISOString() : null,
            },
          },
          options.now
        );
      });
      const invoice = (await findInvoice({ issue_key: key })) as InvoiceRow;
      if (options.renderPdf !== false) await service.tryEnsurePdf(invoice);
      return (await findInvoice({ id: invoice.id })) as InvoiceRow;
    },

    /**
     * A credit note for one refund of a booking (own series, `CN-2026-000001`), issued once per
     * `refundId`. The booking's invoice is issued first if it has none. The amount is split into
     * subtotal, fee and tax in the invoice's proportions; more than the invoice's uncredited total is
     * refused (`over_credit`, 400).
     */
    async issueCreditNote(
      bookingDocumentId: string,
      input: CreditNoteInput,
      options: { now?: number; renderPdf?: boolean } = {}
    ): Promise<InvoiceRow> {
      if (typeof input.refundId !== 'string' || !input.refundId || input.refundId.length > 200) {
        throw new InvoiceError('invalid_amount', 'A credit note needs the id of its refund');
      }
      const key = issueKeyOf('credit_note', input.refundId);
      const existing = await findInvoice({ issue_key: key });
      if (existing) return existing;
      if (!Number.isInteger(input.amount) || input.amount <= 0) {
        throw new InvoiceError('invalid_amount', 'A credit note amount must be a positive integer (minor units)');
      }
      const invoice = await service.issueForBooking(bookingDocumentId, { now: options.now, renderPdf: options.renderPdf });
      const reason = typeof input.reason === 'string' && input.reason.trim() ? input.reason.trim().slice(0, 2000) : null;

      // All credit notes of one invoice take the invoice's lock, so the credited total cannot be overrun.
      await withKeyLock(`credit:${invoice.documentId}`, async (trx) => {
        if (await findInvoice({ issue_key: key })) return;
        const earlier = (await strapi.db.query(INVOICE).findMany({
          where: { kind: 'credit_note', original_number: invoice.number },
          select: ['platform_fee', 'tax', 'total'],
        })) as { platform_fee: number; tax: number; total: number }[];
        const credited = earlier.reduce(
          (sum, note) => ({
            platform_fee: sum.platform_fee + note.platform_fee,
            tax: sum.tax + note.tax,
            total: sum.total + note.total,
          }),
          { platform_fee: 0, tax: 0, total: 0 }
        );
        const amounts = creditNoteAmounts(
          invoice,
          input.amount,
          credited,
          reason ? `Refund: ${reason}` : `Refund for invoice ${invoice.number}`
        );
        await insertDocument(
          trx,
          'credit_note',
          {
            ...amounts,
            booking: invoice.booking?.id ?? null,
            payment: invoice.payment?.id ?? null,
            currency: invoice.currency,
            issue_key: key,
            seller: invoice.seller,
            buyer: invoice.buyer,
            platform: invoice.platform,
            details: invoice.details,
            reason,
            original_number: invoice.number,
          },
          options.now
        );
      });
      const note = (await findInvoice({ issue_key: key })) as InvoiceRow;
      if (options.renderPdf !== false) await service.tryEnsurePdf(note);
      return (await findInvoice({ id: note.id })) as InvoiceRow;
    },

    /** Credit notes for every succeeded refund of the booking that has none yet (after `payment.refunded`). */
    async issueCreditNotesForRefunds(bookingDocumentId: string): Promise<InvoiceRow[]> {
      const refunds = (await strapi.db.query(REFUND).findMany({
        where: { booking: { documentId: bookingDocumentId }, status: 'succeeded' },
        select: ['documentId', 'amount', 'reason'],
        orderBy: { id: 'asc' },
      })) as { documentId: string; amount: number; reason: string | null }[];
      const notes: InvoiceRow[] = [];
      for (const refund of refunds) {
        notes.push(
          await service.issueCreditNote(bookingDocumentId, {
            amount: refund.amount,
            reason: refund.reason,
            refundId: refund.documentId,
          })
        );
      }
      return notes;
    },

    /** Invoice and credit notes of a booking, oldest first. */
    async listForBooking(bookingDocumentId: string): Promise<InvoiceRow[]> {
      return (await strapi.db.query(INVOICE).findMany({
        where: { booking: { documentId: bookingDocumentId } },
        populate: INVOICE_POPULATE as never,
        orderBy: [{ issued_at: 'asc' }, { id: 'asc' }],
      })) as InvoiceRow[];
    },

    /** The stored PDF, rendering and storing it first when missing. */
    async ensurePdf(invoice: InvoiceRow): Promise<StoredFile> {
      if (invoice.pdf) return invoice.pdf;
      const bytes = await renderInvoicePdf(printableOf(invoice));
      return attachPdf(invoice, await storePdf(invoice, bytes));
    },

    /** ensurePdf for the issuing path: a failure is logged, the invoice stays and the next download retries. */
    async tryEnsurePdf(invoice: InvoiceRow): Promise<StoredFile | null> {
      try {
        return await service.ensurePdf(invoice);
      } catch (error) {
        strapi.log.warn(
          `[invoices] PDF of ${invoice.number} not stored yet, the next download retries: ${(error as Error).message}`
        );
        return null;
      }
    },

    /**
     * The PDF bytes of an invoice: the stored file; when storing fails the document is rendered from the
     * invoice row (which holds everything printed on it), so a download never depends on the storage.
     */
    async pdfBytes(invoice: InvoiceRow): Promise<Buffer> {
      let file: StoredFile | null = invoice.pdf;
      if (!file) file = await service.tryEnsurePdf(invoice);
      if (file) {
        try {
          return await readStored(file);
        } catch (error) {
          strapi.log.warn(
            `[invoices] stored PDF of ${invoice.number} unreadable, rendering it again: ${(error as Error).message}`
          );
        }
      }
      return renderInvoicePdf(printableOf(invoice));
    },

    /** For GET /bookings/:id/invoice: the booking's customer, its venue's vendor or staff; others 404. */
    async invoiceFor(actor: Actor, bookingDocumentId: string): Promise<InvoiceRow> {
      await appService(strapi, 'api::booking.booking-engine').access(actor, bookingDocumentId);
      return service.issueForBooking(bookingDocumentId);
    },

    /** For GET /bookings/:id/invoices/:number: one document of the booking (invoice or credit note). */
    async documentFor(actor: Actor, bookingDocumentId: string, number: string): Promise<InvoiceRow> {
      await appService(strapi, 'api::booking.booking-engine').access(actor, bookingDocumentId);
      const invoice = await findInvoice({ number, booking: { documentId: bookingDocumentId } });
      if (!invoice) throw new InvoiceError('not_found', 'Invoice not found');
      return invoice;
    },

    /** For GET /bookings/:id/invoices. */
    async listFor(actor: Actor, bookingDocumentId: string): Promise<InvoiceRow[]> {
      await appService(strapi, 'api::booking.booking-engine').access(actor, bookingDocumentId);
      return service.listForBooking(bookingDocumentId);
    },
  };
  return service;
};
