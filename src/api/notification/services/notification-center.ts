import { documentInput } from '../../../infra/documents';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { otherText, renderEmail } from '../../../domain/notifications/messages';
import { eventBus, type DomainEvents } from '../../../infra/event-bus';
import { createJobQueue, mailQueueOptions, type JobQueue, type JobQueueOptions } from '../../../infra/job-queue';
import { plainText } from '../../../infra/plain-text';
import { resolvePreferences, wantsEmail, wantsInApp } from '../../account/preferences';
import { appService } from '../../app-services';
import { isUniqueViolation } from '../../../infra/db';
import { pageWindow, pagination } from '../../../infra/paginate';

const NOTIFICATION = 'api::notification.notification';
const USER = 'plugin::users-permissions.user';
const ONCE_TABLE = 'notification_once';
const MAIL_QUEUE = 'mail';

export interface NotificationInput {
  type: string;
  title: string;
  body?: string | null;
  data?: Record<string, unknown> | null;
}

/** A notification as the API (and the socket `notification` event, without read_at) shows it. id = documentId. */
export interface NotificationView {
  id: string;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown> | null;
  read_at: string | null;
  created_at: string;
}

export type Audience = 'all' | 'customers' | 'vendors' | number[];

interface NotificationRow {
  id: number;
  documentId: string;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown> | null;
  read_at: string | null;
  emailed_at: string | null;
  createdAt: string;
}

interface Recipient {
  id: number;
  email: string | null;
  username: string | null;
  first_name: string | null;
  blocked: boolean | null;
  preferences: unknown;
  locale: string | null;
}

interface MailJob {
  notification: string;
}

const iso = (value: string | null): string | null => (value ? new Date(value).toISOString() : null);

export const notificationView = (row: NotificationRow): NotificationView => ({
  id: row.documentId,
  type: row.type,
  title: row.title,
  body: row.body ?? null,
  data: row.data ?? null,
  read_at: iso(row.read_at),
  created_at: new Date(row.createdAt).toISOString(),
});

const truncate = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/**
 * The notification center: every notification is persisted; after the write commits it is published as
 * `notification.created` (the realtime plugin pushes it to the user's sockets) when the user wants in-app
 * notifications of that type, and an e-mail is queued when the user wants e-mail for that type and the
 * master setting `notifications.email_enabled` is on. The e-mail is sent by the mail queue's worker, never
 * inside the caller's request: a slow or failing SMTP server delays only the e-mail (retried with backoff).
 *
 * A notification of a type the user turned off in-app is still stored (it is the record of the e-mail),
 * but as already read and without a socket push, so it never shows up as new.
 */
