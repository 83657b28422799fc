import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime } from '../harness/bookings';
import { closeAll, connect, createStaff, emitWithAck, record, sleep, suiteRedisPrefix, waitFor } from '../harness/sockets';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Chat: REST /conversations and the socket's chat:send / chat:typing. Only participants read or post
 * (others 404 / NotFoundError), bodies are plain text 1..4000 characters, senders are rate-limited, and
 * every stored message reaches the participants' sockets as chat:message.
 */

const LIMIT = 6;
const QUIET_MS = 600;
let app: TestApp;
const redisKeys = suiteRedisPrefix();
let vendor: TestVendor;
let venue: TestVenue;
let hiddenVenue: TestVenue;

const conversations = () => app.api('/conversations');
const messagesOf = (id: string) => app.api(`/conversations/${id}/messages`);
const open = (user: TestUser, body: Record<string, unknown>) => app.http().post(conversations()).set(user.auth).send(body);
const post = (user: TestUser, id: string, body: unknown) =>
  app
    .http()
    .post(messagesOf(id))
    .set(user.auth)
    .send(body as object);
const storedMessages = (conversationId: number) =>
  app.strapi.db
    .query('api::message.message')
    .findMany({ where: { conversation: { id: conversationId } }, orderBy: { id: 'asc' } });
const conversationRow = (documentId: string) =>
  app.strapi.db.query('api::conversation.conversation').findOne({ where: { documentId }, populate: ['participants'] });

beforeAll(async () => {
  app = await startApp({ env: { REDIS_PREFIX: redisKeys.prefix, CHAT_MESSAGES_PER_MINUTE: String(LIMIT) } });
  vendor = await createVendor(app, { profile: { business_name: 'Hall Company' } });
  venue = await createVenue(app, vendor);
  hiddenVenue = await createVenue(app, vendor, { status: 'pending_approval' });
});
afterEach(() => closeAll());
afterAll(async () => {
  closeAll();
  await app.stop();
  await redisKeys.cleanup();
});

