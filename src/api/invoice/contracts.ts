import { documentIdParam } from '../../infra/params';
import { z } from 'zod';
import { dataResponse, instant, integer, type Documents } from '../../infra/openapi-shapes';
import type { InvoiceView } from './invoice-view';

export { documentIdParam };

/** `INV-2026-000042` / `CN-2026-000001`. */
export const invoiceNumberParam = z
  .string()
  .max(32)
  .regex(/^(INV|CN)-\d{4}-\d{6,}$/, 'not an invoice number (INV-YYYY-NNNNNN or CN-YYYY-NNNNNN)');

/** Strapi's generator files every response under application/json; these are sent as application/pdf. */
export const invoicePdfResponse = z.string().meta({
  description:
    'The invoice as a PDF (Content-Type application/pdf, Content-Disposition attachment; filename="INV-YYYY-NNNNNN.pdf"), ' +
    "issued on first request if the booking was paid but has none yet. For the booking's customer, the venue's vendor " +
    'and admin staff (API token); anyone else 404. A booking that has not been paid: 409 ConflictError with ' +
    'details.reason BOOKING_NOT_PAID.',
  contentMediaType: 'application/pdf',
});

export const invoiceDocumentPdfResponse = z.string().meta({
  description:
    'One invoice or credit note of the booking as a PDF (application/pdf, attachment named after its number). 404 when the booking ' +
    "has no document with that number or is not the caller's.",
  contentMediaType: 'application/pdf',
});

const lineSchema = z.object({ label: z.string(), amount: integer, kind: z.enum(['rental', 'discount', 'refund']) });

export const invoiceSchema = z.object({
  documentId: z.string(),
  number: z.string().describe('INV-YYYY-NNNNNN (invoice) or CN-YYYY-NNNNNN (credit note); YYYY is the UTC year of issued_at'),
  kind: z.enum(['invoice', 'credit_note']),
  year: integer,
  sequence: integer,
  issued_at: instant,
  booking: z.string().nullable(),
  currency: z.string(),
  seller: z.object({ name: z.string(), contact_email: z.string().nullable(), website: z.string().nullable() }).nullable(),
  buyer: z.object({ name: z.string() }).nullable(),
  platform: z.object({ name: z.string(), address: z.string().nullable(), tax_id: z.string().nullable() }).nullable(),
  lines: z.array(lineSchema),
  subtotal: integer.describe('Σ lines (after discounts), minor units'),
  platform_fee: integer,
  tax: integer,
  total: integer.describe('subtotal + platform_fee + tax: what was paid (invoice) or refunded (credit note)'),
  reason: z.string().nullable(),
  original_number: z.string().nullable().describe('For a credit note: the invoice it credits'),
  pdf_path: z.string().describe('Where to download this document as a PDF'),
});

export const invoiceListResponse = z
  .object({ data: z.array(invoiceSchema), meta: z.object({}) })
  .describe(
    "The booking's invoice and credit notes, oldest first (empty until the booking is paid; the invoice is issued on payment " +
      'or on the first PDF download). Customer, vendor of the venue, admin staff; anyone else 404.'
  );

export const invoiceResponse = dataResponse(invoiceSchema);

export type InvoiceDocumented = Documents<z.output<typeof invoiceSchema>, InvoiceView>;
