import crypto from 'node:crypto';
import { startApp, type TestApp } from '../harness/app';
import { dropRedisKeys, uniqueRedisPrefix } from '../harness/redis-keys';
import { eventually, smtpEnv, startSmtpSink, type SmtpSink } from '../harness/smtp';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { auditOf, notificationsOf, pastBooking } from './helpers';

/**
 * Support tickets end to end (both run modes): owners only (others' tickets are 404s), the ticket conversation
 * (kind `support`), the status lifecycle open → pending_staff ↔ pending_user → resolved → closed with close and
 * reopen, the staff services (assign, reply, status, priority) with audit rows, notifications and e-mails on
 * replies, and Support staff in the Content Manager.
 */
const PREFIX = uniqueRedisPrefix();
let app: TestApp;
let sink: SmtpSink;
let customer: TestUser;
let stranger: TestUser;
let vendor: TestVendor;
let venue: TestVenue;
let supportAdmin: { id: number; email: string; token: string };

const tickets = () => app.strapi.service('api::support-ticket.support-tickets');
const post = (user: TestUser, path: string, body: unknown = {}) =>
  app
    .http()
    .post(app.api(path))
    .set(user.auth)
    .send(body as object);
const get = (user: TestUser, path: string) => app.http().get(app.api(path)).set(user.auth);
const open = async (user: TestUser, extra: Record<string, unknown> = {}) => {
  const res = await post(user, '/support-tickets', {
    type: 'booking',
    subject: 'Where is my refund?',
    body: 'I cancelled a week ago.',
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body.data as { documentId: string; conversation: string; status: string };
};
const staff = () => ({ kind: 'admin' as const, adminId: supportAdmin.id, email: supportAdmin.email });
const ticketRow = (documentId: string) =>
  app.strapi.db.query('api::support-ticket.support-ticket').findOne({ where: { documentId } });

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await startApp({ env: { ...smtpEnv(sink.port), MAIL_QUEUE_BACKOFF_MS: '100', REDIS_PREFIX: PREFIX } });
  customer = await createCustomer(app, { first_name: 'Grace', last_name: 'Hopper' });
  stranger = await createCustomer(app);
  vendor = await createVendor(app);
  venue = await createVenue(app, vendor);
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'tofimotia-support' } });
  const email = `support-${crypto.randomBytes(3).toString('hex')}@example.test`;
  const password = 'Support-Pass-1';
  const user = await app.strapi.service('admin::user').create({
    email,
    firstname: 'Sam',
    lastname: 'Support',
    password,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  const login = await app.http().post('/admin/login').send({ email, password });
  expect(login.status).toBe(200);
  supportAdmin = { id: user.id, email, token: login.body.data.token };
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await sink?.close();
  await dropRedisKeys(PREFIX);
});

