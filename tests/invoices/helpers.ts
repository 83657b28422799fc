import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { Response } from 'superagent';
import type { TestApp } from '../harness/app';
import { bookingRow, createBooking, localTime } from '../harness/bookings';
import type { TestUser } from '../harness/users';
import type { TestVenue } from '../harness/venues';

export const ZONE = 'Europe/Berlin';
export const INVOICE = 'api::invoice.invoice';

export const invoicing = (app: TestApp) => app.strapi.service('api::invoice.invoicing');

/** The text PDF.js (pdf-parse) reads from a PDF, in a child process (see pdf-text.cjs). */
export const pdfText = (pdf: Buffer): Promise<{ text: string; pages: number; title: string | null }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'pdf-text.cjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`pdf-text exited ${code}: ${Buffer.concat(err).toString()}`));
      else resolve(JSON.parse(Buffer.concat(out).toString()));
    });
    child.stdin.end(pdf);
  });

/** supertest parser keeping the raw bytes (PDF answers); JSON errors are parsed by `jsonOf`. */
const binary = (res: Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

export const getPdf = (app: TestApp, pathname: string, headers: Record<string, string> = {}) =>
  app
    .http()
    .get(app.api(pathname))
    .set(headers)
    .buffer(true)
    .parse(binary as never);

export const jsonOf = (res: { body: unknown }) => JSON.parse((res.body as Buffer).toString('utf8'));

export interface PaidBooking {
  documentId: string;
  id: number;
  total: number;
  breakdown: { subtotal: number; discount: number; platform_fee: number; tax: number; total_amount: number };
  payment: { id: number; documentId: string };
}

/**
 * A booking paid without the payments flow: created over HTTP, confirmed by the engine's markPaid, and a
 * succeeded payment row for its total (as the payments plugin records a captured PaymentIntent).
 */
export const paidBooking = async (
  app: TestApp,
  customer: TestUser,
  venue: TestVenue,
  window: { day: number; from: string; to: string },
  payment: { amount?: number } = {}
): Promise<PaidBooking> => {
  const created = await createBooking(app, customer, {
    venue: venue.documentId,
    start: localTime(ZONE, window.day, window.from),
    end: localTime(ZONE, window.day, window.to),
    guests: 4,
  });
  if (created.status !== 201) throw new Error(`booking failed: ${created.status} ${JSON.stringify(created.body)}`);
  const booking = created.body.data;
  await app.strapi.service('api::booking.booking-engine').markPaid(booking.documentId);
  const row = await bookingRow(app, booking.documentId);
  const record = await app.strapi.documents('api::payment.payment').create({
    data: {
      booking: row.id,
      customer: customer.id,
      amount: payment.amount ?? booking.total_amount,
      currency: booking.currency,
      status: 'succeeded',
      provider: 'stripe',
      transaction_id: `pi_test_${crypto.randomBytes(8).toString('hex')}`,
      platform_fee: booking.price_breakdown.platform_fee,
      amount_captured: payment.amount ?? booking.total_amount,
      capture_method: 'automatic',
    } as never,
  });
  return {
    documentId: booking.documentId,
    id: row.id,
    total: booking.total_amount,
    breakdown: booking.price_breakdown,
    payment: { id: Number(record.id), documentId: record.documentId },
  };
};

/** An unpaid booking (pending_payment hold). */
export const unpaidBooking = async (
  app: TestApp,
  customer: TestUser,
  venue: TestVenue,
  window: { day: number; from: string; to: string }
) => {
  const created = await createBooking(app, customer, {
    venue: venue.documentId,
    start: localTime(ZONE, window.day, window.from),
    end: localTime(ZONE, window.day, window.to),
    guests: 4,
  });
  if (created.status !== 201) throw new Error(`booking failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.data as { documentId: string; total_amount: number };
};

export const staffToken = async (app: TestApp, name = 'invoice-staff') => {
  const token = await app.strapi
    .service('admin::api-token')
    .create({ name, kind: 'content-api', type: 'full-access', lifespan: null, description: '' });
  return { Authorization: `Bearer ${token.accessKey}` };
};

/** All invoice rows of a kind, by sequence (SQL, not the service). */
export const invoiceRows = (app: TestApp, kind: 'invoice' | 'credit_note' = 'invoice') =>
  app.strapi.db
    .connection('invoices')
    .where({ kind })
    .orderBy('sequence', 'asc')
    .select('id', 'document_id', 'number', 'year', 'sequence', 'total');
