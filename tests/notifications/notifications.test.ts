import crypto from 'node:crypto';
import type { NotificationCenter } from '../../src/api/notification/services/notification-center';
import type { NotificationProducers } from '../../src/api/notification/services/notification-producers';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import { dropRedisKeys, uniqueRedisPrefix } from '../harness/redis-keys';
import { eventually, smtpEnv, startSmtpSink, type SmtpSink } from '../harness/smtp';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { trackEntryEventFollowUps } from '../../src/infra/entry-events';

/**
 * Notifications end to end (embedded default: in-process mail queue; with REDIS_URL set the same suite
 * runs on BullMQ): domain events → persisted notifications → socket event + e-mail through a local SMTP
 * sink, as the user's preferences and the master switch say; the REST endpoints; the reminder job.
 */

const ZONE = 'Europe/Berlin';
const NOTIFICATION = 'api::notification.notification';
const PREFIX = uniqueRedisPrefix();
const at = (day: number, clock: string) => localTime(ZONE, day, clock);

let app: TestApp;
let sink: SmtpSink;
let vendor: TestVendor;
let otherVendor: TestVendor;
let venue: TestVenue; // instant
let requestVenue: TestVenue; // request-to-book
let customer: TestUser;
let dayCounter = 2;
const nextDay = () => (dayCounter += 1);

interface Row {
  id: number;
  documentId: string;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown> | null;
  read_at: string | null;
  emailed_at: string | null;
}

const center = () => app.strapi.service('api::notification.notification-center') as unknown as NotificationCenter;
const producers = () => app.strapi.service('api::notification.notification-producers') as unknown as NotificationProducers;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
const eventBus = () => require(`${app.strapi.dirs.dist.root}/src/infra/event-bus`).eventBus;

const rowsOf = async (user: { id: number }, type?: string): Promise<Row[]> =>
  (await app.strapi.db
    .query(NOTIFICATION)
    .findMany({ where: { user: { id: user.id }, ...(type ? { type } : {}) }, orderBy: { id: 'asc' } })) as Row[];

const rowFor = (user: { id: number }, type: string, booking: string): Promise<Row | undefined> =>
  rowsOf(user, type).then((rows) => rows.find((row) => row.data?.booking === booking));

const waitForRow = (user: { id: number }, type: string, booking: string) => eventually(() => rowFor(user, type, booking));

/** Lets queued work settle: every queued e-mail sent or given up. */
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 150));
  await center().mailQueue().idle();
};

const get = (user: TestUser, path: string) => app.http().get(app.api(path)).set(user.auth);
const post = (user: TestUser, path: string, body: unknown = {}) =>
  app
    .http()
    .post(app.api(path))
    .set(user.auth)
    .send(body as object);
const patch = (user: TestUser, path: string, body: unknown) =>
  app
    .http()
    .patch(app.api(path))
    .set(user.auth)
    .send(body as object);
const put = (user: TestUser, path: string, body: unknown) =>
  app
    .http()
    .put(app.api(path))
    .set(user.auth)
    .send(body as object);

const requestBooking = async (who: TestUser, day = nextDay()) => {
  const res = await createBooking(app, who, {
    venue: requestVenue.documentId,
    start: at(day, '10:00'),
    end: at(day, '12:00'),
    guests: 4,
  });
  expect(res.status).toBe(201);
  return res.body.data as { documentId: string; reference: string };
};

const approve = async (booking: string) => {
  const res = await post(vendor, `/vendor-dashboard/bookings/requests/${booking}/approve`);
  expect(res.status).toBe(200);
  return res;
};