describe('customers and vendors open and read their own tickets', () => {
  it('POST /support-tickets: 201 with the ticket, its support conversation and the first message', async () => {
    const booking = await pastBooking(app, customer, venue, { endedDaysAgo: 2 });
    const res = await post(customer, '/support-tickets', {
      type: 'payment',
      subject: 'Refund <b>missing</b>',
      body: 'Hello,\n<script>x</script>I was charged twice.',
      booking: booking.documentId,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      type: 'payment',
      subject: 'Refund missing',
      status: 'open',
      priority: 'normal',
      booking: { documentId: booking.documentId },
      resolved_at: null,
      closed_at: null,
      reopen_until: null,
      messages_total: 1,
    });
    expect(res.body.data.messages).toEqual([
      expect.objectContaining({
        body: 'Hello,\nI was charged twice.',
        from_staff: false,
        sender: expect.objectContaining({ name: 'Grace H.' }),
      }),
    ]);
    const conversation = await app.strapi.db
      .query('api::conversation.conversation')
      .findOne({ where: { documentId: res.body.data.conversation }, populate: { participants: true, ticket: true } });
    expect(conversation).toMatchObject({ kind: 'support', status: 'open', ticket: { documentId: res.body.data.documentId } });
    expect(conversation.participants.map((p: { id: number }) => p.id)).toEqual([customer.id]);

    // The vendor of the booking's venue may open a ticket about it too; a stranger may not.
    expect(
      (
        await post(vendor, '/support-tickets', {
          type: 'booking',
          subject: 'No-show',
          body: 'Guest never came',
          booking: booking.documentId,
        })
      ).status
    ).toBe(201);
    const foreign = await post(stranger, '/support-tickets', {
      type: 'booking',
      subject: 'Hm',
      body: 'Hm',
      booking: booking.documentId,
    });
    expect(foreign.status).toBe(404);
  });

  it.each([
    ['no type', { subject: 'S', body: 'B' }],
    ['an unknown type', { type: 'love', subject: 'S', body: 'B' }],
    ['an empty subject', { type: 'other', subject: ' ', body: 'B' }],
    ['a subject of markup only', { type: 'other', subject: '<p></p>', body: 'B' }],
    ['a 201-character subject', { type: 'other', subject: 's'.repeat(201), body: 'B' }],
    ['no body', { type: 'other', subject: 'S' }],
    ['a 4001-character body', { type: 'other', subject: 'S', body: 'b'.repeat(4001) }],
    ['a status', { type: 'other', subject: 'S', body: 'B', status: 'resolved' }],
    ['a priority', { type: 'other', subject: 'S', body: 'B', priority: 'urgent' }],
  ])('rejects %s with a 400', async (_label, body) => {
    const before = await app.strapi.db.query('api::support-ticket.support-ticket').count();
    expect((await post(customer, '/support-tickets', body)).status).toBe(400);
    expect(await app.strapi.db.query('api::support-ticket.support-ticket').count()).toBe(before);
  });

  it("lists only the caller's tickets, newest activity first, filterable by status; others' tickets are 404s", async () => {
    const mine = await createCustomer(app);
    const first = await open(mine, { subject: 'First' });
    const second = await open(mine, { subject: 'Second' });
    await post(mine, `/support-tickets/${first.documentId}/messages`, { body: 'Any news?' });
    const list = await get(mine, '/support-tickets');
    expect(list.status).toBe(200);
    expect(list.body.data.map((t: { subject: string }) => t.subject)).toEqual(['First', 'Second']);
    expect(list.body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 2 });
    await post(mine, `/support-tickets/${second.documentId}/close`);
    expect((await get(mine, '/support-tickets?status=closed')).body.data.map((t: { subject: string }) => t.subject)).toEqual([
      'Second',
    ]);
    expect((await get(mine, '/support-tickets?status=waiting')).status).toBe(400);
    expect((await get(mine, '/support-tickets?pageSize=500')).status).toBe(400);

    for (const path of [
      `/support-tickets/${first.documentId}`,
      `/support-tickets/${first.documentId}/messages`,
      `/support-tickets/${first.documentId}/close`,
      `/support-tickets/${first.documentId}/reopen`,
    ]) {
      const res = path.endsWith(first.documentId) ? await get(stranger, path) : await post(stranger, path, { body: 'hi' });
      expect(res.status).toBe(404);
    }
    expect((await get(stranger, '/support-tickets')).body.data.map((t: { documentId: string }) => t.documentId)).not.toContain(
      first.documentId
    );
    // The conversation is private too.
    expect((await get(stranger, `/conversations/${first.conversation}/messages`)).status).toBe(404);
    expect((await ticketRow(first.documentId)).status).toBe('open');
    expect([401, 403]).toContain((await app.http().get(app.api('/support-tickets'))).status);
  });
});

