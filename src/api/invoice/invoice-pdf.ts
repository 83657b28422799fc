import PDFDocument from 'pdfkit';
import type { InvoiceKind, InvoiceLine } from '../../domain/invoice';
import { formatMoney } from '../../domain/pricing';

/** Everything printed on an invoice or credit note (all of it stored on the invoice row). */
export interface PrintableInvoice {
  number: string;
  kind: InvoiceKind;
  issued_at: string;
  currency: string;
  seller: { name: string; contact_email?: string | null; website?: string | null } | null;
  buyer: { name: string } | null;
  platform: { name: string; address?: string | null; tax_id?: string | null } | null;
  booking: {
    reference: string | null;
    venue: string | null;
    venue_address: string | null;
    start: string | null;
    end: string | null;
    timezone: string | null;
  } | null;
  lines: InvoiceLine[];
  subtotal: number;
  platform_fee: number;
  tax: number;
  total: number;
  reason: string | null;
  original_number: string | null;
}

/**
 * The built-in PDF fonts (Helvetica) only cover Windows-1252; other characters would print as garbage,
 * so they are replaced by '?'. Names in other scripts need an embedded Unicode font (not shipped).
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const printable = (text: string | null | undefined): string =>
  Array.from(text ?? '', (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : '?';
  }).join('');

/** "2026-11-25 14:00 UTC"-style instant, or a venue-local time with its zone when one is given. */
const formatInstant = (iso: string | null, timeZone?: string | null): string => {
  if (!iso) return '';
  const zone = timeZone || 'UTC';
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${zone})`;
  } catch {
    return new Date(iso).toISOString();
  }
};

/** Renders the invoice as an A4 PDF; resolves with its bytes. */
export const renderInvoicePdf = (invoice: PrintableInvoice, options: { compress?: boolean } = {}): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const title = invoice.kind === 'credit_note' ? 'Credit note' : 'Invoice';
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      compress: options.compress ?? true,
      info: { Title: `${title} ${invoice.number}`, Author: printable(invoice.platform?.name ?? 'Tofimotia'), Subject: title },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const money = (amount: number) => formatMoney(amount, invoice.currency);
    const left = 50;
    const right = doc.page.width - 50;
    const amountX = right - 140;

    doc.font('Helvetica-Bold').fontSize(20).text(`${title} ${invoice.number}`, left, 50);
    doc.font('Helvetica').fontSize(10).moveDown(0.5);
    doc.text(`Issued: ${formatInstant(invoice.issued_at)}`);
    if (invoice.kind === 'credit_note' && invoice.original_number) doc.text(`Credits invoice: ${invoice.original_number}`);
    if (invoice.booking?.reference) doc.text(`Booking: ${printable(invoice.booking.reference)}`);
    doc.moveDown();

    const block = (heading: string, rows: (string | null | undefined)[]) => {
      doc.font('Helvetica-Bold').text(heading);
      doc.font('Helvetica');
      for (const row of rows) if (row) doc.text(printable(row));
      doc.moveDown(0.5);
    };
    block('Seller', [invoice.seller?.name, invoice.seller?.contact_email, invoice.seller?.website]);
    block('Marketplace', [
      invoice.platform?.name,
      invoice.platform?.address,
      invoice.platform?.tax_id ? `Tax ID: ${invoice.platform.tax_id}` : null,
    ]);
    block('Billed to', [invoice.buyer?.name]);
    if (invoice.booking?.venue) {
      block('Venue', [
        invoice.booking.venue,
        invoice.booking.venue_address,
        invoice.booking.start ? `From ${formatInstant(invoice.booking.start, invoice.booking.timezone)}` : null,
        invoice.booking.end ? `To ${formatInstant(invoice.booking.end, invoice.booking.timezone)}` : null,
      ]);
    }
    if (invoice.reason) block('Reason', [invoice.reason]);
    doc.moveDown(0.5);

    const row = (label: string, amount: string, bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
      doc.text(printable(label), left, y, { width: amountX - left - 10 });
      const after = doc.y;
      doc.text(amount, amountX, y, { width: right - amountX, align: 'right' });
      doc.y = Math.max(after, doc.y);
      doc.x = left;
    };
    const rule = () => {
      doc
        .moveTo(left, doc.y + 2)
        .lineTo(right, doc.y + 2)
        .stroke();
      doc.moveDown(0.5);
    };

    row('Description', 'Amount', true);
    rule();
    for (const line of invoice.lines) row(line.label, money(line.amount));
    rule();
    row('Subtotal', money(invoice.subtotal));
    row('Platform fee', money(invoice.platform_fee));
    row('Tax', money(invoice.tax));
    rule();
    row(invoice.kind === 'credit_note' ? 'Total credited' : 'Total', money(invoice.total), true);
    doc.moveDown(2);
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(
        invoice.kind === 'credit_note'
          ? 'This credit note reduces the amount of the invoice named above by the total shown.'
          : 'Paid in full. Amounts include the marketplace platform fee and tax as shown.',
        left
      );
    doc.end();
  });
