import type { Context } from 'koa';
import { actorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { documentIdParam, invoiceNumberParam } from '../contracts';
import { invoiceView, type InvoiceRow } from '../invoice-view';
import { appService } from '../../app-services';

const invoicing = () => appService(strapi, 'api::invoice.invoicing');

const sendPdf = async (ctx: Context, invoice: InvoiceRow) => {
  const bytes: Buffer = await invoicing().pdfBytes(invoice);
  ctx.set('Content-Type', 'application/pdf');
  ctx.set('Content-Disposition', `attachment; filename="${invoice.number}.pdf"`);
  ctx.set('Cache-Control', 'private, no-store');
  ctx.body = bytes;
};

export default {
  /** GET /bookings/:id/invoice — the booking's invoice as a PDF (issued now if paid and not issued yet). */
  async download(ctx: Context) {
    const booking = parseOrThrow(documentIdParam, ctx.params.id);
    await sendPdf(ctx, await invoicing().invoiceFor(actorOf(ctx), booking));
  },

  /** GET /bookings/:id/invoices — invoice and credit notes as JSON. */
  async list(ctx: Context) {
    const booking = parseOrThrow(documentIdParam, ctx.params.id);
    const rows: InvoiceRow[] = await invoicing().listFor(actorOf(ctx), booking);
    ctx.body = { data: rows.map(invoiceView), meta: {} };
  },

  /** GET /bookings/:id/invoices/:number — one invoice or credit note of the booking as a PDF. */
  async document(ctx: Context) {
    const booking = parseOrThrow(documentIdParam, ctx.params.id);
    const number = parseOrThrow(invoiceNumberParam, ctx.params.number);
    await sendPdf(ctx, await invoicing().documentFor(actorOf(ctx), booking, number));
  },
};
