import type { NotificationCenter } from '../../src/api/notification/services/notification-center';
import type { JobQueueEvents } from '../../src/infra/job-queue';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import { dropRedisKeys, uniqueRedisPrefix } from '../harness/redis-keys';
import { eventually, freePort, smtpEnv, startSmtpSink, type SmtpSink } from '../harness/smtp';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * SMTP down: the request that caused a notification succeeds at once, the notification is persisted,
 * and the e-mail is retried (exponential backoff) until the SMTP server is back. Runs on the in-process
 * queue in the embedded default and on BullMQ when REDIS_URL is set.
 */

const NOTIFICATION = 'api::notification.notification';
const PREFIX = uniqueRedisPrefix();
let app: TestApp;
let sink: SmtpSink | undefined;
let port: number;
let vendor: TestVendor;
let customer: TestUser;
let requestVenue: TestVenue;

const center = () => app.strapi.service('api::notification.notification-center') as unknown as NotificationCenter;

beforeAll(async () => {
  port = await freePort(); // nothing listens there: every connection is refused
  app = await startApp({
    env: {
      ...smtpEnv(port),
      MAIL_QUEUE_ATTEMPTS: '12',
      MAIL_QUEUE_BACKOFF_MS: '200',
      REDIS_PREFIX: PREFIX,
    },
  });
  vendor = await createVendor(app);
  customer = await createCustomer(app);
  requestVenue = await createVenue(app, vendor, { booking_mode: 'request' });
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await sink?.close();
  await dropRedisKeys(PREFIX);
});

it('the request succeeds fast, the notification is stored, and the e-mail arrives after retries once SMTP is back', async () => {
  expect(center().mailQueue().kind).toBe(process.env.REDIS_URL ? 'bullmq' : 'memory');
  const retrying: JobQueueEvents['retrying'][] = [];
  const completed: JobQueueEvents['completed'][] = [];
  center()
    .mailQueue()
    .on('retrying', (event) => retrying.push(event));
  center()
    .mailQueue()
    .on('completed', (event) => completed.push(event));

  const day = 5;
  const created = await createBooking(app, customer, {
    venue: requestVenue.documentId,
    start: localTime('Europe/Berlin', day, '10:00'),
    end: localTime('Europe/Berlin', day, '12:00'),
    guests: 3,
  });
  expect(created.status).toBe(201);
  const booking = created.body.data.documentId as string;

  const started = Date.now();
  const approved = await app
    .http()
    .post(app.api(`/vendor-dashboard/bookings/requests/${booking}/approve`))
    .set(vendor.auth)
    .send({});
  expect(approved.status).toBe(200);
  expect(approved.body.data.status).toBe('confirmed');
  expect(Date.now() - started).toBeLessThan(2_000);

  const row = await eventually(async () => {
    const rows = await app.strapi.db
      .query(NOTIFICATION)
      .findMany({ where: { user: { id: customer.id }, type: 'booking_confirmed' } });
    return rows.find((r: { data: { booking?: string } | null }) => r.data?.booking === booking);
  });
  const jobId = `notification-${row.documentId}`;
  // The SMTP server refuses: the job fails and is scheduled again, more than once.
  await eventually(async () => retrying.filter((event) => event.id === jobId).length >= 2, 15_000);
  expect(retrying.find((event) => event.id === jobId)?.error).toMatch(/ECONNREFUSED|connect/i);
  expect((await app.strapi.db.query(NOTIFICATION).findOne({ where: { id: row.id } })).emailed_at).toBeNull();
  // The customer sees the notification already.
  const list = await app.http().get(app.api('/users/notifications?unread=true')).set(customer.auth);
  expect(list.body.data.map((n: { id: string }) => n.id)).toContain(row.documentId);

  sink = await startSmtpSink({ port });
  const mail = await sink.waitFor((m) => m.to.includes(customer.email), 20_000);
  expect(mail.subject).toMatch(/^Booking confirmed: /);
  const done = await eventually(async () => completed.find((event) => event.id === jobId));
  expect(done.attempts).toBeGreaterThanOrEqual(3);
  const sentAt = await eventually(
    async () => (await app.strapi.db.query(NOTIFICATION).findOne({ where: { id: row.id } })).emailed_at
  );
  expect(Date.parse(sentAt)).toBeGreaterThan(started);
  // Exactly one e-mail for that notification, however many tries it took.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sink.to(customer.email).filter((m) => m.subject === mail.subject)).toHaveLength(1);
}, 60_000);
