import crypto from 'node:crypto';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime, setSetting } from '../harness/bookings';
import {
  closeAll,
  connect,
  connectError,
  createStaff,
  emitWithAck,
  readyEvents,
  record,
  shortLivedUserToken,
  sleep,
  suiteRedisPrefix,
  waitFor,
  type ClientSocket,
} from '../harness/sockets';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * The realtime plugin on one instance (the embedded default's in-process adapter; with REDIS_URL set the
 * same cases run through the Redis Streams adapter): handshake auth, server-side rooms, venue
 * subscriptions, the events the booking engine / pricing writes / notifications drive, disconnection on
 * block and token expiry, and connection state recovery.
 */

const ZONE = 'Europe/Berlin';
// Long enough for a disconnect, a booking and a reconnect on a loaded 2-core CI machine (3 s was not).
const RECOVERY_WINDOW_MS = 8_000;
/** How long a test waits to be sure something was NOT delivered. */
const QUIET_MS = 600;

let app: TestApp;
const redisKeys = suiteRedisPrefix();
let vendor: TestVendor;
let otherVendor: TestVendor;
let venue: TestVenue;
let hiddenVenue: TestVenue;
let customer: TestUser;
let stranger: TestUser;

const at = (day: number, clock: string) => localTime(ZONE, day, clock);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
const bus = () => require(`${app.strapi.dirs.dist.root}/src/infra/event-bus`).eventBus;

beforeAll(async () => {
  app = await startApp({ env: { REDIS_PREFIX: redisKeys.prefix, REALTIME_RECOVERY_WINDOW_MS: String(RECOVERY_WINDOW_MS) } });
  vendor = await createVendor(app);
  otherVendor = await createVendor(app);
  venue = await createVenue(app, vendor);
  hiddenVenue = await createVenue(app, vendor, { status: 'pending_approval' });
  customer = await createCustomer(app);
  stranger = await createCustomer(app);
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
});
afterEach(() => closeAll());
afterAll(async () => {
  closeAll();
  await app.stop();
  await redisKeys.cleanup();
});

describe('handshake', () => {
  it.each([
    ['no token', undefined],
    ['an empty token', ''],
    ['a garbage token', 'not.a.jwt'],
    [
      'a token signed with another secret',
      'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiIxIiwic2Vzc2lvbklkIjoieCIsInR5cGUiOiJhY2Nlc3MifQ.c2lnbmF0dXJl',
    ],
  ])('refuses %s with connect_error "unauthorized"', async (_label, token) => {
    expect(await connectError(app.baseUrl, token)).toBe('unauthorized');
  });

  it('refuses an expired access token', async () => {
    const token = await shortLivedUserToken(app, customer.id, 1);
    await sleep(1_200);
    expect(await connectError(app.baseUrl, token)).toBe('unauthorized');
  });

  it('refuses a refresh token presented as an access token', async () => {
    const refresh = await app.strapi
      .sessionManager('users-permissions')
      .generateRefreshToken(String(customer.id), crypto.randomUUID(), { type: 'refresh' });
    expect(await connectError(app.baseUrl, refresh.token)).toBe('unauthorized');
  });

  it('refuses the token of a revoked session (logout) and of a blocked user', async () => {
    const loggedOut = await createCustomer(app);
    await app.strapi.sessionManager('users-permissions').invalidateRefreshToken(String(loggedOut.id));
    expect(await connectError(app.baseUrl, loggedOut.jwt)).toBe('unauthorized');

    const blocked = await createCustomer(app);
    // Blocked directly in the database: the session is still there, the user check must refuse it.
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: blocked.id }, data: { blocked: true } });
    expect(await connectError(app.baseUrl, blocked.jwt)).toBe('unauthorized');
  });

  it('accepts a user access token, over websocket and long-polling', async () => {
    const ws = await connect(app.baseUrl, customer.jwt);
    expect(ws.connected).toBe(true);
    const polling = await connect(app.baseUrl, customer.jwt, { transports: ['polling'] });
    expect(polling.connected).toBe(true);
    expect(polling.io.engine.transport.name).toBe('polling');
  });

  it('accepts an admin-panel token (staff) and refuses an inactive admin', async () => {
    const staff = await createStaff(app);
    const socket = await connect(app.baseUrl, staff.token);
    expect(socket.connected).toBe(true);
    const inactive = await createStaff(app, { active: false });
    expect(await connectError(app.baseUrl, inactive.token)).toBe('unauthorized');
  });

  it('joins own rooms server-side: user, vendor, staff', async () => {
    const staff = await createStaff(app);
    await connect(app.baseUrl, vendor.jwt);
    await connect(app.baseUrl, customer.jwt);
    await connect(app.baseUrl, staff.token);
    const io = app.strapi.plugin('realtime').service('socket-server').io();
    const roomsOf = async (room: string) => (await io.in(room).fetchSockets()).length;
    await waitFor(async () => (await roomsOf(`vendor:${vendor.profile.documentId}`)) === 1, 5_000, 'vendor room');
    expect(await roomsOf(`user:${vendor.id}`)).toBe(1);
    expect(await roomsOf(`user:${customer.id}`)).toBe(1);
    expect(await roomsOf('staff')).toBe(1);
    // Nobody is in a venue room without subscribing.
    expect(await roomsOf(`venue:${venue.documentId}`)).toBe(0);
  });
});

