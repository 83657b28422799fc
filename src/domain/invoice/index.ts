import { DomainError } from '../errors';

/**
 * Invoices and credit notes: numbering and amounts. Pure (no Strapi); the invoicing service
 * (src/api/invoice/services/invoicing.ts) loads the booking and stores the result.
 *
 * - Two series, each numbered from 1 per calendar year: invoices `INV-2026-000042`, credit notes
 *   `CN-2026-000001`. The year is the UTC year of the document's `issued_at` instant.
 * - An invoice's lines are the booking's price lines (price_breakdown.lines) plus a negative discount
 *   line; `subtotal = Σ lines` (after the discount), `total = subtotal + platform_fee + tax`, equal to
 *   the booking's total_amount and to the payment's amount.
 * - A credit note for a refund of `amount` splits it in the invoice's proportions: fee and tax are
 *   rounded shares (half up), the rest is the subtotal, so `subtotal + fee + tax = amount` exactly and a
 *   full refund credits exactly the invoice's amounts.
 */

export type InvoiceKind = 'invoice' | 'credit_note';

export const SERIES: Record<InvoiceKind, string> = { invoice: 'INV', credit_note: 'CN' };

export type InvoiceErrorCode =
  | 'not_found' // 404: no such booking (or not yours)
  | 'not_paid' // 409: the booking has no captured payment, so no invoice
  | 'amount_mismatch' // 409: the booking's breakdown disagrees with the payment; staff must look
  | 'invalid_amount' // 400: a credit note amount that is not a positive integer
  | 'over_credit'; // 400: more credited than the invoice's total

/** name 'InvoiceError'; `code`, `message`, `details` as every DomainError. */
export class InvoiceError extends DomainError<InvoiceErrorCode> {}

/** The UTC calendar year of an instant (epoch ms): the numbering year of a document issued then. */
export const invoiceYear = (issuedAt: number): number => new Date(issuedAt).getUTCFullYear();

/** `INV-2026-000042`: series, UTC year, sequence padded to 6 digits (longer sequences keep all digits). */
export const formatInvoiceNumber = (kind: InvoiceKind, year: number, sequence: number): string => {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('invoice sequence must be a positive integer');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError('invoice year must have four digits');
  return `${SERIES[kind]}-${year}-${String(sequence).padStart(6, '0')}`;
};

const NUMBER_PATTERN = /^(INV|CN)-(\d{4})-(\d{6,})$/;

export const parseInvoiceNumber = (number: string): { kind: InvoiceKind; year: number; sequence: number } | null => {
  const match = NUMBER_PATTERN.exec(number);
  if (!match) return null;
  return { kind: match[1] === 'INV' ? 'invoice' : 'credit_note', year: Number(match[2]), sequence: Number(match[3]) };
};

export interface InvoiceLine {
  label: string;
  amount: number;
  kind: 'rental' | 'discount' | 'refund';
}

export interface InvoiceAmounts {
  lines: InvoiceLine[];
  subtotal: number;
  platform_fee: number;
  tax: number;
  total: number;
}

/** The subset of a booking's price quote (src/domain/pricing `Quote`) an invoice is made from. */
export interface PriceBreakdown {
  lines: { label: string; amount: number }[];
  subtotal: number;
  discount: number;
  discount_rule?: { name: string; promo_code: string | null } | null;
  platform_fee: number;
  tax: number;
  total_amount: number;
}

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Reads a stored price_breakdown, or null when it is not a complete quote. */
export const asPriceBreakdown = (value: unknown): PriceBreakdown | null => {
  if (!value || typeof value !== 'object') return null;
  const b = value as Record<string, unknown>;
  if (!Array.isArray(b.lines)) return null;
  const lines = b.lines as unknown[];
  const linesOk = lines.every(
    (l) =>
      !!l &&
      typeof l === 'object' &&
      typeof (l as { label?: unknown }).label === 'string' &&
      isInt((l as { amount?: unknown }).amount)
  );
  if (!linesOk) return null;
  if (![b.subtotal, b.discount ?? 0, b.platform_fee, b.tax, b.total_amount].every(isInt)) return null;
  return {
    lines: (lines as { label: string; amount: number }[]).map((l) => ({ label: l.label, amount: l.amount })),
    subtotal: b.subtotal as number,
    discount: (b.discount as number | undefined) ?? 0,
    discount_rule: (b.discount_rule as PriceBreakdown['discount_rule']) ?? null,
    platform_fee: b.platform_fee as number,
    tax: b.tax as number,
    total_amount: b.total_amount as number,
  };
};