describe('the lifecycle follows the conversation', () => {
  it('staff reply → pending_user (owner notified in-app and by e-mail); user reply → pending_staff', async () => {
    const ticket = await open(customer, { subject: 'Double charge' });
    const first = await post(customer, `/support-tickets/${ticket.documentId}/messages`, {
      body: 'Adding the receipt number: 42',
    });
    expect(first.status).toBe(201);
    expect(first.body.meta.ticket.status).toBe('open'); // nobody from staff has answered yet

    const { message } = await tickets().reply(staff(), ticket.documentId, 'We have refunded the second charge.');
    expect(message).toMatchObject({ from_staff: true, sender: null });
    expect((await ticketRow(ticket.documentId)).status).toBe('pending_user');
    const notice = await eventually(async () =>
      (await notificationsOf(app, customer, 'ticket_updated')).find((n) => n.data?.ticket === ticket.documentId)
    );
    expect(notice.title).toBe('Support ticket updated: Double charge');
    expect(notice.body).toContain('We have refunded the second charge.');
    const mail = await sink.waitFor((m) => m.to.includes(customer.email) && m.subject === notice.title);
    expect(mail.text).toContain('We have refunded the second charge.');
    const [audit] = await auditOf(app, ticket.documentId);
    expect(audit).toMatchObject({ action_type: 'ticket.reply', target_type: 'support-ticket', admin_id: supportAdmin.id });

    const answer = await post(customer, `/support-tickets/${ticket.documentId}/messages`, { body: 'Thanks, <i>received</i>!' });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ body: 'Thanks, received!', from_staff: false });
    expect(answer.body.meta.ticket.status).toBe('pending_staff');

    const detail = await get(customer, `/support-tickets/${ticket.documentId}`);
    expect(detail.body.data.messages.map((m: { body: string; from_staff: boolean }) => [m.from_staff, m.body])).toEqual([
      [false, 'I cancelled a week ago.'],
      [false, 'Adding the receipt number: 42'],
      [true, 'We have refunded the second charge.'],
      [false, 'Thanks, received!'],
    ]);
    expect(detail.body.data.messages_total).toBe(4);
  });

  it('a message through the chat API (or the socket) moves the ticket the same way', async () => {
    const ticket = await open(customer, { subject: 'Via chat' });
    await tickets().reply(staff(), ticket.documentId, 'Can you send a screenshot?');
    const res = await post(customer, `/conversations/${ticket.conversation}/messages`, { body: 'Here it is' });
    expect(res.status).toBe(201);
    expect((await ticketRow(ticket.documentId)).status).toBe('pending_staff');
  });

  it('staff set status and priority and assign, each audited; the owner is told about status changes', async () => {
    const ticket = await open(customer, { subject: 'Account locked' });
    await tickets().setPriority(staff(), ticket.documentId, 'urgent');
    await tickets().assign(staff(), ticket.documentId, supportAdmin.id);
    const resolved = await tickets().setStatus(staff(), ticket.documentId, 'resolved', { message: 'Unlocked your account.' });
    expect(resolved).toMatchObject({ status: 'resolved', priority: 'urgent', assignee: { id: supportAdmin.id } });
    expect(resolved.resolved_at).toEqual(expect.any(String));
    expect(
      (await auditOf(app, ticket.documentId)).map((a) => [a.action_type, a.action_data.before, a.action_data.after])
    ).toEqual([
      ['ticket.set_priority', { priority: 'normal' }, { priority: 'urgent' }],
      ['ticket.assign', { assignee: null }, { assignee: supportAdmin.id }],
      ['ticket.set_status', { status: 'open' }, { status: 'resolved' }],
    ]);
    const notice = await eventually(async () =>
      (await notificationsOf(app, customer, 'ticket_updated')).find((n) => n.data?.ticket === ticket.documentId)
    );
    expect(notice.body).toBe('Your ticket "Account locked" is now resolved. Unlocked your account.');

    await expect(tickets().setStatus(staff(), ticket.documentId, 'open')).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(tickets().setStatus(staff(), ticket.documentId, 'resolved')).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    await expect(tickets().setPriority(staff(), ticket.documentId, 'whenever' as never)).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(tickets().assign(staff(), ticket.documentId, 999_999)).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(tickets().setStatus(staff(), 'nosuchticket', 'closed')).rejects.toMatchObject({ code: 'not_found' });

    const view = await get(customer, `/support-tickets/${ticket.documentId}`);
    expect(view.body.data).toMatchObject({ status: 'resolved', priority: 'urgent' });
    expect(view.body.data).not.toHaveProperty('assignee');
    expect(Date.parse(view.body.data.reopen_until) - Date.parse(view.body.data.resolved_at)).toBe(30 * 86_400_000);

    // An answer to a resolved ticket reopens it for staff.
    const answer = await post(customer, `/support-tickets/${ticket.documentId}/messages`, { body: 'It is locked again' });
    expect(answer.body.meta.ticket.status).toBe('pending_staff');
  });

  it('close: the conversation closes and takes no messages; reopen within 30 days brings it back to staff', async () => {
    const ticket = await open(customer, { subject: 'Close me' });
    const closed = await post(customer, `/support-tickets/${ticket.documentId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.data).toMatchObject({ status: 'closed', closed_at: expect.any(String), reopen_until: expect.any(String) });
    const again = await post(customer, `/support-tickets/${ticket.documentId}/close`);
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('ILLEGAL_TRANSITION');

    const refused = await post(customer, `/support-tickets/${ticket.documentId}/messages`, { body: 'Hello?' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('TICKET_CLOSED');
    expect((await post(customer, `/conversations/${ticket.conversation}/messages`, { body: 'Hello?' })).status).toBe(409);
    await expect(tickets().reply(staff(), ticket.documentId, 'Late answer')).rejects.toMatchObject({ code: 'closed' });

    const reopened = await post(customer, `/support-tickets/${ticket.documentId}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.data).toMatchObject({ status: 'pending_staff', closed_at: null, reopen_until: null });
    expect((await post(customer, `/support-tickets/${ticket.documentId}/messages`, { body: 'Back again' })).status).toBe(201);
    const notOpenable = await post(customer, `/support-tickets/${ticket.documentId}/reopen`);
    expect(notOpenable.status).toBe(409);

    await post(customer, `/support-tickets/${ticket.documentId}/close`);
    await app.strapi.db
      .connection('support_tickets')
      .where('document_id', ticket.documentId)
      .update({ closed_at: new Date(Date.now() - 31 * 86_400_000) });
    const late = await post(customer, `/support-tickets/${ticket.documentId}/reopen`);
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('REOPEN_WINDOW_CLOSED');
  });
});