const recordNotifications = () => {
  const seen: Array<{ user: number; notification: Record<string, unknown> }> = [];
  const stop = eventBus().subscribe(
    'notification.created',
    (payload: { user: number; notification: Record<string, unknown> }) => {
      seen.push(payload);
    }
  );
  return { seen, stop: stop as () => void };
};

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await startApp({
    env: {
      ...smtpEnv(sink.port),
      MAIL_QUEUE_ATTEMPTS: '4',
      MAIL_QUEUE_BACKOFF_MS: '100',
      // Only used when REDIS_URL is set: never share queue keys with other runs on the same Redis.
      REDIS_PREFIX: PREFIX,
    },
  });
  vendor = await createVendor(app);
  otherVendor = await createVendor(app);
  venue = await createVenue(app, vendor);
  requestVenue = await createVenue(app, vendor, { booking_mode: 'request', name: 'Rooftop <b>Loft</b>' });
  customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await sink?.close();
  await dropRedisKeys(PREFIX);
});

describe('booking events → notifications and e-mails', () => {
  it('a request-to-book notifies the vendor (in-app and e-mail); the customer gets nothing yet', async () => {
    const booking = await requestBooking(customer);
    const row = await waitForRow(vendor, 'booking_requested', booking.documentId);
    expect(row.title).toBe('New booking request for Rooftop Loft');
    expect(row.body).toContain('Ada L. asks to book Rooftop Loft');
    expect(row.body).toContain(booking.reference);
    expect(row.data).toMatchObject({ booking: booking.documentId, venue: requestVenue.documentId, reference: booking.reference });
    expect(row.read_at).toBeNull();

    const mail = await sink.waitFor((m) => m.to.includes(vendor.email) && m.subject === row.title);
    expect(mail.text).toContain(booking.reference);
    expect(mail.from).toBe('no-reply@tofimotia.local');
    await eventually(async () => (await rowFor(vendor, 'booking_requested', booking.documentId))?.emailed_at);
    expect((await rowsOf(customer)).filter((r) => r.data?.booking === booking.documentId)).toEqual([]);
  });

  it('a confirmed booking reaches the customer: persisted, pushed with the socket payload shape, e-mailed (emailed_at set)', async () => {
    const events = recordNotifications();
    const booking = await requestBooking(customer);
    await approve(booking.documentId);

    const row = await waitForRow(customer, 'booking_confirmed', booking.documentId);
    expect(row.title).toBe('Booking confirmed: Rooftop Loft');
    expect(row.data).toMatchObject({ booking: booking.documentId, status: 'confirmed', previous_status: 'requested' });
    const mail = await sink.waitFor(
      (m) => m.to.includes(customer.email) && m.text.includes(booking.reference) && m.subject === row.title
    );
    expect(mail.text).toMatch(/^Hello Ada,/);
    expect(mail.html).toContain(booking.reference);
    const sent = await eventually(async () => (await rowFor(customer, 'booking_confirmed', booking.documentId))?.emailed_at);
    expect(Date.parse(sent)).not.toBeNaN();

    const pushed = await eventually(async () => events.seen.find((e) => e.notification.id === row.documentId));
    expect(pushed.user).toBe(customer.id);
    expect(Object.keys(pushed.notification).sort()).toEqual(['body', 'created_at', 'data', 'id', 'title', 'type']);
    expect(pushed.notification).toMatchObject({
      id: row.documentId,
      type: 'booking_confirmed',
      title: row.title,
      body: row.body,
    });
    events.stop();
    // The vendor approved it themselves: no "confirmed" notice for them.
    expect(await rowFor(vendor, 'booking_confirmed', booking.documentId)).toBeUndefined();
  });

  it('no e-mail when the user turned e-mail off for that type (still persisted and pushed)', async () => {
    const quiet = await createCustomer(app, { first_name: 'Quiet' });
    const prefs = await put(quiet, '/users/preferences', { notifications: { booking_confirmed: { email: false } } });
    expect(prefs.status).toBe(200);
    const events = recordNotifications();
    const booking = await requestBooking(quiet);
    await approve(booking.documentId);

    const row = await waitForRow(quiet, 'booking_confirmed', booking.documentId);
    expect(row.read_at).toBeNull();
    await eventually(async () => events.seen.find((e) => e.notification.id === row.documentId));
    events.stop();
    await settle();
    expect(sink.to(quiet.email)).toEqual([]);
    expect((await rowFor(quiet, 'booking_confirmed', booking.documentId))?.emailed_at).toBeNull();
  });

  it('in-app off: stored as already read and not pushed; the e-mail still goes out', async () => {
    const mailOnly = await createCustomer(app);
    expect((await put(mailOnly, '/users/preferences', { notifications: { booking_confirmed: { in_app: false } } })).status).toBe(
      200
    );
    const events = recordNotifications();
    const booking = await requestBooking(mailOnly);
    await approve(booking.documentId);

    const row = await waitForRow(mailOnly, 'booking_confirmed', booking.documentId);
    expect(row.read_at).not.toBeNull();
    await sink.waitFor((m) => m.to.includes(mailOnly.email) && m.subject.startsWith('Booking confirmed'));
    events.stop();
    expect(events.seen.filter((e) => e.user === mailOnly.id)).toEqual([]);
    const list = await get(mailOnly, '/users/notifications?unread=true');
    expect(list.body.data.filter((n: { id: string }) => n.id === row.documentId)).toEqual([]);
  });

  it('the master switch notifications.email_enabled=false stops all e-mail', async () => {
    await setSetting(app, 'notifications.email_enabled', false);
    try {
      const someone = await createCustomer(app);
      const booking = await requestBooking(someone);
      await approve(booking.documentId);
      await waitForRow(someone, 'booking_confirmed', booking.documentId);
      await settle();
      expect(sink.to(someone.email)).toEqual([]);
    } finally {
      await setSetting(app, 'notifications.email_enabled', true);
    }
  });

  it('a declined request tells the customer, with the reason', async () => {
    const booking = await requestBooking(customer);
    expect(
      (
        await post(vendor, `/vendor-dashboard/bookings/requests/${booking.documentId}/decline`, {
          reason: 'Private event that day',
        })
      ).status
    ).toBe(200);
    const row = await waitForRow(customer, 'booking_rejected', booking.documentId);
    expect(row.title).toBe('Booking request declined: Rooftop Loft');
    expect(row.body).toContain('Private event that day');
  });

  it('a cancellation tells the other party only', async () => {
    const byCustomer = await requestBooking(customer);
    await approve(byCustomer.documentId);
    expect((await post(customer, `/bookings/${byCustomer.documentId}/cancel`, { reason: 'Plans changed' })).status).toBe(200);
    const vendorRow = await waitForRow(vendor, 'booking_cancelled', byCustomer.documentId);
    expect(vendorRow.body).toContain('was cancelled by the customer');
    expect(vendorRow.body).toContain('Plans changed');

    const byVendor = await requestBooking(customer);
    await approve(byVendor.documentId);
    expect((await post(vendor, `/bookings/${byVendor.documentId}/cancel`, { reason: 'Water damage' })).status).toBe(200);
    const customerRow = await waitForRow(customer, 'booking_cancelled', byVendor.documentId);
    expect(customerRow.body).toContain('was cancelled by the venue');

    await settle();
    expect(await rowFor(customer, 'booking_cancelled', byCustomer.documentId)).toBeUndefined();
    expect(await rowFor(vendor, 'booking_cancelled', byVendor.documentId)).toBeUndefined();
  });

  it('an instant booking confirmed by its payment (markPaid) tells the customer and the vendor', async () => {
    const day = nextDay();
    const res = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(day, '14:00'),
      end: at(day, '16:00'),
      guests: 2,
    });
    expect(res.status).toBe(201);
    const id = res.body.data.documentId as string;
    await app.strapi.service('api::booking.booking-engine').markPaid(id);
    const forCustomer = await waitForRow(customer, 'booking_confirmed', id);
    const forVendor = await waitForRow(vendor, 'booking_confirmed', id);
    expect(forCustomer.data).toMatchObject({ previous_status: 'pending_payment' });
    expect(forVendor.title).toMatch(/^New confirmed booking at /);
    expect(forVendor.body).toContain('Ada L. booked');
    expect(await rowFor(otherVendor, 'booking_confirmed', id)).toBeUndefined();
  });

  it('payment events: received (customer, and the vendor when captured), refunded and failed (customer)', async () => {
    const booking = await requestBooking(customer);
    const base = { booking: booking.documentId, venue: requestVenue.documentId, customer: customer.id, payment: 'pay_doc_1' };
    eventBus().publish('payment.succeeded', { ...base, amount: 22000, currency: 'EUR', captured: false });
    const authorized = await waitForRow(customer, 'payment_received', booking.documentId);
    expect(authorized.title).toBe('Payment authorized: €220.00');
    expect(await rowFor(vendor, 'payment_received', booking.documentId)).toBeUndefined();

    eventBus().publish('payment.succeeded', { ...base, amount: 22000, currency: 'EUR', captured: true });
    const forVendor = await waitForRow(vendor, 'payment_received', booking.documentId);
    expect(forVendor.body).toContain('paid €220.00');

    eventBus().publish('payment.refunded', { ...base, amount: 11000, currency: 'EUR', automatic: false });
    expect((await waitForRow(customer, 'payment_refunded', booking.documentId)).title).toBe('Refund issued: €110.00');

    eventBus().publish('payment.failed', {
      booking: booking.documentId,
      venue: requestVenue.documentId,
      customer: customer.id,
      payment: 'pay_doc_1',
      reason: 'Your card was declined.',
    });
    expect((await waitForRow(customer, 'payment_failed', booking.documentId)).body).toContain('Your card was declined.');
  });

  it('a dispute tells the vendor; a calendar clash tells the vendor which bookings it touches', async () => {
    const booking = await requestBooking(customer);
    eventBus().publish('payment.disputed', {
      booking: booking.documentId,
      venue: requestVenue.documentId,
      customer: customer.id,
      payment: 'pay_doc_2',
      amount: 22000,
      currency: 'EUR',
      reason: 'fraudulent',
    });
    const disputed = await waitForRow(vendor, 'payment_disputed', booking.documentId);
    expect(disputed.body).toContain('disputed €220.00');
    expect(await rowFor(customer, 'payment_disputed', booking.documentId)).toBeUndefined();

    eventBus().publish('calendar.conflict', {
      venue: requestVenue.documentId,
      vendor_user: vendor.id,
      feed: 'feed-doc',
      bookings: [booking.documentId],
    });
    const clash = await eventually(async () => (await rowsOf(vendor, 'calendar_conflict'))[0]);
    expect(clash.title).toBe('Calendar clash at Rooftop Loft');
    expect(clash.data).toMatchObject({ venue: requestVenue.documentId, bookings: [booking.documentId] });
  });

  it('expiry: an unanswered request tells customer and vendor, an unpaid hold only the customer', async () => {
    const request = await requestBooking(customer);
    const day = nextDay();
    const hold = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(day, '09:00'),
      end: at(day, '10:00'),
      guests: 2,
    });
    expect(hold.status).toBe(201);
    const holdId = hold.body.data.documentId as string;
    // 49 h from now: both deadlines passed (hold 15 min, request 48 h), no booking has ended yet.
    await app.strapi.service('api::booking.booking-engine').runMaintenance({ now: Date.now() + 49 * 3_600_000 });

    expect((await waitForRow(customer, 'booking_expired', request.documentId)).title).toBe(
      'Booking request expired: Rooftop Loft'
    );
    expect((await waitForRow(vendor, 'booking_expired', request.documentId)).body).toContain('expired without an answer');
    expect((await waitForRow(customer, 'booking_expired', holdId)).title).toMatch(/^Booking hold expired: /);
    await settle();
    expect(await rowFor(vendor, 'booking_expired', holdId)).toBeUndefined();
  });
});

