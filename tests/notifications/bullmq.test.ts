import { Queue } from 'bullmq';
import Redis from 'ioredis';
import type { NotificationCenter } from '../../src/api/notification/services/notification-center';
import type { JobQueueEvents } from '../../src/infra/job-queue';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import { describeWith } from '../harness/services';
import { dropRedisKeys, uniqueRedisPrefix } from '../harness/redis-keys';
import { eventually, smtpEnv, startSmtpSink, type SmtpSink } from '../harness/smtp';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * The mail queue on real Redis (BullMQ): jobs live under the configured REDIS_PREFIX, a confirmed booking
 * is e-mailed when the customer wants it and not when they don't, SMTP down → BullMQ retries until the
 * server is back, and jobs wait in Redis for a worker (they survive a restart).
 */

const NOTIFICATION = 'api::notification.notification';
const PREFIX = uniqueRedisPrefix();

describeWith(['redis'])('mail queue on BullMQ (Redis)', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let redis: Redis;
  let inspect: Queue;
  let vendor: TestVendor;
  let requestVenue: TestVenue;
  let day = 3;

  const center = () => app.strapi.service('api::notification.notification-center') as unknown as NotificationCenter;

  const confirmedBookingFor = async (customer: TestUser) => {
    day += 1;
    const created = await createBooking(app, customer, {
      venue: requestVenue.documentId,
      start: localTime('Europe/Berlin', day, '10:00'),
      end: localTime('Europe/Berlin', day, '12:00'),
      guests: 2,
    });
    expect(created.status).toBe(201);
    const booking = created.body.data.documentId as string;
    const approved = await app
      .http()
      .post(app.api(`/vendor-dashboard/bookings/requests/${booking}/approve`))
      .set(vendor.auth)
      .send({});
    expect(approved.status).toBe(200);
    const row = await eventually(async () => {
      const rows = await app.strapi.db
        .query(NOTIFICATION)
        .findMany({ where: { user: { id: customer.id }, type: 'booking_confirmed' } });
      return rows.find((r: { data: { booking?: string } | null }) => r.data?.booking === booking) as
        { id: number; documentId: string } | undefined;
    });
    return { booking, row, jobId: `notification-${row.documentId}` };
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startApp({
      env: { ...smtpEnv(sink.port), REDIS_PREFIX: PREFIX, MAIL_QUEUE_ATTEMPTS: '10', MAIL_QUEUE_BACKOFF_MS: '200' },
    });
    redis = new Redis(process.env.REDIS_URL as string, { maxRetriesPerRequest: null });
    inspect = new Queue('mail', { connection: redis, prefix: PREFIX });
    vendor = await createVendor(app);
    requestVenue = await createVenue(app, vendor, { booking_mode: 'request' });
    await setSetting(app, 'booking.max_active_holds_per_customer', 100);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await sink?.close();
    await inspect?.close();
    await redis?.quit();
    await dropRedisKeys(PREFIX);
  });

  it('uses BullMQ under the configured prefix; a confirmed booking is e-mailed when enabled', async () => {
    expect(center().mailQueue().kind).toBe('bullmq');
    const customer = await createCustomer(app);
    const { booking, row, jobId } = await confirmedBookingFor(customer);
    const mail = await sink.waitFor((m) => m.to.includes(customer.email) && m.subject.startsWith('Booking confirmed'));
    expect(mail.text).toContain(
      (await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId: booking } })).reference
    );
    const job = await eventually(async () => {
      const found = await inspect.getJob(jobId);
      return found?.finishedOn ? found : null;
    });
    expect(job.data).toEqual({ notification: row.documentId });
    expect(job.attemptsMade).toBe(1);
    expect(await redis.exists(`${PREFIX}:mail:${jobId}`)).toBe(1);
    await eventually(async () => (await app.strapi.db.query(NOTIFICATION).findOne({ where: { id: row.id } })).emailed_at);
  });

  it('no job and no e-mail when the customer turned booking_confirmed e-mails off', async () => {
    const customer = await createCustomer(app);
    const prefs = await app
      .http()
      .put(app.api('/users/preferences'))
      .set(customer.auth)
      .send({ notifications: { booking_confirmed: { email: false } } });
    expect(prefs.status).toBe(200);
    const { jobId, row } = await confirmedBookingFor(customer);
    // Another customer's e-mail, queued after, arrives: the queue has moved past this point.
    const witness = await createCustomer(app);
    await confirmedBookingFor(witness);
    await sink.waitFor((m) => m.to.includes(witness.email));
    expect(await inspect.getJob(jobId)).toBeUndefined();
    expect(sink.to(customer.email)).toEqual([]);
    expect((await app.strapi.db.query(NOTIFICATION).findOne({ where: { id: row.id } })).emailed_at).toBeNull();
  });

  it('SMTP down: the request succeeds at once, BullMQ retries, the e-mail arrives when SMTP is back', async () => {
    const retrying: JobQueueEvents['retrying'][] = [];
    center()
      .mailQueue()
      .on('retrying', (event) => retrying.push(event));
    const port = sink.port;
    await sink.close(); // connections to the port are refused from now on

    const customer = await createCustomer(app);
    const started = Date.now();
    const { row, jobId } = await confirmedBookingFor(customer);
    expect(Date.now() - started).toBeLessThan(5_000); // booking + approval requests, not waiting on SMTP
    await eventually(async () => retrying.filter((event) => event.id === jobId).length >= 2, 15_000);
    expect((await inspect.getJob(jobId))?.attemptsMade).toBeGreaterThanOrEqual(2);
    expect((await app.strapi.db.query(NOTIFICATION).findOne({ where: { id: row.id } })).emailed_at).toBeNull();

    sink = await startSmtpSink({ port });
    await sink.waitFor((m) => m.to.includes(customer.email), 20_000);
    const job = await eventually(async () => {
      const found = await inspect.getJob(jobId);
      return found?.finishedOn ? found : null;
    });
    expect(job.attemptsMade).toBeGreaterThanOrEqual(3);
    expect(job.failedReason ?? '').toMatch(/ECONNREFUSED|connect|^$/i);
    await eventually(async () => (await app.strapi.db.query(NOTIFICATION).findOne({ where: { id: row.id } })).emailed_at);
  }, 60_000);

  it('jobs wait in Redis while no worker runs and are sent when one starts (restart)', async () => {
    await center().shutdown(); // this instance's worker stops, as in a deploy
    const customer = await createCustomer(app);
    const created = (await app.strapi.documents(NOTIFICATION).create({
      data: { user: customer.id, type: 'booking_reminder', title: 'Queued across a restart', body: 'x' } as never,
    })) as { documentId: string };
    await inspect.add('mail', { notification: created.documentId }, { jobId: `notification-${created.documentId}`, attempts: 3 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.to(customer.email)).toEqual([]);
    expect(await inspect.getJobState(`notification-${created.documentId}`)).toBe('waiting');

    center().startMailQueue(); // the next boot
    await sink.waitFor((m) => m.to.includes(customer.email) && m.subject === 'Queued across a restart');
  });
});