describe('booking and availability events', () => {
  let customerSocket: ClientSocket;
  let vendorSocket: ClientSocket;
  let strangerSocket: ClientSocket;
  let otherVendorSocket: ClientSocket;
  let watcher: ClientSocket;

  beforeEach(async () => {
    [customerSocket, vendorSocket, strangerSocket, otherVendorSocket, watcher] = await Promise.all([
      connect(app.baseUrl, customer.jwt),
      connect(app.baseUrl, vendor.jwt),
      connect(app.baseUrl, stranger.jwt),
      connect(app.baseUrl, otherVendor.jwt),
      connect(app.baseUrl, stranger.jwt),
    ]);
    expect(await emitWithAck(watcher, 'venue:subscribe', { venue: venue.documentId })).toEqual({
      ok: true,
      data: { venue: venue.documentId },
    });
  });

  it('a booking reaches its customer and the venue vendor, never a stranger; subscribers see the hold', async () => {
    const toCustomer = record(customerSocket, 'booking:updated');
    const toVendor = record(vendorSocket, 'booking:updated');
    const toStranger = record(strangerSocket, 'booking:updated');
    const toOtherVendor = record(otherVendorSocket, 'booking:updated');
    const toWatcher = record(watcher, 'booking:updated');
    const availability = record(watcher, 'availability:changed');
    const strangerAvailability = record(strangerSocket, 'availability:changed');

    const res = await createBooking(app, customer, {
      venue: venue.documentId,
      start: at(5, '10:00'),
      end: at(5, '12:00'),
      guests: 4,
    });
    expect(res.status).toBe(201);
    const booking = res.body.data;
    const expected = {
      booking: booking.documentId,
      venue: venue.documentId,
      status: 'pending_payment',
      payment_status: 'unpaid',
    };
    await waitFor(() => toCustomer.length && toVendor.length && availability.length, 5_000, 'events');
    expect(toCustomer).toEqual([expected]);
    expect(toVendor).toEqual([expected]);
    expect(availability).toEqual([
      {
        venue: venue.documentId,
        from: new Date(at(5, '10:00')).toISOString(),
        to: new Date(at(5, '12:00')).toISOString(),
        hold_expires_at: booking.hold_expires_at,
      },
    ]);
    await sleep(QUIET_MS);
    expect(toStranger).toEqual([]);
    expect(toOtherVendor).toEqual([]);
    expect(toWatcher).toEqual([]);
    // The socket that did not subscribe to the venue (same user as the watcher) gets no availability.
    expect(strangerAvailability).toEqual([]);
  });

  it('cancelling and hold expiry free the slot live', async () => {
    const first = (
      await createBooking(app, customer, { venue: venue.documentId, start: at(6, '10:00'), end: at(6, '11:00'), guests: 2 })
    ).body.data;
    const second = (
      await createBooking(app, customer, { venue: venue.documentId, start: at(6, '14:00'), end: at(6, '15:00'), guests: 2 })
    ).body.data;
    await sleep(QUIET_MS);
    const toCustomer = record(customerSocket, 'booking:updated');
    const availability = record(watcher, 'availability:changed');

    const cancel = await app
      .http()
      .post(app.api(`/bookings/${first.documentId}/cancel`))
      .set(customer.auth)
      .send({ reason: 'plans changed' });
    expect(cancel.status).toBe(200);
    await waitFor(() => toCustomer.length && availability.length, 5_000, 'cancel events');
    expect(toCustomer[0]).toMatchObject({ booking: first.documentId, status: 'cancelled' });
    expect(availability[0]).toEqual({
      venue: venue.documentId,
      from: new Date(at(6, '10:00')).toISOString(),
      to: new Date(at(6, '11:00')).toISOString(),
    });

    // The maintenance job (driven with a clock past the hold) expires the other hold.
    await app.strapi.service('api::booking.booking-engine').runMaintenance({ now: Date.parse(second.hold_expires_at) + 1_000 });
    // (It expires every hold that old, including other tests' ones: look for this booking's events.)
    const expired = await waitFor(() => toCustomer.find((event) => event.booking === second.documentId), 5_000, 'expiry event');
    expect(expired).toEqual({ booking: second.documentId, venue: venue.documentId, status: 'expired', payment_status: 'unpaid' });
    await waitFor(() => availability.find((event) => event.from === new Date(at(6, '14:00')).toISOString()), 5_000, 'slot freed');
  });

  it('unsubscribing stops availability events', async () => {
    const availability = record(watcher, 'availability:changed');
    expect(await emitWithAck(watcher, 'venue:unsubscribe', { venue: venue.documentId })).toEqual({
      ok: true,
      data: { venue: venue.documentId },
    });
    expect(
      (await createBooking(app, customer, { venue: venue.documentId, start: at(7, '10:00'), end: at(7, '11:00'), guests: 2 }))
        .status
    ).toBe(201);
    await sleep(QUIET_MS);
    expect(availability).toEqual([]);
  });
});

