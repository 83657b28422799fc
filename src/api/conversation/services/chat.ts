import { documentInput } from '../../../infra/documents';
import type { Core } from '@strapi/strapi';
import { ChatError } from '../../../domain/chat/errors';
import { eventBus, type ChatMessageView } from '../../../infra/event-bus';
import { plainText } from '../../../infra/plain-text';
import { BOOKING_POPULATE, type BookingRow } from '../../booking/booking-view';
import { PUBLIC_VENUE_WHERE } from '../../venue/services/venue-rules';
import { hitChatRateLimit } from '../chat-rate-limit';
import { MESSAGE_MAX_LENGTH, type OpenConversationInput } from '../contracts';
import {
  CONVERSATION_POPULATE,
  conversationView,
  MESSAGE_POPULATE,
  messageView,
  type ConversationRow,
  type ConversationView,
  type MessageRow,
} from '../conversation-view';
import { lockForTransaction } from '../../../infra/db';
import { pageWindow, pagination, type Page } from '../../../infra/paginate';

const CONVERSATION = 'api::conversation.conversation';
const MESSAGE = 'api::message.message';
const VENUE = 'api::venue.venue';
const BOOKING = 'api::booking.booking';
const TICKET = 'api::support-ticket.support-ticket';

/** Who reads or writes: a users-permissions user, or an admin-panel user (staff, over the socket). */
export type ChatViewer = { kind: 'user'; userId: number } | { kind: 'staff'; adminId: number };

const notFound = () => new ChatError('not_found', 'Conversation not found');

/** Staff take part in support and admin conversations; customer↔vendor ones are private to their two users. */
const STAFF_KINDS = new Set(['support', 'admin']);

/** Participants' user ids, and whether staff see it too: who gets its `chat:message` / `chat:typing`. */
export const audienceOf = (row: ConversationRow) => ({
  recipients: (row.participants ?? []).map((user) => user.id),
  staff: STAFF_KINDS.has(row.kind),
});

