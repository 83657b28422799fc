import { DateTime } from 'luxon';
import { MINUTE } from '../time';

/**
 * Human text of notifications (title + body), pure: the producers gather the facts, this decides the
 * words. English only for now (the user's locale is stored but there are no translations yet).
 */

export interface NotificationText {
  title: string;
  body: string;
}

/** What a booking notification talks about. Instants are ISO strings, amounts minor units. */
export interface BookingFacts {
  reference: string | null;
  venueName: string;
  timezone: string;
  start: string;
  end: string;
  guests: number;
  customerName?: string | null;
  totalAmount?: number;
  currency?: string;
  reason?: string | null;
  requestExpiresAt?: string | null;
}

const zoneOr = (zone: string) => (DateTime.local().setZone(zone).isValid ? zone : 'UTC');

/** "Sat 12 Dec 2026, 10:00–13:00 (Europe/Berlin)"; an end on another day gets its own date. */
export const formatWindow = (start: string, end: string, timezone: string): string => {
  const zone = zoneOr(timezone);
  const from = DateTime.fromISO(start, { zone });
  const to = DateTime.fromISO(end, { zone });
  if (!from.isValid || !to.isValid) return `${start} – ${end}`;
  const day = from.toFormat('ccc d LLL yyyy');
  const endPart = from.hasSame(to, 'day') ? to.toFormat('HH:mm') : to.toFormat('ccc d LLL yyyy, HH:mm');
  return `${day}, ${from.toFormat('HH:mm')}–${endPart} (${zone})`;
};

export const formatInstant = (at: string, timezone: string): string => {
  const zone = zoneOr(timezone);
  const value = DateTime.fromISO(at, { zone });
  return value.isValid ? `${value.toFormat('ccc d LLL yyyy, HH:mm')} (${zone})` : at;
};

/** Minor units in the currency's own precision: 33000 EUR → "€330.00", 5000 JPY → "¥5,000". */
export const formatMoney = (minor: number, currency: string): string => {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
};

const ref = (facts: BookingFacts) => (facts.reference ? ` (${facts.reference})` : '');
const when = (facts: BookingFacts) => formatWindow(facts.start, facts.end, facts.timezone);
const guests = (n: number) => `${n} guest${n === 1 ? '' : 's'}`;
const who = (facts: BookingFacts) => facts.customerName || 'A customer';
const because = (reason: string | null | undefined) => (reason ? ` Reason given: "${reason}".` : '');