describe('reminder job (24 h before, once per booking)', () => {
  it('reminds customer and vendor of a confirmed booking within 24 h, once, and leaves later ones for later', async () => {
    const soon = await requestBooking(customer, 40);
    await approve(soon.documentId);
    const later = await requestBooking(customer, 42);
    await approve(later.documentId);
    const start = Date.parse(at(40, '10:00'));
    const now = start - 20 * 3_600_000;

    const first = await producers().sendReminders({ now });
    expect(first.reminded).toBe(1);
    const forCustomer = await waitForRow(customer, 'booking_reminder', soon.documentId);
    expect(forCustomer.title).toMatch(/^Reminder: Rooftop Loft (today|tomorrow) at 10:00$/);
    expect(forCustomer.body).toContain('starts in about 20 hours');
    expect((await waitForRow(vendor, 'booking_reminder', soon.documentId)).title).toMatch(/^Upcoming booking at Rooftop Loft/);
    await sink.waitFor((m) => m.to.includes(customer.email) && m.subject === forCustomer.title);

    // Again (next round, or another instance): nothing new.
    expect((await producers().sendReminders({ now: now + 600_000 })).reminded).toBe(0);
    expect(
      await Promise.all([
        producers().sendReminders({ now: now + 1_200_000 }),
        producers().sendReminders({ now: now + 1_200_000 }),
      ])
    ).toEqual([{ reminded: 0 }, { reminded: 0 }]);
    expect((await rowsOf(customer, 'booking_reminder')).filter((r) => r.data?.booking === soon.documentId)).toHaveLength(1);
    expect(await rowFor(customer, 'booking_reminder', later.documentId)).toBeUndefined();

    // Two days later the second one is due.
    expect((await producers().sendReminders({ now: now + 2 * 24 * 3_600_000 })).reminded).toBe(1);
    await waitForRow(customer, 'booking_reminder', later.documentId);
  });

  it('does not remind cancelled bookings', async () => {
    const booking = await requestBooking(customer, 50);
    await approve(booking.documentId);
    expect((await post(customer, `/bookings/${booking.documentId}/cancel`, {})).status).toBe(200);
    const start = Date.parse(at(50, '10:00'));
    expect((await producers().sendReminders({ now: start - 3_600_000 })).reminded).toBe(0);
  });
});