/**
 * Chat: customer↔vendor conversations about a venue or a booking, support conversations about a ticket,
 * and staff-initiated admin conversations. Only participants read or post (others get not_found, so a
 * conversation's existence is never revealed); staff read and post in support and admin conversations.
 * Messages are plain text, 1..4000 characters, rate-limited per sender. A stored message is published as
 * `chat.message` on the event bus after its transaction commits; the realtime plugin delivers it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const conversations = () => strapi.db.query(CONVERSATION);

  const loadConversation = async (documentId: string): Promise<ConversationRow | null> =>
    (await conversations().findOne({ where: { documentId }, populate: CONVERSATION_POPULATE })) as ConversationRow | null;

  const canAccess = (row: ConversationRow, viewer: ChatViewer): boolean =>
    viewer.kind === 'staff' ? STAFF_KINDS.has(row.kind) : (row.participants ?? []).some((user) => user.id === viewer.userId);

  /** The conversation if `viewer` may see it; not_found otherwise (also for malformed ids). */
  const access = async (viewer: ChatViewer, documentId: string): Promise<ConversationRow> => {
    const row = await loadConversation(documentId);
    if (!row || !canAccess(row, viewer)) throw notFound();
    return row;
  };

  const lastMessageOf = async (row: ConversationRow): Promise<ChatMessageView | null> => {
    const message = (await strapi.db.query(MESSAGE).findOne({
      where: { conversation: { id: row.id } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      populate: MESSAGE_POPULATE,
    })) as MessageRow | null;
    return message ? messageView(message, row.documentId) : null;
  };

  const viewOf = async (row: ConversationRow): Promise<ConversationView> => conversationView(row, await lastMessageOf(row));

  const cleanBody = (raw: string): string => {
    const body = plainText(raw);
    if (!body) {
      throw new ChatError('invalid_request', 'body: must contain text', {
        errors: [{ path: ['body'], message: 'must contain text', name: 'ValidationError' }],
      });
    }
    if (body.length > MESSAGE_MAX_LENGTH) {
      throw new ChatError('invalid_request', `body: must be at most ${MESSAGE_MAX_LENGTH} characters`, {
        errors: [{ path: ['body'], message: `must be at most ${MESSAGE_MAX_LENGTH} characters`, name: 'ValidationError' }],
      });
    }
    return body;
  };

  const checkRate = async (viewer: ChatViewer) => {
    const sender = viewer.kind === 'user' ? `user:${viewer.userId}` : `admin:${viewer.adminId}`;
    const now = Date.now();
    const hit = await hitChatRateLimit(sender, now);
    if (!hit.allowed) {
      throw new ChatError('rate_limited', 'Too many messages; wait a moment', {
        scope: 'chat',
        retry_after_seconds: Math.max(1, Math.ceil((hit.resetAt - now) / 1000)),
      });
    }
  };

  /**
   * Stores one message (and the conversation's activity time) in one transaction; publishes
   * `chat.message` once it has committed.
   */
  const storeMessage = async (row: ConversationRow, viewer: ChatViewer, body: string): Promise<ChatMessageView> =>
    (await strapi.db.transaction(async ({ onCommit }) => {
      const now = new Date().toISOString();
      const created = await strapi.documents(MESSAGE).create({
        data: documentInput<typeof MESSAGE>({
          conversation: row.id,
          body,
          ...(viewer.kind === 'user' ? { sender: viewer.userId } : { sender_admin: viewer.adminId }),
        }),
      });
      await strapi
        .documents(CONVERSATION)
        .update({ documentId: row.documentId, data: documentInput<typeof CONVERSATION>({ last_message_at: now }) });
      const stored = (await strapi.db
        .query(MESSAGE)
        .findOne({ where: { id: created.id }, populate: MESSAGE_POPULATE })) as MessageRow;
      const message = messageView(stored, row.documentId);
      const audience = audienceOf(row);
      onCommit(() => eventBus.publish('chat.message', { conversation: row.documentId, ...audience, message }));
      return message;
    })) as ChatMessageView;

  const createConversation = async (data: {
    kind: ConversationRow['kind'];
    participants: number[];
    venue?: number | null;
    booking?: number | null;
  }): Promise<ConversationRow> => {
    const created = await strapi.documents(CONVERSATION).create({
      data: documentInput<typeof CONVERSATION>({
        kind: data.kind,
        status: 'open',
        participants: [...new Set(data.participants)],
        venue: data.venue ?? null,
        booking: data.booking ?? null,
      }),
    });
    return (await loadConversation(created.documentId)) as ConversationRow;
  };

  /** An open conversation of this kind between exactly these users, about this venue (and no booking) or this booking. */
  const findReusable = async (where: Record<string, unknown>, users: number[], match: (row: ConversationRow) => boolean) => {
    const candidates = (await conversations().findMany({
      where: { ...where, status: 'open', participants: { id: users[0] } },
      populate: CONVERSATION_POPULATE,
      orderBy: [{ id: 'asc' }],
      limit: 50,
    })) as ConversationRow[];
    return (
      candidates.find((row) => match(row) && users.every((id) => (row.participants ?? []).some((user) => user.id === id))) ?? null
    );
  };

  /** Resolves what a new conversation is about, who takes part, and an open one to reuse. */
  const subjectOf = async (userId: number, input: OpenConversationInput) => {
    if (input.venue) {
      const venue = (await strapi.db.query(VENUE).findOne({
        where: { documentId: input.venue, ...PUBLIC_VENUE_WHERE },
        select: ['id', 'documentId'],
        populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } },
      })) as { id: number; vendor?: { user?: { id: number } | null } | null } | null;
      const vendorUser = venue?.vendor?.user?.id;
      if (!venue || !vendorUser) throw new ChatError('not_found', 'Venue not found');
      if (vendorUser === userId) {
        throw new ChatError('invalid_request', 'venue: this is your own venue', {
          errors: [{ path: ['venue'], message: 'this is your own venue', name: 'ValidationError' }],
        });
      }
      const participants = [userId, vendorUser];
      return {
        key: `venue:${venue.id}:${[...participants].sort((a, b) => a - b).join(',')}`,
        create: () => createConversation({ kind: 'booking', participants, venue: venue.id }),
        reuse: () => findReusable({ kind: 'booking', venue: { id: venue.id } }, participants, (row) => !row.booking),
      };
    }
    if (input.booking) {
      const booking = (await strapi.db
        .query(BOOKING)
        .findOne({ where: { documentId: input.booking }, populate: BOOKING_POPULATE })) as BookingRow | null;
      const customer = booking?.customer?.id;
      const vendorUser = booking?.venue?.vendor?.user?.id;
      if (!booking || !customer || !vendorUser || (userId !== customer && userId !== vendorUser))
        throw new ChatError('not_found', 'Booking not found');
      const participants = [userId, userId === customer ? vendorUser : customer];
      return {
        key: `booking:${booking.id}`,
        create: () =>
          createConversation({ kind: 'booking', participants, venue: booking.venue?.id ?? null, booking: booking.id }),
        reuse: () => findReusable({ kind: 'booking', booking: { id: booking.id } }, participants, () => true),
      };
    }
    const ticket = (await strapi.db.query(TICKET).findOne({
      where: { documentId: input.ticket },
      select: ['id', 'documentId'],
      populate: { user: { select: ['id'] }, conversation: { select: ['id', 'documentId', 'status'] } },
    })) as {
      id: number;
      documentId: string;
      user?: { id: number } | null;
      conversation?: { documentId: string; status: string } | null;
    } | null;
    if (!ticket || ticket.user?.id !== userId) throw new ChatError('not_found', 'Ticket not found');
    return {
      key: `ticket:${ticket.id}`,
      create: async () => {
        const row = await createConversation({ kind: 'support', participants: [userId] });
        // The ticket owns the link (support-ticket.conversation, inversedBy ticket).
        await strapi
          .documents(TICKET)
          .update({ documentId: ticket.documentId, data: documentInput<typeof TICKET>({ conversation: row.id }) });
        return (await loadConversation(row.documentId)) as ConversationRow;
      },
      // One conversation per ticket, whatever its status (a closed one refuses the message).
      reuse: async () => (ticket.conversation ? loadConversation(ticket.conversation.documentId) : null),
    };
  };

  return {
    access,
    audienceOf,

    /** GET /conversations: the user's own, most recent activity first. */
    async list(userId: number, page: Page) {
      const where = { participants: { id: userId } };
      const [rows, total] = await Promise.all([
        conversations().findMany({
          where,
          populate: CONVERSATION_POPULATE,
          orderBy: [{ last_message_at: 'desc' }, { id: 'desc' }],
          ...pageWindow(page),
        }) as Promise<ConversationRow[]>,
        conversations().count({ where }),
      ]);
      return { data: await Promise.all(rows.map(viewOf)), pagination: pagination(page, total) };
    },

    /**
     * POST /conversations: a customer (or either side of a booking, or a ticket's author) opens a
     * conversation with its first message; an open one about the same venue / booking / ticket between
     * the same users is reused.
     */
    async open(userId: number, input: OpenConversationInput) {
      const body = cleanBody(input.body);
      const subject = await subjectOf(userId, input);
      const viewer: ChatViewer = { kind: 'user', userId };
      // Find-or-create under a lock per subject: two simultaneous opens get one conversation (PostgreSQL;
      // SQLite serialises the transaction anyway).
      const { row, created } = await strapi.db.transaction(async ({ trx }) => {
        await lockForTransaction(strapi, trx, `tofimotia:chat-open:${subject.key}`);
        const existing = await subject.reuse();
        if (existing && existing.status !== 'open') throw new ChatError('closed', 'This conversation is closed');
        await checkRate(viewer);
        return { row: existing ?? (await subject.create()), created: !existing };
      });
      const message = await storeMessage(row, viewer, body);
      return { conversation: await viewOf((await loadConversation(row.documentId)) as ConversationRow), message, created };
    },

    /** GET /conversations/:id/messages, newest first (order=desc, default) or oldest first (asc). */
    async messages(viewer: ChatViewer, documentId: string, query: Page & { order: 'asc' | 'desc' }) {
      const row = await access(viewer, documentId);
      const where = { conversation: { id: row.id } };
      const [rows, total] = await Promise.all([
        strapi.db.query(MESSAGE).findMany({
          where,
          populate: MESSAGE_POPULATE,
          orderBy: [{ createdAt: query.order }, { id: query.order }],
          ...pageWindow(query),
        }) as Promise<MessageRow[]>,
        strapi.db.query(MESSAGE).count({ where }),
      ]);
      return { data: rows.map((message) => messageView(message, row.documentId)), pagination: pagination(query, total) };
    },

    /** POST /conversations/:id/messages and the socket's `chat:send`. */
    async post(viewer: ChatViewer, documentId: string, rawBody: string): Promise<ChatMessageView> {
      const row = await access(viewer, documentId);
      const body = cleanBody(rawBody);
      if (row.status !== 'open') throw new ChatError('closed', 'This conversation is closed');
      await checkRate(viewer);
      return storeMessage(row, viewer, body);
    },
  };
};
