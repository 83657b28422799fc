import {
  asPriceBreakdown,
  creditNoteAmounts,
  formatInvoiceNumber,
  invoiceAmounts,
  invoiceYear,
  parseInvoiceNumber,
} from '../../src/domain/invoice';

/** Pure invoice rules (no app): `TOFIMOTIA_SKIP_COMPILE=1 npx jest tests/invoices/invoice-domain` runs instantly. */
describe('invoice numbers', () => {
  it('formats series, UTC year and a 6-digit sequence', () => {
    expect(formatInvoiceNumber('invoice', 2026, 42)).toBe('INV-2026-000042');
    expect(formatInvoiceNumber('credit_note', 2026, 1)).toBe('CN-2026-000001');
    expect(formatInvoiceNumber('invoice', 2026, 1234567)).toBe('INV-2026-1234567');
    expect(() => formatInvoiceNumber('invoice', 2026, 0)).toThrow(RangeError);
    expect(parseInvoiceNumber('CN-2027-000003')).toEqual({ kind: 'credit_note', year: 2027, sequence: 3 });
    expect(parseInvoiceNumber('INV-27-1')).toBeNull();
  });

  it('takes the year in UTC, whatever the local zone says', () => {
    expect(invoiceYear(Date.UTC(2026, 11, 31, 23, 30))).toBe(2026); // already 2027 in Berlin and Tokyo
    expect(invoiceYear(Date.UTC(2027, 0, 1, 0, 0))).toBe(2027); // still 2026 in New York
  });
});

const quote = {
  lines: [
    { label: '2 h', amount: 20000 },
    { label: '1 h (evening rate)', amount: 15000 },
  ],
  subtotal: 35000,
  discount: 3500,
  discount_rule: { name: 'Spring', promo_code: 'SPRING' },
  platform_fee: 3150,
  tax: 6584,
  total_amount: 41234,
};

describe('invoice amounts', () => {
  it('uses the price lines and a negative discount line; subtotal + fee + tax = total = paid', () => {
    const amounts = invoiceAmounts(asPriceBreakdown(quote)!, 41234);
    expect(amounts.lines).toEqual([
      { label: '2 h', amount: 20000, kind: 'rental' },
      { label: '1 h (evening rate)', amount: 15000, kind: 'rental' },
      { label: 'Discount: Spring (code SPRING)', amount: -3500, kind: 'discount' },
    ]);
    expect(amounts).toMatchObject({ subtotal: 31500, platform_fee: 3150, tax: 6584, total: 41234 });
  });

  it('refuses a breakdown that does not match the payment or does not add up', () => {
    expect(() => invoiceAmounts(asPriceBreakdown(quote)!, 41233)).toThrow(expect.objectContaining({ code: 'amount_mismatch' }));
    expect(() => invoiceAmounts(asPriceBreakdown({ ...quote, subtotal: 1 })!, 41234)).toThrow(
      expect.objectContaining({ code: 'amount_mismatch' })
    );
    expect(asPriceBreakdown({ lines: 'x' })).toBeNull();
    expect(asPriceBreakdown(null)).toBeNull();
  });
});

describe('credit note amounts', () => {
  const invoice = { subtotal: 31500, platform_fee: 3150, tax: 6584, total: 41234 };

  it('splits a refund in the invoice proportions and always adds up', () => {
    for (const amount of [1, 2, 3, 99, 12345, 20617, 41233, 41234]) {
      const note = creditNoteAmounts(invoice, amount);
      expect(note.subtotal + note.platform_fee + note.tax).toBe(amount);
      expect(note.subtotal).toBeGreaterThanOrEqual(0);
      expect(note.platform_fee).toBeGreaterThanOrEqual(0);
      expect(note.tax).toBeGreaterThanOrEqual(0);
    }
    expect(creditNoteAmounts(invoice, 41234)).toMatchObject(invoice);
  });

  it('lets successive refunds credit exactly the invoice, and no more', () => {
    let credited = { platform_fee: 0, tax: 0, total: 0 };
    let subtotal = 0;
    for (const amount of [10001, 7, 20000, 11226]) {
      const note = creditNoteAmounts(invoice, amount, credited);
      credited = {
        platform_fee: credited.platform_fee + note.platform_fee,
        tax: credited.tax + note.tax,
        total: credited.total + note.total,
      };
      subtotal += note.subtotal;
    }
    expect({ ...credited, subtotal }).toEqual(invoice);
    expect(() => creditNoteAmounts(invoice, 1, credited)).toThrow(expect.objectContaining({ code: 'over_credit' }));
    expect(() => creditNoteAmounts(invoice, 0)).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    expect(() => creditNoteAmounts(invoice, 1.5)).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
  });
});