describe('POST /conversations', () => {
  it('opens a conversation with the venue vendor, first message included, and reuses the open one', async () => {
    const customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
    const vendorSocket = await connect(app.baseUrl, vendor.jwt);
    const strangerSocket = await connect(app.baseUrl, (await createCustomer(app)).jwt);
    const toVendor = record(vendorSocket, 'chat:message');
    const toStranger = record(strangerSocket, 'chat:message');

    const first = await open(customer, {
      venue: venue.documentId,
      body: 'Is the hall free for a <b>birthday</b>?<script>alert(1)</script>',
    });
    expect(first.status).toBe(201);
    expect(first.body.meta.created).toBe(true);
    const conversation = first.body.data;
    expect(conversation).toMatchObject({
      kind: 'booking',
      status: 'open',
      venue: { documentId: venue.documentId, slug: venue.slug },
      booking: null,
      ticket: null,
      last_message: {
        body: 'Is the hall free for a birthday?',
        sender: { documentId: customer.documentId, name: 'Ada L.' },
        from_staff: false,
      },
    });
    expect(conversation.participants).toEqual(
      expect.arrayContaining([
        { documentId: customer.documentId, name: 'Ada L.', role: 'customer' },
        { documentId: vendor.documentId, name: 'Hall Company', role: 'vendor' },
      ])
    );
    expect(first.body.meta.message).toEqual(conversation.last_message);
    await waitFor(() => toVendor.length, 5_000, 'chat:message to the vendor');
    expect(toVendor).toEqual([{ conversation: conversation.documentId, message: first.body.meta.message }]);

    const again = await open(customer, { venue: venue.documentId, body: 'Hello again' });
    expect(again.status).toBe(200);
    expect(again.body.meta.created).toBe(false);
    expect(again.body.data.documentId).toBe(conversation.documentId);

    const row = await conversationRow(conversation.documentId);
    expect(row.participants.map((p: { id: number }) => p.id).sort()).toEqual([customer.id, vendor.id].sort());
    expect((await storedMessages(row.id)).map((m: { body: string }) => m.body)).toEqual([
      'Is the hall free for a birthday?',
      'Hello again',
    ]);
    await sleep(QUIET_MS);
    expect(toStranger).toEqual([]);
  });

  it('opens one about a booking for either side of it; others get 404', async () => {
    const customer = await createCustomer(app);
    const booked = await createBooking(app, customer, {
      venue: venue.documentId,
      start: localTime('Europe/Berlin', 9, '10:00'),
      end: localTime('Europe/Berlin', 9, '11:00'),
      guests: 3,
    });
    expect(booked.status).toBe(201);
    const booking = booked.body.data.documentId;
    const res = await open(customer, { booking, body: 'Can we arrive 10 minutes early?' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      kind: 'booking',
      booking: { documentId: booking },
      venue: { documentId: venue.documentId },
    });
    // The vendor opening about the same booking lands in the same conversation.
    const reply = await open(vendor, { booking, body: 'Sure.' });
    expect(reply.status).toBe(200);
    expect(reply.body.data.documentId).toBe(res.body.data.documentId);
    const stranger = await createCustomer(app);
    expect((await open(stranger, { booking, body: 'hi' })).status).toBe(404);
  });

  it.each([
    ['neither venue nor booking', { body: 'hi' }],
    ['both venue and booking', { venue: 'abc', booking: 'def', body: 'hi' }],
    ['an unknown field', { venue: 'abc', body: 'hi', sender: 1 }],
    ['no body', { venue: 'abc' }],
    ['an empty body', { venue: 'abc', body: '   ' }],
    ['a body over 4000 characters', { venue: 'abc', body: 'x'.repeat(4001) }],
    ['a non-string body', { venue: 'abc', body: 42 }],
    ['a malformed venue id', { venue: 'a b', body: 'hi' }],
  ])('400 for %s', async (_label, body) => {
    const res = await open(await createCustomer(app), body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
  });

  it('400 for a body that is only markup, and for a vendor writing about its own venue; 404 for a hidden venue', async () => {
    const customer = await createCustomer(app);
    expect((await open(customer, { venue: venue.documentId, body: '<img src=x onerror=alert(1)>' })).status).toBe(400);
    const own = await open(vendor, { venue: venue.documentId, body: 'talking to myself' });
    expect(own.status).toBe(400);
    expect(own.body.error.details.errors[0].path).toEqual(['venue']);
    expect((await open(customer, { venue: hiddenVenue.documentId, body: 'hi' })).status).toBe(404);
    expect((await open(customer, { venue: 'doesnotexist', body: 'hi' })).status).toBe(404);
  });

  it('simultaneous opens about the same venue by the same customer make one conversation', async () => {
    const customer = await createCustomer(app);
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => open(customer, { venue: venue.documentId, body: `Question ${n}` }))
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((res) => res.body.data.documentId)).size).toBe(1);
    const rows = await app.strapi.db
      .query('api::conversation.conversation')
      .findMany({ where: { venue: { id: venue.id }, participants: { id: customer.id } } });
    expect(rows).toHaveLength(1);
    expect(await storedMessages(rows[0].id)).toHaveLength(5);
  });

  it('is not open to anonymous callers', async () => {
    const res = await app.http().post(conversations()).send({ venue: venue.documentId, body: 'hi' });
    expect(res.status).toBe(403);
    expect((await app.http().get(conversations())).status).toBe(403);
  });
});

