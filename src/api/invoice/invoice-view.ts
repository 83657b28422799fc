import type { InvoiceKind, InvoiceLine } from '../../domain/invoice';

/** An uploaded file row (plugin::upload.file) as the invoicing service uses it. */
export interface StoredFile {
  id: number;
  name: string;
  url: string;
  hash: string;
  ext: string;
  mime: string;
  size: number;
  provider: string;
  provider_metadata?: unknown;
}

/** An invoice or credit note row as loaded by the invoicing service. */
export interface InvoiceRow {
  id: number;
  documentId: string;
  number: string;
  kind: InvoiceKind;
  year: number;
  sequence: number;
  issued_at: string;
  seller: { name: string; contact_email?: string | null; website?: string | null } | null;
  buyer: { name: string } | null;
  platform: { name: string; address?: string | null; tax_id?: string | null } | null;
  details: Record<string, string | null> | null;
  lines: InvoiceLine[] | null;
  subtotal: number;
  platform_fee: number;
  tax: number;
  total: number;
  currency: string;
  reason: string | null;
  original_number: string | null;
  pdf: StoredFile | null;
  booking: { id: number; documentId: string } | null;
  payment: { id: number; documentId: string } | null;
}

/**
 * An invoice as the API returns it (GET /bookings/:id/invoices). Never the storage URL of the PDF (the
 * file may sit in a public folder or bucket): PDFs are downloaded through the access-checked routes.
 */
export const invoiceView = (row: InvoiceRow) => ({
  documentId: row.documentId,
  number: row.number,
  kind: row.kind,
  year: row.year,
  sequence: row.sequence,
  issued_at: new Date(row.issued_at).toISOString(),
  booking: row.booking?.documentId ?? null,
  currency: row.currency,
  seller: row.seller
    ? { name: row.seller.name, contact_email: row.seller.contact_email ?? null, website: row.seller.website ?? null }
    : null,
  buyer: row.buyer ? { name: row.buyer.name } : null,
  platform: row.platform
    ? { name: row.platform.name, address: row.platform.address ?? null, tax_id: row.platform.tax_id ?? null }
    : null,
  lines: (row.lines ?? []).map((line) => ({ label: line.label, amount: line.amount, kind: line.kind })),
  subtotal: row.subtotal,
  platform_fee: row.platform_fee,
  tax: row.tax,
  total: row.total,
  reason: row.reason,
  original_number: row.original_number,
  pdf_path: `/api/v1/bookings/${row.booking?.documentId ?? ''}/invoices/${row.number}`,
});

export type InvoiceView = ReturnType<typeof invoiceView>;