describe('venue:subscribe', () => {
  it('acks errors for unknown, hidden and malformed venues', async () => {
    const socket = await connect(app.baseUrl, customer.jwt);
    expect(await emitWithAck(socket, 'venue:subscribe', { venue: 'nope' })).toEqual({
      ok: false,
      error: { name: 'NotFoundError', message: 'Venue not found' },
    });
    expect(await emitWithAck(socket, 'venue:subscribe', { venue: hiddenVenue.documentId })).toMatchObject({
      ok: false,
      error: { name: 'NotFoundError' },
    });
    expect(await emitWithAck(socket, 'venue:subscribe', { venue: 'a b' })).toMatchObject({
      ok: false,
      error: { name: 'ValidationError' },
    });
    expect(await emitWithAck(socket, 'venue:subscribe', { venue: venue.documentId, extra: 1 })).toMatchObject({
      ok: false,
      error: { name: 'ValidationError' },
    });
    expect(await emitWithAck(socket, 'venue:subscribe', 'just a string')).toMatchObject({
      ok: false,
      error: { name: 'ValidationError' },
    });
    expect(await emitWithAck(socket, 'venue:subscribe')).toMatchObject({ ok: false, error: { name: 'ValidationError' } });
    const io = app.strapi.plugin('realtime').service('socket-server').io();
    expect((await io.in(`venue:${hiddenVenue.documentId}`).fetchSockets()).length).toBe(0);
  });

  it('pricing changes reach venue subscribers (rules and base rate, whatever writes them)', async () => {
    const watcher = await connect(app.baseUrl, stranger.jwt);
    await emitWithAck(watcher, 'venue:subscribe', { venue: venue.documentId });
    const pricing = record(watcher, 'pricing:changed');
    const rule = await app.strapi.documents('api::pricing-rule.pricing-rule').create({
      data: {
        venue: venue.id,
        name: 'Weekend',
        kind: 'special_rate',
        price_per_hour: 20000,
        weekdays: ['sat', 'sun'],
        active: true,
      } as never,
    });
    await waitFor(() => pricing.length, 5_000, 'pricing:changed after a rule');
    await app.strapi
      .documents('api::venue.venue')
      .update({ documentId: venue.documentId, data: { price_per_hour: 12000 } as never });
    await waitFor(() => pricing.length >= 2, 5_000, 'pricing:changed after the base rate');
    await app.strapi.documents('api::pricing-rule.pricing-rule').delete({ documentId: rule.documentId });
    await waitFor(() => pricing.length >= 3, 5_000, 'pricing:changed after a delete');
    expect(pricing).toEqual([{ venue: venue.documentId }, { venue: venue.documentId }, { venue: venue.documentId }]);
  });
});

