import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { auditOf, notificationsOf } from './helpers';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * The support desk (both run modes): the ticket queue with filters (status, priority, type, assignee, subject),
 * assign, staff reply (admin users only: a reply is signed by a person), status and priority changes through the
 * ticket state machine (illegal: 409), one audit row per action, the owner notified.
 */
let app: TestApp;
let token: ApiToken;
let support: Staff;
let customer: TestUser;

const api = (path: string) => app.api(`/admin-dashboard/operations/tickets${path}`);
const panel = (path: string) => `/control-center/tickets${path}`;

const openTicket = async (subject: string): Promise<string> => {
  const res = await app
    .http()
    .post(app.api('/support-tickets'))
    .set(customer.auth)
    .send({ type: 'payment', subject, body: 'I was charged twice' });
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  support = await createStaff(app, 'support');
  customer = await createCustomer(app);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

it('queues open tickets by priority, then longest waiting; filters by assignee, status and subject', async () => {
  const tag = `Q${Date.now()}`;
  const a = await openTicket(`${tag} first`);
  const b = await openTicket(`${tag} second`);
  const c = await openTicket(`${tag} third`);
  expect(
    (
      await app
        .http()
        .post(api(`/${c}/status`))
        .set(token.auth)
        .send({ priority: 'urgent' })
    ).status
  ).toBe(200);
  const queue = await app.http().get(api('')).query({ q: tag }).set(token.auth);
  expect(queue.status).toBe(200);
  expect(queue.body.data.map((t: { documentId: string }) => t.documentId)).toEqual([c, a, b]);
  expect(queue.body.data[0]).toMatchObject({ priority: 'urgent', user: { id: customer.id }, assignee: null });

  await app
    .http()
    .post(panel(`/${b}/assign`))
    .set(support.auth)
    .send({ assignee: support.id });
  const mine = await app.http().get(panel('')).query({ q: tag, assignee: 'me' }).set(support.auth);
  expect(mine.body.data.map((t: { documentId: string }) => t.documentId)).toEqual([b]);
  const none = await app.http().get(api('')).query({ q: tag, assignee: 'none' }).set(token.auth);
  expect(none.body.data.map((t: { documentId: string }) => t.documentId)).toEqual([c, a]);
  expect((await app.http().get(api('')).query({ q: tag, status: 'closed' }).set(token.auth)).body.data).toEqual([]);
  expect((await app.http().get(api('')).query({ priority: 'whenever' }).set(token.auth)).status).toBe(400);
});

it('assigns, replies as the admin user, changes status; illegal moves are 409; audited and notified', async () => {
  const ticket = await openTicket('Refund missing');
  const assigned = await app
    .http()
    .post(panel(`/${ticket}/assign`))
    .set(support.auth)
    .send({ assignee: support.id });
  expect(assigned.status).toBe(200);
  expect(assigned.body.data.assignee).toMatchObject({ id: support.id });
  expect(
    (
      await app
        .http()
        .post(panel(`/${ticket}/assign`))
        .set(support.auth)
        .send({ assignee: 999999 })
    ).status
  ).toBe(400);

  const reply = await app
    .http()
    .post(panel(`/${ticket}/reply`))
    .set(support.auth)
    .send({ body: 'We are on it' });
  expect(reply.status).toBe(201);
  expect(reply.body.meta.ticket.status).toBe('pending_user');
  expect(await notificationsOf(app, customer, 'ticket_updated')).not.toHaveLength(0);
  // An API token has no person to sign a reply.
  expect(
    (
      await app
        .http()
        .post(api(`/${ticket}/reply`))
        .set(token.auth)
        .send({ body: 'x' })
    ).status
  ).toBe(403);
  expect(
    (
      await app
        .http()
        .post(panel(`/${ticket}/reply`))
        .set(support.auth)
        .send({ body: '' })
    ).status
  ).toBe(400);

  const resolved = await app
    .http()
    .post(api(`/${ticket}/status`))
    .set(token.auth)
    .send({ status: 'resolved', message: 'Refunded' });
  expect(resolved.body.data.status).toBe('resolved');
  expect(
    (
      await app
        .http()
        .post(api(`/${ticket}/status`))
        .set(token.auth)
        .send({ status: 'open' })
    ).status
  ).toBe(409);
  expect(
    (
      await app
        .http()
        .post(api(`/${ticket}/status`))
        .set(token.auth)
        .send({})
    ).status
  ).toBe(400);

  const audit = await auditOf(app, ticket);
  expect(audit.map((row) => row.action_type)).toEqual(['ticket.assign', 'ticket.reply', 'ticket.set_status']);
  expect(audit[0]).toMatchObject({ admin_id: support.id });
  expect(audit[2].api_token_id).toEqual(expect.any(Number));
  expect((await app.http().get(api('/nope')).set(token.auth)).status).toBe(404);
});

it('shows the ticket thread oldest first with who wrote each message; a reply appends to it', async () => {
  const vendor = await createVendor(app);
  const opened = await app
    .http()
    .post(app.api('/support-tickets'))
    .set(vendor.auth)
    .send({ type: 'payment', subject: 'Payout missing', body: 'My payout for last week is missing' });
  expect(opened.status).toBe(201);
  const ticket = opened.body.data.documentId as string;

  const first = await app
    .http()
    .get(panel(`/${ticket}`))
    .set(support.auth);
  expect(first.status).toBe(200);
  expect(first.body.data.messages_total).toBe(1);
  expect(first.body.data.messages).toEqual([
    {
      documentId: expect.any(String),
      author: { kind: 'vendor', id: vendor.id, name: vendor.username, email: vendor.email },
      body: 'My payout for last week is missing',
      created_at: expect.any(String),
    },
  ]);

  const reply = await app
    .http()
    .post(panel(`/${ticket}/reply`))
    .set(support.auth)
    .send({ body: 'Checking with finance' });
  expect(reply.status).toBe(201);
  expect(reply.body.meta.ticket.messages.map((message: { body: string }) => message.body)).toEqual([
    'My payout for last week is missing',
    'Checking with finance',
  ]);
  const followUp = await app
    .http()
    .post(app.api(`/support-tickets/${ticket}/messages`))
    .set(vendor.auth)
    .send({ body: 'Thanks' });
  expect(followUp.status).toBe(201);

  // Same thread on both surfaces, oldest first: vendor, staff (signed by the admin user), vendor.
  for (const res of [
    await app
      .http()
      .get(panel(`/${ticket}`))
      .set(support.auth),
    await app
      .http()
      .get(api(`/${ticket}`))
      .set(token.auth),
  ]) {
    expect(res.status).toBe(200);
    expect(res.body.data.messages_total).toBe(3);
    expect(
      res.body.data.messages.map((message: { author: { kind: string; email: string | null }; body: string }) => [
        message.author.kind,
        message.author.email,
        message.body,
      ])
    ).toEqual([
      ['vendor', vendor.email, 'My payout for last week is missing'],
      ['staff', support.email, 'Checking with finance'],
      ['vendor', vendor.email, 'Thanks'],
    ]);
    const times = res.body.data.messages.map((message: { created_at: string }) => Date.parse(message.created_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  }

  // A customer's message is authored as a customer.
  const own = await openTicket('Thread of a customer');
  const customerView = await app
    .http()
    .get(api(`/${own}`))
    .set(token.auth);
  expect(customerView.body.data.messages.map((message: { author: { kind: string; id: number } }) => message.author)).toEqual([
    expect.objectContaining({ kind: 'customer', id: customer.id }),
  ]);
});
