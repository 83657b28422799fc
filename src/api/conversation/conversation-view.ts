import type { ChatMessageView } from '../../infra/event-bus';

/** A user as populated on conversations and messages (never e-mail or numeric ids on the wire). */
export interface ChatUserRow {
  id: number;
  documentId: string;
  username?: string;
  first_name?: string | null;
  last_name?: string | null;
  role?: { type?: string } | null;
  vendor_profile?: { business_name?: string | null } | null;
}

export interface ConversationRow {
  id: number;
  documentId: string;
  kind: 'booking' | 'support' | 'admin';
  status: 'open' | 'closed';
  last_message_at: string | null;
  createdAt: string;
  participants?: ChatUserRow[] | null;
  venue?: { id: number; documentId: string; name: string; slug: string } | null;
  booking?: { id: number; documentId: string; reference: string | null } | null;
  ticket?: { id: number; documentId: string; subject: string } | null;
}

export interface MessageRow {
  id: number;
  documentId: string;
  body: string;
  createdAt: string;
  sender?: ChatUserRow | null;
  sender_admin?: { id: number } | null;
}

const USER_FIELDS = ['id', 'documentId', 'username', 'first_name', 'last_name'];
const USER_POPULATE = {
  select: USER_FIELDS,
  populate: { role: { select: ['type'] }, vendor_profile: { select: ['business_name'] } },
};

export const CONVERSATION_POPULATE = {
  participants: USER_POPULATE,
  venue: { select: ['id', 'documentId', 'name', 'slug'] },
  booking: { select: ['id', 'documentId', 'reference'] },
  ticket: { select: ['id', 'documentId', 'subject'] },
};

export const MESSAGE_POPULATE = { sender: USER_POPULATE, sender_admin: { select: ['id'] } };

const isVendor = (user: ChatUserRow) => user.role?.type === 'vendor';

/** Vendors by business name; everyone else by first name and last initial, or the username. */
export const displayName = (user: ChatUserRow): string => {
  if (isVendor(user) && user.vendor_profile?.business_name) return user.vendor_profile.business_name;
  return [user.first_name, user.last_name ? `${user.last_name[0]}.` : null].filter(Boolean).join(' ') || user.username || 'User';
};

const iso = (value: string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);

export const messageView = (row: MessageRow, conversation: string): ChatMessageView => ({
  documentId: row.documentId,
  conversation,
  body: row.body,
  sender: row.sender ? { documentId: row.sender.documentId, name: displayName(row.sender) } : null,
  from_staff: Boolean(row.sender_admin),
  created_at: new Date(row.createdAt).toISOString(),
});

export const conversationView = (row: ConversationRow, lastMessage: ChatMessageView | null) => ({
  documentId: row.documentId,
  kind: row.kind,
  status: row.status,
  venue: row.venue ? { documentId: row.venue.documentId, name: row.venue.name, slug: row.venue.slug } : null,
  booking: row.booking ? { documentId: row.booking.documentId, reference: row.booking.reference } : null,
  ticket: row.ticket ? { documentId: row.ticket.documentId, subject: row.ticket.subject } : null,
  participants: (row.participants ?? []).map((user) => ({
    documentId: user.documentId,
    name: displayName(user),
    role: isVendor(user) ? ('vendor' as const) : ('customer' as const),
  })),
  last_message: lastMessage,
  last_message_at: iso(row.last_message_at),
  created_at: new Date(row.createdAt).toISOString(),
});

export type ConversationView = ReturnType<typeof conversationView>;