describe('reading and posting', () => {
  let customer: TestUser;
  let stranger: TestUser;
  let conversation: string;

  beforeAll(async () => {
    customer = await createCustomer(app);
    stranger = await createCustomer(app);
    conversation = (await open(customer, { venue: venue.documentId, body: 'one' })).body.data.documentId;
    await post(vendor, conversation, { body: 'two' });
    await post(customer, conversation, { body: 'three' });
  });

  it('lists own conversations only, with pagination', async () => {
    const mine = await app.http().get(conversations()).set(customer.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((c: { documentId: string }) => c.documentId)).toEqual([conversation]);
    expect(mine.body.data[0].last_message.body).toBe('three');
    expect(mine.body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 1 });
    const theirs = await app.http().get(conversations()).set(stranger.auth);
    expect(theirs.body).toEqual({ data: [], meta: { pagination: { page: 1, pageSize: 25, pageCount: 0, total: 0 } } });
    expect((await app.http().get(conversations()).query({ pageSize: 101 }).set(customer.auth)).status).toBe(400);
  });

  it('pages messages newest first by default, oldest first with order=asc', async () => {
    const newest = await app.http().get(messagesOf(conversation)).query({ pageSize: 2 }).set(customer.auth);
    expect(newest.status).toBe(200);
    expect(newest.body.data.map((m: { body: string }) => m.body)).toEqual(['three', 'two']);
    expect(newest.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
    const older = await app.http().get(messagesOf(conversation)).query({ pageSize: 2, page: 2 }).set(vendor.auth);
    expect(older.body.data.map((m: { body: string }) => m.body)).toEqual(['one']);
    const oldest = await app.http().get(messagesOf(conversation)).query({ order: 'asc' }).set(customer.auth);
    expect(oldest.body.data.map((m: { body: string }) => m.body)).toEqual(['one', 'two', 'three']);
    expect(oldest.body.data[1]).toMatchObject({
      conversation,
      sender: { documentId: vendor.documentId, name: 'Hall Company' },
      from_staff: false,
    });
    expect((await app.http().get(messagesOf(conversation)).query({ order: 'random' }).set(customer.auth)).status).toBe(400);
  });

  it('404 for non-participants, reading or posting; 400 for malformed ids', async () => {
    const read = await app.http().get(messagesOf(conversation)).set(stranger.auth);
    expect(read.status).toBe(404);
    expect(read.body.error.name).toBe('NotFoundError');
    expect((await post(stranger, conversation, { body: 'let me in' })).status).toBe(404);
    expect((await app.http().get(messagesOf('no-such-conversation')).set(customer.auth)).status).toBe(404);
    expect((await app.http().get(messagesOf('bad id!')).set(customer.auth)).status).toBe(400);
    const row = await conversationRow(conversation);
    expect((await storedMessages(row.id)).map((m: { body: string }) => m.body)).toEqual(['one', 'two', 'three']);
  });

  it('refuses messages in a closed conversation with 409; a new one is opened for the venue', async () => {
    const other = await createCustomer(app);
    const id = (await open(other, { venue: venue.documentId, body: 'hi' })).body.data.documentId;
    await app.strapi.db.query('api::conversation.conversation').update({ where: { documentId: id }, data: { status: 'closed' } });
    const res = await post(other, id, { body: 'anyone?' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ name: 'ConflictError', details: { reason: 'CONVERSATION_CLOSED' } });
    const fresh = await open(other, { venue: venue.documentId, body: 'new thread' });
    expect(fresh.status).toBe(201);
    expect(fresh.body.data.documentId).not.toBe(id);
  });
});