const notificationCenter = ({ strapi }: { strapi: Core.Strapi }) => {
  let queue: JobQueue<MailJob> | null = null;
  let queueOptions: JobQueueOptions = mailQueueOptions();

  const settings = () => appService(strapi, 'api::system-setting.settings');

  const emailEnabled = async (): Promise<boolean> => {
    const values = (await settings().getMany(['notifications.email_enabled'])) as Record<string, unknown>;
    // A JSON setting: false as the panel stores it, 0 / "false" / "off" as other writers may (SQLite binds false as 0).
    return ![false, 0, 'false', '0', 'off'].includes(values['notifications.email_enabled'] as never);
  };

  const loadRecipient = async (userId: number): Promise<Recipient | null> =>
    (await strapi.db.query(USER).findOne({
      where: { id: userId },
      select: ['id', 'email', 'username', 'first_name', 'blocked', 'preferences', 'locale'],
    })) as Recipient | null;

  const mailQueue = (): JobQueue<MailJob> => {
    if (!queue) {
      queue = createJobQueue<MailJob>(MAIL_QUEUE, (job) => center.deliver(job.notification).then(() => undefined), queueOptions, {
        warn: (message) => strapi.log.warn(message),
        error: (message) => strapi.log.error(message),
      });
    }
    return queue;
  };

  const enqueueMail = (documentId: string) => {
    mailQueue()
      .add(`notification-${documentId}`, { notification: documentId })
      .catch((error: unknown) =>
        strapi.log.error(`[notifications] could not queue the e-mail of ${documentId}: ${(error as Error).message}`)
      );
  };

  const findOwn = async (userId: number, documentId: string): Promise<NotificationRow | null> => {
    if (typeof documentId !== 'string' || !documentId || documentId.length > 64) return null;
    return (await strapi.db
      .query(NOTIFICATION)
      .findOne({ where: { documentId, user: { id: userId } } })) as NotificationRow | null;
  };

  const center = {
    /**
     * Persists a notification for one user, then (after commit) pushes and/or queues its e-mail as the
     * user's preferences say. Returns null when the user does not exist. Inside a caller's transaction the
     * push and the e-mail wait for that transaction to commit (and never happen if it rolls back).
     */
    async notify(userId: number, input: NotificationInput): Promise<NotificationView | null> {
      const type = typeof input.type === 'string' ? input.type.trim() : '';
      if (!type || type.length > 60) throw new errors.ValidationError('notification type must be 1–60 characters');
      const title = truncate(plainText(String(input.title ?? '')), 200);
      if (!title) throw new errors.ValidationError('notification title must not be empty');
      const body = input.body ? truncate(plainText(String(input.body)), 2000) || null : null;

      const recipient = await loadRecipient(userId);
      if (!recipient) return null;
      const prefs = resolvePreferences(recipient.preferences, recipient.locale);
      const inApp = wantsInApp(prefs, type);
      const email = wantsEmail(prefs, type) && Boolean(recipient.email) && !recipient.blocked && (await emailEnabled());

      return strapi.db.transaction(async ({ onCommit }) => {
        const created = (await strapi.documents(NOTIFICATION).create({
          data: documentInput<typeof NOTIFICATION, { data: Record<string, unknown> | null }>({
            user: userId,
            type,
            title,
            body,
            data: input.data ?? null,
            // Not wanted in-app: kept as the record (of the e-mail), never shown as new.
            read_at: inApp ? null : new Date().toISOString(),
          }),
        })) as unknown as NotificationRow;
        const view = notificationView(created);
        onCommit(() => {
          if (inApp) {
            const { read_at: _readAt, ...payload } = view;
            const event: DomainEvents['notification.created'] = { user: userId, notification: payload };
            eventBus.publish('notification.created', event);
          }
          if (email) enqueueMail(view.id);
        });
        return view;
      });
    },

    /** Runs `work` (e.g. some notify calls) at most once per key, ever: the key is stored in the same transaction. */
    async once(key: string, work: () => Promise<unknown>, now = Date.now()): Promise<boolean> {
      try {
        await strapi.db.transaction(async ({ trx }) => {
          await trx(ONCE_TABLE).insert({ dedup_key: key, created_at_ms: now });
          await work();
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async list(userId: number, query: { unread?: boolean; page: number; pageSize: number }) {
      const where = { user: { id: userId }, ...(query.unread ? { read_at: { $null: true } } : {}) };
      const [rows, total, unread] = await Promise.all([
        strapi.db.query(NOTIFICATION).findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(query),
        }) as Promise<NotificationRow[]>,
        strapi.db.query(NOTIFICATION).count({ where }),
        strapi.db.query(NOTIFICATION).count({ where: { user: { id: userId }, read_at: { $null: true } } }),
      ]);
      return {
        data: rows.map(notificationView),
        pagination: pagination(query, total),
        unread,
      };
    },

    /** Marks one of the user's notifications read (idempotent: the first read time stays). Someone else's → null. */
    async markRead(userId: number, documentId: string): Promise<NotificationView | null> {
      return center.setRead(userId, documentId, true);
    },

    async setRead(userId: number, documentId: string, read: boolean): Promise<NotificationView | null> {
      const row = await findOwn(userId, documentId);
      if (!row) return null;
      if (Boolean(row.read_at) === read) return notificationView(row);
      const updated = (await strapi.documents(NOTIFICATION).update({
        documentId: row.documentId,
        data: documentInput<typeof NOTIFICATION>({ read_at: read ? new Date().toISOString() : null }),
      })) as unknown as NotificationRow;
      return notificationView(updated);
    },

    /** Marks all the user's unread notifications read; returns how many changed. */
    async readAll(userId: number): Promise<number> {
      const ids = (
        (await strapi.db.query(NOTIFICATION).findMany({
          where: { user: { id: userId }, read_at: { $null: true } },
          select: ['id'],
        })) as { id: number }[]
      ).map((row) => row.id);
      const now = new Date().toISOString();
      for (let i = 0; i < ids.length; i += 500) {
        await strapi.db.query(NOTIFICATION).updateMany({ where: { id: { $in: ids.slice(i, i + 500) } }, data: { read_at: now } });
      }
      return ids.length;
    },

    /**
     * The mail queue's job: sends the notification's e-mail and records `emailed_at`. Throws when the
     * e-mail provider fails (the queue retries). Already e-mailed, deleted, or no address any more: nothing.
     */
    async deliver(documentId: string): Promise<'sent' | 'skipped'> {
      const row = (await strapi.db.query(NOTIFICATION).findOne({
        where: { documentId },
        populate: { user: { select: ['id', 'email', 'username', 'first_name', 'blocked'] } },
      })) as (NotificationRow & { user: Pick<Recipient, 'id' | 'email' | 'username' | 'first_name' | 'blocked'> | null }) | null;
      if (!row || row.emailed_at || !row.user?.email || row.user.blocked) return 'skipped';
      const content = renderEmail({ title: row.title, body: row.body, recipientName: row.user.first_name || row.user.username });
      await strapi
        .plugin('email')
        .service('email')
        .send({ to: row.user.email, ...content });
      await strapi
        .documents(NOTIFICATION)
        .update({ documentId, data: documentInput<typeof NOTIFICATION>({ emailed_at: new Date().toISOString() }) });
      return 'sent';
    },

    /** Starts the mail queue's worker (boot), so jobs left in Redis by a previous run are worked on. */
    startMailQueue(options?: Partial<JobQueueOptions>) {
      if (options) queueOptions = { ...queueOptions, ...options };
      return mailQueue();
    },

    mailQueue,

    async shutdown() {
      const current = queue;
      queue = null;
      if (current) await current.close();
    },

    /* ---------------------------------------------------------------------------------------------
     * Typed helpers for features that land later: they only call these.
     * ------------------------------------------------------------------------------------------- */

    /** To the vendor's user: a review was published for one of their venues. */
    reviewReceived(
      vendorUserId: number,
      facts: { review: string; venue: string; venueName: string; rating: number; authorName?: string | null }
    ) {
      return center.notify(vendorUserId, {
        type: 'review_received',
        ...otherText.reviewReceived(facts.venueName, facts.rating, facts.authorName ?? null),
        data: { review: facts.review, venue: facts.venue, rating: facts.rating },
      });
    },

    vendorApproved(userId: number, facts: { vendorProfile: string; businessName: string }) {
      return center.notify(userId, {
        type: 'vendor_approved',
        ...otherText.vendorApproved(facts.businessName),
        data: { vendor_profile: facts.vendorProfile },
      });
    },

    vendorRejected(userId: number, facts: { vendorProfile: string; businessName: string; reason?: string | null }) {
      return center.notify(userId, {
        type: 'vendor_rejected',
        ...otherText.vendorRejected(facts.businessName, facts.reason ?? null),
        data: { vendor_profile: facts.vendorProfile },
      });
    },

    ticketUpdated(userId: number, facts: { ticket: string; subject: string; status: string; message?: string | null }) {
      return center.notify(userId, {
        type: 'ticket_updated',
        ...otherText.ticketUpdated(facts.subject, facts.status, facts.message ?? null),
        data: { ticket: facts.ticket, status: facts.status },
      });
    },

    /**
     * A system announcement to every active (not blocked) user of the audience: `all`, `customers`,
     * `vendors` or a list of user ids. Service only (admins trigger it from admin tooling); returns how
     * many users were notified. E-mail only for users who opted in (off by default for announcements).
     */
    async announce(
      title: string,
      body: string,
      options: { audience: Audience; data?: Record<string, unknown> }
    ): Promise<number> {
      const audience = options.audience;
      const roleWhere =
        audience === 'customers'
          ? { role: { type: 'authenticated' } }
          : audience === 'vendors'
            ? { role: { type: 'vendor' } }
            : {};
      if (Array.isArray(audience) && audience.some((id) => !Number.isInteger(id))) {
        throw new errors.ValidationError('audience user ids must be integers');
      }
      let sent = 0;
      let lastId = 0;
      for (;;) {
        const where = {
          id: Array.isArray(audience) ? { $in: audience, $gt: lastId } : { $gt: lastId },
          blocked: { $ne: true },
          ...roleWhere,
        };
        const users = (await strapi.db.query(USER).findMany({ where, select: ['id'], orderBy: { id: 'asc' }, limit: 200 })) as {
          id: number;
        }[];
        if (users.length === 0) break;
        for (const user of users) {
          if (await center.notify(user.id, { type: 'system_announcement', title, body, data: options.data ?? null })) sent += 1;
        }
        lastId = users[users.length - 1].id;
      }
      return sent;
    },
  };

  return center;
};

export default notificationCenter;
export type NotificationCenter = ReturnType<typeof notificationCenter>;