describe('notifications, blocking and expiry', () => {
  it('a notification event reaches only its user', async () => {
    const mine = await connect(app.baseUrl, customer.jwt);
    const theirs = await connect(app.baseUrl, stranger.jwt);
    const got = record(mine, 'notification');
    const leaked = record(theirs, 'notification');
    const notification = {
      id: 'n1',
      type: 'booking_confirmed',
      title: 'Confirmed',
      body: 'See you soon',
      data: { booking: 'b1' },
      created_at: new Date().toISOString(),
    };
    bus().publish('notification.created', { user: customer.id, notification });
    await waitFor(() => got.length, 5_000, 'notification');
    expect(got).toEqual([notification]);
    await sleep(QUIET_MS);
    expect(leaked).toEqual([]);
  });

  it('a real notification arrives on the socket and notification:read marks it read (others: NotFoundError)', async () => {
    const mine = await connect(app.baseUrl, customer.jwt);
    const theirs = await connect(app.baseUrl, stranger.jwt);
    const got = record<{ id: string; type: string }>(mine, 'notification');
    await app.strapi
      .service('api::notification.notification-center')
      .notify(customer.id, { type: 'system_announcement', title: 'Maintenance', body: 'Tonight 2-3 am', data: null });
    await waitFor(() => got.length, 5_000, 'notification');
    const id = got[0].id;

    const refused = await emitWithAck<{ ok: boolean; error?: { name: string } }>(theirs, 'notification:read', {
      notification: id,
    });
    expect(refused).toMatchObject({ ok: false, error: { name: 'NotFoundError' } });
    const bad = await emitWithAck<{ ok: boolean; error?: { name: string } }>(mine, 'notification:read', {
      notification: id,
      extra: 1,
    });
    expect(bad).toMatchObject({ ok: false, error: { name: 'ValidationError' } });

    const ack = await emitWithAck<{ ok: boolean; data?: { id: string; read_at: string | null } }>(mine, 'notification:read', {
      notification: id,
    });
    expect(ack).toMatchObject({ ok: true, data: { id } });
    expect(ack.data?.read_at).toBeTruthy();
    const row = await app.strapi.db.query('api::notification.notification').findOne({ where: { documentId: id } });
    expect(row.read_at).toBeTruthy();
  });

  it('blocking a user disconnects their sockets at once', async () => {
    const victim = await createCustomer(app);
    const sockets = await Promise.all([
      connect(app.baseUrl, victim.jwt),
      connect(app.baseUrl, victim.jwt, { transports: ['polling'] }),
    ]);
    const bystander = await connect(app.baseUrl, customer.jwt);
    const reasons: string[] = [];
    sockets.forEach((socket) => socket.on('disconnect', (reason) => reasons.push(reason)));
    await app.strapi
      .documents('plugin::users-permissions.user')
      .update({ documentId: victim.documentId, data: { blocked: true } as never });
    await waitFor(() => reasons.length === 2, 5_000, 'disconnects');
    expect(reasons).toEqual(['io server disconnect', 'io server disconnect']);
    expect(bystander.connected).toBe(true);
    expect(await connectError(app.baseUrl, victim.jwt)).toBe('unauthorized');
  });

  it('disconnects a socket when its token expires', async () => {
    const token = await shortLivedUserToken(app, customer.id, 2);
    const socket = await connect(app.baseUrl, token);
    const expired = record(socket, 'auth:expired');
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    await waitFor(() => reasons.length, 5_000, 'expiry disconnect');
    expect(reasons).toEqual(['io server disconnect']);
    expect(expired).toEqual([{ reason: 'token_expired' }]);
  });
});

