import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import { startInstance, type TestInstance } from '../harness/instance';
import { databaseUrl } from '../harness/postgres';
import { describeWith } from '../harness/services';
import {
  closeAll,
  connect,
  connectError,
  emitWithAck,
  record,
  sleep,
  suiteRedisPrefix,
  waitFor,
  type ClientSocket,
} from '../harness/sockets';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Two instances on one PostgreSQL database and one Redis (the Redis Streams adapter under a prefix of
 * this suite's own): instance A in-process, instance B in a child process. Events published on one
 * instance reach sockets on the other; a client that drops and reconnects to the OTHER instance within
 * the recovery window gets what it missed.
 */

const ZONE = 'Europe/Berlin';
const QUIET_MS = 800;
const at = (day: number, clock: string) => localTime(ZONE, day, clock);

describeWith(['postgres', 'redis'])('realtime across two instances', () => {
  let a: TestApp;
  let b: TestInstance;
  let vendor: TestVendor;
  let venue: TestVenue;
  let customer: TestUser;
  let stranger: TestUser;
  const redisKeys = suiteRedisPrefix();
  const env = { REDIS_PREFIX: redisKeys.prefix };

  beforeAll(async () => {
    a = await startApp({ env });
    b = await startInstance({ databaseUrl: databaseUrl(process.env.TOFIMOTIA_TEST_PG_BASE_URL as string, a.database.name), env });
    vendor = await createVendor(a);
    venue = await createVenue(a, vendor);
    customer = await createCustomer(a);
    stranger = await createCustomer(a);
    await setSetting(a, 'booking.max_active_holds_per_customer', 100);
  }, 120_000);
  afterEach(() => closeAll());
  afterAll(async () => {
    closeAll();
    await b?.stop();
    await a?.stop();
    await redisKeys.cleanup();
  });

  it('refuses unauthorized handshakes on both instances', async () => {
    expect(await connectError(a.baseUrl, 'forged')).toBe('unauthorized');
    expect(await connectError(b.baseUrl, undefined)).toBe('unauthorized');
    // A token minted by A is good on B (same secrets, same session store).
    expect((await connect(b.baseUrl, customer.jwt)).connected).toBe(true);
  });

  it('a booking created through A reaches the vendor on B and the customer on A; a stranger gets nothing', async () => {
    const vendorOnB = await connect(b.baseUrl, vendor.jwt);
    const customerOnA = await connect(a.baseUrl, customer.jwt);
    const strangerOnA = await connect(a.baseUrl, stranger.jwt);
    const strangerOnB = await connect(b.baseUrl, stranger.jwt);
    const watcherOnB = await connect(b.baseUrl, stranger.jwt);
    expect(await emitWithAck(watcherOnB, 'venue:subscribe', { venue: venue.documentId })).toMatchObject({ ok: true });

    const toVendor = record(vendorOnB, 'booking:updated');
    const toCustomer = record(customerOnA, 'booking:updated');
    const leaks = [
      record(strangerOnA, 'booking:updated'),
      record(strangerOnB, 'booking:updated'),
      record(watcherOnB, 'booking:updated'),
    ];
    const availability = record(watcherOnB, 'availability:changed');

    const res = await createBooking(a, customer, {
      venue: venue.documentId,
      start: at(4, '10:00'),
      end: at(4, '12:00'),
      guests: 5,
    });
    expect(res.status).toBe(201);
    const expected = {
      booking: res.body.data.documentId,
      venue: venue.documentId,
      status: 'pending_payment',
      payment_status: 'unpaid',
    };
    await waitFor(() => toVendor.length && toCustomer.length && availability.length, 10_000, 'cross-instance events');
    expect(toVendor).toEqual([expected]);
    expect(toCustomer).toEqual([expected]);
    expect(availability).toEqual([
      {
        venue: venue.documentId,
        from: new Date(at(4, '10:00')).toISOString(),
        to: new Date(at(4, '12:00')).toISOString(),
        hold_expires_at: res.body.data.hold_expires_at,
      },
    ]);

    // And the other way round: cancelling through B reaches the customer on A.
    const cancel = await b
      .http()
      .post(b.api(`/bookings/${expected.booking}/cancel`))
      .set(customer.auth)
      .send({});
    expect(cancel.status).toBe(200);
    await waitFor(() => toCustomer.length >= 2 && toVendor.length >= 2, 10_000, 'cancel events from B');
    expect(toCustomer[1]).toMatchObject({ booking: expected.booking, status: 'cancelled' });
    await sleep(QUIET_MS);
    for (const leak of leaks) expect(leak).toEqual([]);
  });

  it('chat between instances only reaches participants', async () => {
    const customerOnA = await connect(a.baseUrl, customer.jwt);
    const vendorOnB = await connect(b.baseUrl, vendor.jwt);
    const strangerOnB = await connect(b.baseUrl, stranger.jwt);
    const toCustomer = record(customerOnA, 'chat:message');
    const toStranger = record(strangerOnB, 'chat:message');
    const opened = await a
      .http()
      .post(a.api('/conversations'))
      .set(customer.auth)
      .send({ venue: venue.documentId, body: 'Hi from A' });
    expect(opened.status).toBe(201);
    const conversation = opened.body.data.documentId;
    const ack = await emitWithAck<{ ok: boolean; data: { body: string } }>(vendorOnB, 'chat:send', {
      conversation,
      body: 'Hello from B',
    });
    expect(ack).toMatchObject({ ok: true, data: { body: 'Hello from B' } });
    await waitFor(
      () => toCustomer.find((event: Record<string, unknown>) => (event.message as { body: string }).body === 'Hello from B'),
      10_000,
      'chat across instances'
    );
    expect(await emitWithAck(strangerOnB, 'chat:send', { conversation, body: 'me too' })).toMatchObject({
      ok: false,
      error: { name: 'NotFoundError' },
    });
    await sleep(QUIET_MS);
    expect(toStranger).toEqual([]);
  });

  it('blocking a user through A disconnects their socket on B', async () => {
    const victim = await createCustomer(a);
    const onB = await connect(b.baseUrl, victim.jwt);
    const reasons: string[] = [];
    onB.on('disconnect', (reason) => reasons.push(reason));
    await a.strapi
      .documents('plugin::users-permissions.user')
      .update({ documentId: victim.documentId, data: { blocked: true } as never });
    await waitFor(() => reasons.length, 10_000, 'disconnect on B');
    expect(reasons).toEqual(['io server disconnect']);
  });

  it('a client that drops from A and reconnects to B within the window gets what it missed', async () => {
    const user = await createCustomer(a);
    const socket: ClientSocket = await connect(a.baseUrl, user.jwt);
    await waitFor(() => socket.recovered === false && socket.connected, 5_000, 'connected');
    await emitWithAck(socket, 'venue:subscribe', { venue: venue.documentId });
    const notifications = record(socket, 'notification');
    const availability = record(socket, 'availability:changed');
    // Give the ready event (the client's first stream offset) time to arrive.
    await sleep(300);

    const io = a.strapi.plugin('realtime').service('socket-server').io();
    socket.io.engine.close();
    await waitFor(
      async () => (await io.local.in(`user:${user.id}`).fetchSockets()).length === 0,
      5_000,
      'server-side disconnect on A'
    );

    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
    const { eventBus } = require(`${a.strapi.dirs.dist.root}/src/infra/event-bus`);
    const missed = {
      id: 'missed',
      type: 'system',
      title: 'While away',
      body: null,
      data: null,
      created_at: new Date().toISOString(),
    };
    eventBus.publish('notification.created', { user: user.id, notification: missed });
    expect(
      (await createBooking(a, customer, { venue: venue.documentId, start: at(5, '15:00'), end: at(5, '16:00'), guests: 2 }))
        .status
    ).toBe(201);
    await sleep(300);

    // Point the client at instance B (as a load balancer without stickiness would) and reconnect.
    const manager = socket.io as unknown as { uri: string; opts: { hostname: string; port: string } };
    const target = new URL(b.baseUrl);
    manager.uri = b.baseUrl;
    manager.opts.hostname = target.hostname;
    manager.opts.port = target.port;
    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await reconnected;
    expect((socket.io.engine as unknown as { port: string }).port).toBe(target.port);
    expect(socket.recovered).toBe(true);
    await waitFor(() => notifications.length && availability.length, 10_000, 'replayed events on B');
    expect(notifications).toEqual([missed]);
    expect(availability[0]).toMatchObject({ venue: venue.documentId, from: new Date(at(5, '15:00')).toISOString() });
  });
});