describe('notification center service', () => {
  it('announce() reaches the audience only; announcements are not e-mailed unless the user opted in', async () => {
    const optedIn = await createVendor(app);
    expect((await put(optedIn, '/users/preferences', { notifications: { system_announcement: { email: true } } })).status).toBe(
      200
    );
    const marker = `Maintenance ${crypto.randomBytes(3).toString('hex')}`;
    const count = await center().announce(marker, 'The platform is read-only on Sunday 02:00–03:00 UTC.', {
      audience: 'vendors',
    });
    const vendors = await app.strapi.db.query('plugin::users-permissions.user').count({ where: { role: { type: 'vendor' } } });
    expect(count).toBe(vendors);
    expect((await rowsOf(vendor, 'system_announcement')).map((r) => r.title)).toContain(marker);
    expect((await rowsOf(customer, 'system_announcement')).map((r) => r.title)).not.toContain(marker);
    await sink.waitFor((m) => m.to.includes(optedIn.email) && m.subject === marker);
    await settle();
    expect(sink.to(vendor.email).filter((m) => m.subject === marker)).toEqual([]);

    const direct = await center().announce(`${marker} (direct)`, 'Only you.', { audience: [customer.id] });
    expect(direct).toBe(1);
  });

  it('typed helpers for later features produce their types', async () => {
    const someone = await createVendor(app);
    await center().vendorApproved(someone.id, {
      vendorProfile: someone.profile.documentId,
      businessName: someone.profile.business_name,
    });
    await center().vendorRejected(someone.id, {
      vendorProfile: someone.profile.documentId,
      businessName: 'X',
      reason: 'Missing documents',
    });
    await center().reviewReceived(someone.id, {
      review: 'rev1',
      venue: 'ven1',
      venueName: 'Hall',
      rating: 5,
      authorName: 'Ada L.',
    });
    await center().ticketUpdated(someone.id, { ticket: 'tic1', subject: 'Refund', status: 'in_progress', message: null });
    const types = (await rowsOf(someone)).map((r) => r.type);
    expect(types).toEqual(['vendor_approved', 'vendor_rejected', 'review_received', 'ticket_updated']);
    expect((await rowsOf(someone, 'vendor_rejected'))[0].body).toContain('Missing documents');
  });

  it('stores user text as plain text and refuses an empty type or title', async () => {
    const someone = await createCustomer(app);
    const view = await center().notify(someone.id, {
      type: 'ticket_updated',
      title: '<img src=x onerror=alert(1)>Hi <b>there</b>',
      body: '<script>x()</script>ok',
    });
    expect(view).toMatchObject({ title: 'Hi there', body: 'ok' });
    await expect(center().notify(someone.id, { type: '', title: 'x' })).rejects.toThrow(/type/);
    await expect(center().notify(someone.id, { type: 'ticket_updated', title: '<b></b>' })).rejects.toThrow(/title/);
    expect(await center().notify(99_999_999, { type: 'ticket_updated', title: 'nobody' })).toBeNull();
  });

  it('notify() returns at once even when the SMTP server is slow', async () => {
    const someone = await createCustomer(app);
    sink.delayMs = 2_000;
    try {
      const started = Date.now();
      const view = await center().notify(someone.id, { type: 'booking_confirmed', title: 'Slow mail', body: 'x' });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(view?.title).toBe('Slow mail');
      const mail = await sink.waitFor((m) => m.to.includes(someone.email), 15_000);
      expect(mail.receivedAt - started).toBeGreaterThanOrEqual(1_900);
    } finally {
      sink.delayMs = 0;
    }
  });

  it("shutdown's wait for entry events: settles when Strapi has emitted them, counts nothing that rolled back", async () => {
    const tracker = trackEntryEventFollowUps(app.strapi, [NOTIFICATION]);
    const emitted: unknown[] = [];
    const off = app.strapi.eventHub.on('entry.create', async (event: { uid: string; entry: { id: number } }) => {
      if (event.uid === NOTIFICATION) emitted.push(event.entry.id);
    });
    try {
      const someone = await createCustomer(app);
      // Not awaited by anyone: the read-back and emit of each written row follow the writes.
      const written = await Promise.all(
        [1, 2, 3].map((n) => center().notify(someone.id, { type: 'ticket_updated', title: `Follow-up ${n}` }))
      );
      const ids = await Promise.all(
        written.map(
          async (view) => ((await app.strapi.db.query(NOTIFICATION).findOne({ where: { documentId: view?.id } })) as Row).id
        )
      );
      await tracker.drain(5_000);
      expect(tracker.pending).toBe(0);
      expect(emitted).toEqual(expect.arrayContaining(ids));

      // A write whose transaction rolls back emits nothing, and is not waited for.
      await expect(
        app.strapi.db.transaction(async () => {
          await center().notify(someone.id, { type: 'ticket_updated', title: 'Rolled back' });
          throw new Error('roll back');
        })
      ).rejects.toThrow('roll back');
      expect(tracker.pending).toBe(0);
      expect(await rowsOf(someone)).toHaveLength(3);
    } finally {
      off();
      tracker.stop();
    }
  });
});