describe('connection state recovery', () => {
  const dropTransport = async (socket: ClientSocket, userId: number) => {
    const io = app.strapi.plugin('realtime').service('socket-server').io();
    const before = (await io.in(`user:${userId}`).fetchSockets()).length;
    socket.io.engine.close();
    await waitFor(
      async () => (await io.in(`user:${userId}`).fetchSockets()).length === before - 1,
      5_000,
      'server-side disconnect'
    );
  };

  it('says when the token expires and how long a dropped session is kept', async () => {
    const socket = await connect(app.baseUrl, customer.jwt);
    const [ready] = await waitFor(() => (readyEvents.get(socket)?.length ? readyEvents.get(socket) : null), 5_000, 'ready');
    expect(ready).toEqual({ expires_at: expect.any(String), recovery_window_ms: RECOVERY_WINDOW_MS });
    const minutes = (Date.parse(ready.expires_at) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(10);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  it('replays what a client missed when it reconnects within the window, with its rooms', async () => {
    const user = await createCustomer(app);
    const socket = await connect(app.baseUrl, user.jwt);
    await emitWithAck(socket, 'venue:subscribe', { venue: venue.documentId });
    const notifications = record(socket, 'notification');
    const availability = record(socket, 'availability:changed');
    await dropTransport(socket, user.id);

    const missed = {
      id: 'n-missed',
      type: 'system',
      title: 'While you were away',
      body: null,
      data: null,
      created_at: new Date().toISOString(),
    };
    bus().publish('notification.created', { user: user.id, notification: missed });
    expect(
      (await createBooking(app, customer, { venue: venue.documentId, start: at(8, '10:00'), end: at(8, '11:00'), guests: 2 }))
        .status
    ).toBe(201);
    await sleep(200);

    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await reconnected;
    expect(socket.recovered).toBe(true);
    await waitFor(() => notifications.length && availability.length, 5_000, 'replayed events');
    expect(notifications).toEqual([missed]);
    expect(availability[0]).toMatchObject({ venue: venue.documentId, from: new Date(at(8, '10:00')).toISOString() });
    // Its venue subscription survived the reconnect.
    const io = app.strapi.plugin('realtime').service('socket-server').io();
    const [server] = await io.in(`user:${user.id}`).fetchSockets();
    expect(server.rooms.has(`venue:${venue.documentId}`)).toBe(true);
  });

  it('does not replay after the window, and re-checks the token on recovery', async () => {
    const user = await createCustomer(app);
    const socket = await connect(app.baseUrl, user.jwt);
    const notifications = record(socket, 'notification');
    await dropTransport(socket, user.id);
    bus().publish('notification.created', {
      user: user.id,
      notification: { id: 'late', type: 'system', title: 'x', body: null, data: null, created_at: new Date().toISOString() },
    });
    await sleep(RECOVERY_WINDOW_MS + 500);
    const reconnected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.connect();
    await reconnected;
    expect(socket.recovered).toBe(false);
    await sleep(QUIET_MS);
    expect(notifications).toEqual([]);

    // Within the window but with the session revoked: the recovery is refused.
    await dropTransport(socket, user.id);
    await app.strapi.sessionManager('users-permissions').invalidateRefreshToken(String(user.id));
    const refused = new Promise<string>((resolve) => socket.once('connect_error', (error) => resolve(error.message)));
    socket.connect();
    expect(await refused).toBe('unauthorized');
  });
});