export const bookingText = {
  /** To the vendor: a request-to-book waits for an answer. */
  requested: (f: BookingFacts): NotificationText => ({
    title: `New booking request for ${f.venueName}`,
    body:
      `${who(f)} asks to book ${f.venueName} on ${when(f)} for ${guests(f.guests)}${ref(f)}.` +
      (f.requestExpiresAt
        ? ` Approve or decline it before ${formatInstant(f.requestExpiresAt, f.timezone)}, or it expires.`
        : ' Approve or decline it.'),
  }),

  /** To the customer: the booking is confirmed (paid, or approved by the vendor). */
  confirmedForCustomer: (f: BookingFacts): NotificationText => ({
    title: `Booking confirmed: ${f.venueName}`,
    body: `Your booking${ref(f)} at ${f.venueName} on ${when(f)} for ${guests(f.guests)} is confirmed.`,
  }),

  /** To the vendor: an instant booking was paid and is now confirmed. */
  confirmedForVendor: (f: BookingFacts): NotificationText => ({
    title: `New confirmed booking at ${f.venueName}`,
    body: `${who(f)} booked ${f.venueName} on ${when(f)} for ${guests(f.guests)}${ref(f)}. The booking is paid and confirmed.`,
  }),

  cancelledForCustomer: (f: BookingFacts, by: 'vendor' | 'admin' | 'system' | 'customer'): NotificationText => ({
    title: `Booking cancelled: ${f.venueName}`,
    body:
      (by === 'customer'
        ? `You cancelled your booking${ref(f)} at ${f.venueName} on ${when(f)}.`
        : `Your booking${ref(f)} at ${f.venueName} on ${when(f)} was cancelled by ${by === 'vendor' ? 'the venue' : 'Tofimotia'}.`) +
      because(f.reason) +
      ' Any refund due is on its way to your payment method.',
  }),

  cancelledForVendor: (f: BookingFacts, by: 'vendor' | 'admin' | 'system' | 'customer'): NotificationText => ({
    title: `Booking cancelled at ${f.venueName}`,
    body:
      (by === 'vendor'
        ? `You cancelled the booking${ref(f)} at ${f.venueName} on ${when(f)}.`
        : `The booking${ref(f)} at ${f.venueName} on ${when(f)} was cancelled by ${by === 'customer' ? 'the customer' : 'Tofimotia'}.`) +
      because(f.reason) +
      ' The time is free again.',
  }),

  /** To the customer: an unanswered request or an unpaid hold ran out. */
  expiredForCustomer: (f: BookingFacts, wasRequest: boolean): NotificationText => ({
    title: wasRequest ? `Booking request expired: ${f.venueName}` : `Booking hold expired: ${f.venueName}`,
    body: wasRequest
      ? `The venue did not answer your request${ref(f)} for ${when(f)} in time, so it expired. Nothing was charged.`
      : `Your hold on ${f.venueName} for ${when(f)}${ref(f)} expired before payment arrived. Nothing was charged.`,
  }),

  /** To the vendor: a request they did not answer expired. */
  expiredForVendor: (f: BookingFacts): NotificationText => ({
    title: `Booking request expired at ${f.venueName}`,
    body: `The request${ref(f)} from ${who(f)} for ${when(f)} expired without an answer. The time is free again.`,
  }),

  /** To the customer: the vendor declined the request. */
  rejected: (f: BookingFacts): NotificationText => ({
    title: `Booking request declined: ${f.venueName}`,
    body: `The venue declined your request${ref(f)} for ${when(f)}.${because(f.reason)} Nothing was charged.`,
  }),

  reminderForCustomer: (f: BookingFacts, now: number): NotificationText => ({
    title: `Reminder: ${f.venueName} ${relativeDay(f.start, f.timezone, now)}`,
    body: `Your booking${ref(f)} at ${f.venueName} starts ${startsIn(f.start, now)}: ${when(f)}, ${guests(f.guests)}.`,
  }),

  reminderForVendor: (f: BookingFacts, now: number): NotificationText => ({
    title: `Upcoming booking at ${f.venueName} ${relativeDay(f.start, f.timezone, now)}`,
    body: `${who(f)} arrives ${startsIn(f.start, now)}: ${when(f)}, ${guests(f.guests)}${ref(f)}.`,
  }),
};

export const paymentText = {
  received: (f: BookingFacts, amount: number, currency: string, captured: boolean): NotificationText =>
    captured
      ? {
          title: `Payment received: ${formatMoney(amount, currency)}`,
          body: `We received your payment of ${formatMoney(amount, currency)} for ${f.venueName} on ${when(f)}${ref(f)}.`,
        }
      : {
          title: `Payment authorized: ${formatMoney(amount, currency)}`,
          body: `${formatMoney(amount, currency)} is reserved on your payment method for your request at ${f.venueName}${ref(f)}. You are charged only if the venue accepts.`,
        },

  receivedForVendor: (f: BookingFacts, amount: number, currency: string): NotificationText => ({
    title: `Payment received for ${f.venueName}`,
    body: `${who(f)} paid ${formatMoney(amount, currency)} for the booking on ${when(f)}${ref(f)}.`,
  }),

  refunded: (f: BookingFacts, amount: number, currency: string, automatic: boolean): NotificationText => ({
    title: `Refund issued: ${formatMoney(amount, currency)}`,
    body:
      `${formatMoney(amount, currency)} for your booking at ${f.venueName}${ref(f)} is on its way back to your payment method.` +
      (automatic ? ' Your payment arrived after the time was no longer available, so it was returned in full.' : '') +
      ' Banks usually take 5–10 business days.',
  }),

  disputedForVendor: (f: BookingFacts, amount: number, currency: string, reason: string | null): NotificationText => ({
    title: `Payment disputed for ${f.venueName}`,
    body: `${who(f)}'s bank disputed ${formatMoney(amount, currency)} for the booking on ${when(f)}${ref(f)}${reason ? ` (reason: ${reason})` : ''}. Our team will contact you about evidence.`,
  }),

  failed: (f: BookingFacts, reason: string | null): NotificationText => ({
    title: `Payment failed for ${f.venueName}`,
    body: `Your payment for ${f.venueName} on ${when(f)}${ref(f)} did not go through${reason ? `: ${reason}` : ''}. Please try again or use another payment method.`,
  }),
};