describe('over the socket', () => {
  it('chat:send stores the message, acks it and delivers it; strangers get NotFoundError; chat:typing reaches the other side', async () => {
    const customer = await createCustomer(app);
    const stranger = await createCustomer(app);
    const conversation = (await open(customer, { venue: venue.documentId, body: 'hello' })).body.data.documentId;
    const [customerSocket, secondTab, vendorSocket, strangerSocket] = await Promise.all([
      connect(app.baseUrl, customer.jwt),
      connect(app.baseUrl, customer.jwt),
      connect(app.baseUrl, vendor.jwt),
      connect(app.baseUrl, stranger.jwt),
    ]);
    const toCustomer = record(customerSocket, 'chat:message');
    const toStranger = record(strangerSocket, 'chat:message');
    const typingSeenByCustomer = record(customerSocket, 'chat:typing');
    const typingSeenBySecondTab = record(secondTab, 'chat:typing');
    const typingSeenByVendor = record(vendorSocket, 'chat:typing');
    const typingSeenByStranger = record(strangerSocket, 'chat:typing');

    const ack = await emitWithAck<{ ok: boolean; data: Record<string, unknown> }>(vendorSocket, 'chat:send', {
      conversation,
      body: 'Welcome! <i>Yes</i>',
    });
    expect(ack).toEqual({
      ok: true,
      data: {
        documentId: expect.any(String),
        conversation,
        body: 'Welcome! Yes',
        sender: { documentId: vendor.documentId, name: 'Hall Company' },
        from_staff: false,
        created_at: expect.any(String),
      },
    });
    await waitFor(() => toCustomer.length, 5_000, 'chat:message');
    expect(toCustomer).toEqual([{ conversation, message: ack.data }]);
    expect(
      await app.strapi.db.query('api::message.message').findOne({ where: { documentId: ack.data.documentId } })
    ).toMatchObject({ body: 'Welcome! Yes' });

    expect(await emitWithAck(strangerSocket, 'chat:send', { conversation, body: 'hi' })).toEqual({
      ok: false,
      error: { name: 'NotFoundError', message: 'Conversation not found' },
    });
    expect(await emitWithAck(customerSocket, 'chat:send', { conversation, body: '' })).toMatchObject({
      ok: false,
      error: { name: 'ValidationError' },
    });
    expect(await emitWithAck(customerSocket, 'chat:send', { conversation })).toMatchObject({
      ok: false,
      error: { name: 'ValidationError' },
    });

    expect(await emitWithAck(customerSocket, 'chat:typing', { conversation })).toEqual({
      ok: true,
      data: { conversation, relayed: true },
    });
    await waitFor(() => typingSeenByVendor.length, 5_000, 'chat:typing');
    expect(typingSeenByVendor).toEqual([
      { conversation, user: { documentId: customer.documentId, name: customer.username }, from_staff: false },
    ]);
    // Throttled: a burst relays once.
    expect(await emitWithAck(customerSocket, 'chat:typing', { conversation })).toEqual({
      ok: true,
      data: { conversation, relayed: false },
    });
    expect(await emitWithAck(strangerSocket, 'chat:typing', { conversation })).toMatchObject({
      ok: false,
      error: { name: 'NotFoundError' },
    });
    await sleep(QUIET_MS);
    expect(typingSeenByVendor).toHaveLength(1);
    expect(typingSeenByCustomer).toEqual([]);
    expect(typingSeenBySecondTab).toEqual([]);
    expect(typingSeenByStranger).toEqual([]);
    expect(toStranger).toEqual([]);
  });

  it('support conversations (a ticket) are shared with staff, who answer as staff; staff cannot read customer-vendor chats', async () => {
    const customer = await createCustomer(app);
    const ticket = await app.strapi.documents('api::support-ticket.support-ticket').create({
      data: { user: customer.id, subject: 'Refund question', type: 'payment' } as never,
    });
    const staff = await createStaff(app);
    const staffSocket = await connect(app.baseUrl, staff.token);
    const customerSocket = await connect(app.baseUrl, customer.jwt);
    const toStaff = record(staffSocket, 'chat:message');
    const toCustomer = record(customerSocket, 'chat:message');

    const opened = await open(customer, { ticket: ticket.documentId, body: 'Where is my refund?' });
    expect(opened.status).toBe(201);
    expect(opened.body.data).toMatchObject({
      kind: 'support',
      ticket: { documentId: ticket.documentId, subject: 'Refund question' },
    });
    const conversation = opened.body.data.documentId;
    await waitFor(() => toStaff.length, 5_000, 'chat:message to staff');

    const answer = await emitWithAck<{ ok: boolean; data: Record<string, unknown> }>(staffSocket, 'chat:send', {
      conversation,
      body: 'It is on its way.',
    });
    expect(answer).toMatchObject({ ok: true, data: { body: 'It is on its way.', sender: null, from_staff: true } });
    await waitFor(() => toCustomer.length >= 2, 5_000, 'staff answer');
    expect(toCustomer[1]).toEqual({ conversation, message: answer.data });
    // The ticket's conversation is reused.
    expect((await open(customer, { ticket: ticket.documentId, body: 'Thanks' })).status).toBe(200);
    expect((await open(await createCustomer(app), { ticket: ticket.documentId, body: 'mine?' })).status).toBe(404);

    const privateChat = (await open(customer, { venue: venue.documentId, body: 'private' })).body.data.documentId;
    expect(await emitWithAck(staffSocket, 'chat:send', { conversation: privateChat, body: 'hi' })).toMatchObject({
      ok: false,
      error: { name: 'NotFoundError' },
    });
  });
});

describe('rate limit', () => {
  it(`allows ${LIMIT} messages a minute per sender over REST and socket together, then 429 / RateLimitError`, async () => {
    // Stay inside one minute window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await sleep(60_000 - intoMinute + 100);
    const customer = await createCustomer(app);
    const opened = await open(customer, { venue: venue.documentId, body: 'm1' });
    const conversation = opened.body.data.documentId;
    const socket = await connect(app.baseUrl, customer.jwt);
    for (let i = 2; i <= LIMIT; i += 1) {
      if (i % 2 === 0)
        expect((await emitWithAck(socket, 'chat:send', { conversation, body: `m${i}` })) as object).toMatchObject({ ok: true });
      else expect((await post(customer, conversation, { body: `m${i}` })).status).toBe(201);
    }
    const limited = await post(customer, conversation, { body: 'one too many' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ name: 'RateLimitError', details: { scope: 'chat' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await emitWithAck(socket, 'chat:send', { conversation, body: 'and another' })).toMatchObject({
      ok: false,
      error: { name: 'RateLimitError' },
    });
    // Another sender is not affected.
    expect((await post(vendor, conversation, { body: 'I can still answer' })).status).toBe(201);
    const row = await conversationRow(conversation);
    expect(await storedMessages(row.id)).toHaveLength(LIMIT + 1);
  });
});