describe('REST /users/notifications', () => {
  let reader: TestUser;
  let stranger: TestUser;
  const ids: string[] = [];

  beforeAll(async () => {
    reader = await createCustomer(app);
    stranger = await createCustomer(app);
    for (const n of [1, 2, 3]) {
      const view = await center().notify(reader.id, {
        type: 'ticket_updated',
        title: `Update ${n}`,
        body: `Body ${n}`,
        data: { ticket: `t${n}` },
      });
      ids.push(view!.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  it.each([
    ['get', '/users/notifications'],
    ['patch', '/users/notifications/abc'],
    ['post', '/users/notifications/read-all'],
  ] as const)('%s %s without a token is refused', async (method, path) => {
    const res = await app.http()[method](app.api(path)).send({});
    expect([401, 403]).toContain(res.status);
  });

  it("lists the caller's notifications newest first, with pagination and the unread count", async () => {
    const res = await get(reader, '/users/notifications');
    expect(res.status).toBe(200);
    expect(res.body.data.map((n: { title: string }) => n.title)).toEqual(['Update 3', 'Update 2', 'Update 1']);
    expect(res.body.data[0]).toEqual({
      id: ids[2],
      type: 'ticket_updated',
      title: 'Update 3',
      body: 'Body 3',
      data: { ticket: 't3' },
      read_at: null,
      created_at: expect.stringMatching(/Z$/),
    });
    expect(res.body.meta).toEqual({ pagination: { page: 1, pageSize: 25, pageCount: 1, total: 3 }, unread: 3 });
    const page = await get(reader, '/users/notifications?page=2&pageSize=2');
    expect(page.body.data.map((n: { title: string }) => n.title)).toEqual(['Update 1']);
    expect(page.body.meta.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 2, total: 3 });
    expect((await get(stranger, '/users/notifications')).body.data).toEqual([]);
  });

  it('marks one read (idempotent) and unread; ?unread=true follows', async () => {
    const first = await patch(reader, `/users/notifications/${ids[0]}`, { read: true });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ id: ids[0], read_at: expect.stringMatching(/Z$/) });
    const again = await patch(reader, `/users/notifications/${ids[0]}`, { read: true });
    expect(again.body.data.read_at).toBe(first.body.data.read_at);

    const unread = await get(reader, '/users/notifications?unread=true');
    expect(unread.body.data.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
    expect(unread.body.meta.unread).toBe(2);
    expect((await get(reader, '/users/notifications?unread=false')).body.data).toHaveLength(3);

    const back = await patch(reader, `/users/notifications/${ids[0]}`, { read: false });
    expect(back.body.data.read_at).toBeNull();
  });

  it("someone else's or an unknown notification is a 404, and nothing changes", async () => {
    const res = await patch(stranger, `/users/notifications/${ids[1]}`, { read: true });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    expect((await patch(reader, '/users/notifications/doesnotexist123', { read: true })).status).toBe(404);
    const row = await app.strapi.db.query(NOTIFICATION).findOne({ where: { documentId: ids[1] } });
    expect(row.read_at).toBeNull();
  });

  it.each([
    ['unread=yes', 'unread'],
    ['pageSize=1000', 'pageSize'],
    ['page=0', 'page'],
    ['sort=title', ''],
  ])('GET ?%s is a 400', async (query, field) => {
    const res = await get(reader, `/users/notifications?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    if (field) expect(res.body.error.details.errors[0].path).toEqual([field]);
  });

  it.each([
    [{}, 'read missing'],
    [{ read: 'yes' }, 'read not a boolean'],
    [{ read: true, title: 'hacked' }, 'unknown key'],
  ] as Array<[Record<string, unknown>, string]>)('PATCH with %j is a 400 (%s)', async (body) => {
    const res = await patch(reader, `/users/notifications/${ids[1]}`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('PATCH with a malformed id is a 400', async () => {
    expect((await patch(reader, '/users/notifications/not%20an%20id', { read: true })).status).toBe(400);
  });

  it('read-all marks every unread one read and answers how many changed', async () => {
    const other = await center().notify(stranger.id, { type: 'ticket_updated', title: 'Stranger news' });
    const res = await post(reader, '/users/notifications/read-all');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { updated: 3 }, meta: {} });
    expect((await get(reader, '/users/notifications?unread=true')).body.meta.unread).toBe(0);
    expect((await post(reader, '/users/notifications/read-all')).body.data.updated).toBe(0);
    // The stranger's stays unread.
    const row = await app.strapi.db.query(NOTIFICATION).findOne({ where: { documentId: other!.id } });
    expect(row.read_at).toBeNull();
  });

  it('works for vendors too', async () => {
    const res = await get(vendor, '/users/notifications?unread=true&pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
  });
});