/** "today" / "tomorrow" / "on Sat 12 Dec" in the venue's zone. */
export const relativeDay = (start: string, timezone: string, now: number): string => {
  const zone = zoneOr(timezone);
  const at = DateTime.fromISO(start, { zone });
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  const clock = at.toFormat('HH:mm');
  if (days === 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  return `on ${at.toFormat('ccc d LLL')} at ${clock}`;
};

/** "in about 23 hours" / "in 40 minutes". */
export const startsIn = (start: string, now: number): string => {
  const minutes = Math.max(0, Math.round((Date.parse(start) - now) / MINUTE));
  if (minutes < 90) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in about ${Math.round(minutes / 60)} hours`;
};

export const otherText = {
  reviewReceived: (venueName: string, rating: number, authorName: string | null): NotificationText => ({
    title: `New ${rating}-star review for ${venueName}`,
    body: `${authorName || 'A customer'} rated ${venueName} ${rating} out of 5.`,
  }),
  vendorApproved: (businessName: string): NotificationText => ({
    title: 'Your vendor account is approved',
    body: `${businessName} is approved: your approved venues are now visible to customers and can be booked.`,
  }),
  vendorRejected: (businessName: string, reason: string | null): NotificationText => ({
    title: 'Your vendor application was not approved',
    body: `${businessName} could not be approved.${because(reason)} You can update your profile and apply again.`,
  }),
  ticketUpdated: (subject: string, status: string, message: string | null): NotificationText => ({
    title: `Support ticket updated: ${subject}`,
    body: `Your ticket "${subject}" is now ${status.replace(/_/g, ' ')}.${message ? ` ${message}` : ''}`,
  }),
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * The e-mail for one notification. Title and body are plain text (they may hold user-written names and
 * reasons), so the HTML part escapes them; `link` (optional) points at the app.
 */
export const renderEmail = (input: {
  title: string;
  body: string | null;
  recipientName?: string | null;
  link?: string | null;
}): EmailContent => {
  const greeting = `Hello${input.recipientName ? ` ${input.recipientName}` : ''},`;
  const footer =
    'You receive this e-mail because of your Tofimotia notification preferences; change them in your account settings.';
  const lines = [greeting, '', input.body ?? input.title];
  if (input.link) lines.push('', input.link);
  lines.push('', '— Tofimotia', '', footer);
  const paragraphs = (input.body ?? input.title)
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
    `<p>${escapeHtml(greeting)}</p>${paragraphs}` +
    (input.link ? `<p><a href="${escapeHtml(input.link)}">${escapeHtml(input.link)}</a></p>` : '') +
    `<p>— Tofimotia</p><p style="color:#777;font-size:12px">${escapeHtml(footer)}</p></body></html>`;
  return { subject: input.title, text: lines.join('\n'), html };
};

export const calendarText = {
  conflict: (venueName: string, feedName: string, bookings: number): NotificationText => ({
    title: `Calendar clash at ${venueName}`,
    body: `Your imported calendar "${feedName}" blocks time that ${bookings === 1 ? 'a booking already holds' : `${bookings} bookings already hold`}. The bookings stand and the blocks were kept; please check your calendar.`,
  }),
};