describe('Support staff in the Content Manager', () => {
  const cm = (documentId: string, body: Record<string, unknown>) =>
    app
      .http()
      .put(`/content-manager/collection-types/api::support-ticket.support-ticket/${documentId}`)
      .set('Authorization', `Bearer ${supportAdmin.token}`)
      .send(body);

  it('status and priority changes run through the ticket service; what the user wrote cannot change', async () => {
    const ticket = await open(customer, { subject: 'From the panel' });
    const res = await cm(ticket.documentId, { status: 'resolved', priority: 'high', subject: 'From the panel' });
    expect(res.status).toBe(200);
    expect(await ticketRow(ticket.documentId)).toMatchObject({ status: 'resolved', priority: 'high' });
    expect((await auditOf(app, ticket.documentId)).map((a) => a.action_type)).toEqual([
      'ticket.set_status',
      'ticket.set_priority',
    ]);
    expect((await auditOf(app, ticket.documentId))[0].admin_id).toBe(supportAdmin.id);
    const conversation = await app.strapi.db
      .query('api::conversation.conversation')
      .findOne({ where: { documentId: ticket.conversation } });
    expect(conversation.status).toBe('open');

    expect((await cm(ticket.documentId, { subject: 'Rewritten' })).status).toBe(200); // not a field of the role: dropped
    expect((await ticketRow(ticket.documentId)).subject).toBe('From the panel');
    expect((await cm(ticket.documentId, { status: 'open' })).status).toBe(409);
    expect((await ticketRow(ticket.documentId)).status).toBe('resolved');
  });
});