/**
 * The invoice of a booking from its price breakdown, checked against what was paid: the lines must add
 * up to the breakdown's subtotal and its total to `paidAmount`, otherwise `amount_mismatch`.
 */
export const invoiceAmounts = (breakdown: PriceBreakdown, paidAmount: number): InvoiceAmounts => {
  const lines: InvoiceLine[] = breakdown.lines.map((line) => ({ label: line.label, amount: line.amount, kind: 'rental' }));
  const lineSum = lines.reduce((sum, line) => sum + line.amount, 0);
  if (lineSum !== breakdown.subtotal) {
    throw new InvoiceError('amount_mismatch', 'The booking price lines do not add up to its subtotal', {
      lines: lineSum,
      subtotal: breakdown.subtotal,
    });
  }
  if (breakdown.discount > 0) {
    const rule = breakdown.discount_rule;
    const label = rule ? `Discount: ${rule.name}${rule.promo_code ? ` (code ${rule.promo_code})` : ''}` : 'Discount';
    lines.push({ label, amount: -breakdown.discount, kind: 'discount' });
  }
  const subtotal = breakdown.subtotal - breakdown.discount;
  const total = subtotal + breakdown.platform_fee + breakdown.tax;
  if (total !== breakdown.total_amount || total !== paidAmount) {
    throw new InvoiceError('amount_mismatch', 'The booking total does not match the payment', {
      breakdown_total: breakdown.total_amount,
      computed_total: total,
      paid: paidAmount,
    });
  }
  return { lines, subtotal, platform_fee: breakdown.platform_fee, tax: breakdown.tax, total };
};

/** `round(value × part / whole)`, half up, in integers. */
const share = (value: number, part: number, whole: number): number =>
  whole === 0 ? 0 : Math.floor((value * part * 2 + whole) / (2 * whole));

/**
 * The amounts of a credit note for `amount` against an invoice, given what earlier credit notes of that
 * invoice already credited. The last credit note that brings the credited total to the invoice total
 * takes exactly the remaining fee and tax, so a fully refunded booking nets to zero on every line.
 */
export const creditNoteAmounts = (
  invoice: Pick<InvoiceAmounts, 'subtotal' | 'platform_fee' | 'tax' | 'total'>,
  amount: number,
  alreadyCredited: Pick<InvoiceAmounts, 'platform_fee' | 'tax' | 'total'> = { platform_fee: 0, tax: 0, total: 0 },
  label = 'Refund'
): InvoiceAmounts => {
  if (!Number.isInteger(amount) || amount <= 0)
    throw new InvoiceError('invalid_amount', 'A credit note amount must be a positive integer (minor units)');
  const remaining = invoice.total - alreadyCredited.total;
  if (amount > remaining) {
    throw new InvoiceError('over_credit', 'The credit note would credit more than the invoice total', { amount, remaining });
  }
  const last = amount === remaining;
  const feeLeft = Math.max(0, invoice.platform_fee - alreadyCredited.platform_fee);
  const taxLeft = Math.max(0, invoice.tax - alreadyCredited.tax);
  let platform_fee = last ? feeLeft : Math.min(share(invoice.platform_fee, amount, invoice.total), feeLeft);
  let tax = last ? taxLeft : Math.min(share(invoice.tax, amount, invoice.total), taxLeft);
  // Rounding on tiny amounts must never make the subtotal negative.
  platform_fee = Math.min(platform_fee, amount);
  tax = Math.min(tax, amount - platform_fee);
  const subtotal = amount - platform_fee - tax;
  return { lines: [{ label, amount: subtotal, kind: 'refund' }], subtotal, platform_fee, tax, total: amount };
};
