import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { accountText, bookingOfSuspendedVendorText, vendorText, venueText } from '../../../../../../domain/admin/messages';
import {
  nextBlocked,
  nextVendorStatus,
  nextVenueState,
  reasonRequired,
  type UserAction,
  type VendorAction,
  type VendorStatus,
  type VenueAction,
  type VenueStatus,
} from '../../../../../../domain/admin/state-machines';
import { forUpdate } from '../../../../../../infra/db';
import { pageWindow, pagination } from '../../../../../../infra/paginate';
import { plainText } from '../../../../../../infra/plain-text';
import { recordAdminAction, type StaffActor } from '../../../../../../api/admin-action/audit';
import { appService } from '../../../../../../api/app-services';
import type { UserListQuery, VendorListQuery, VenueListQuery } from '../../contracts/operations';
import { staffDownloadPaths } from '../../contracts/vendor-documents';
import { accountActivity } from './account-activity';
import { createdWhere, inTransaction, invalid, isDocumentId, iso, notFound } from './shared';

const VENDOR = 'api::vendor-profile.vendor-profile';
const VENUE = 'api::venue.venue';
const USER = 'plugin::users-permissions.user';
const BOOKING = 'api::booking.booking';
const ADMIN_ACTION = 'api::admin-action.admin-action';
interface UserRow {
  id: number;
  documentId: string;
  username: string;
  email: string;
  blocked: boolean | null;
  confirmed: boolean | null;
  createdAt: string;
  role?: { type: string } | null;
}
interface VendorRow {
  id: number;
  documentId: string;
  business_name: string;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  verification_status: VendorStatus;
  rejection_reason: string | null;
  verified_at: string | null;
  createdAt: string;
  user?: UserRow | null;
  documents?: { id: number; name: string; mime: string | null; size: number | null; url: string }[] | null;
}
interface VenueRow {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  status: VenueStatus;
  featured: boolean | null;
  rejection_reason: string | null;
  capacity?: number | null;
  booking_mode?: string | null;
  cancellation_policy?: string | null;
  createdAt: string;
  location?: {
    address?: string | null;
    city: string | null;
    country: string | null;
    postal_code?: string | null;
  } | null;
  vendor?:
    (Pick<VendorRow, 'id' | 'documentId' | 'business_name' | 'verification_status'> & { user?: { id: number } | null }) | null;
}

const USER_SELECT = ['id', 'documentId', 'username', 'email', 'blocked', 'confirmed', 'createdAt'];

const userRef = (user: UserRow | null | undefined) =>
  user
    ? { id: user.id, documentId: user.documentId, username: user.username, email: user.email, blocked: Boolean(user.blocked) }
    : null;

export const vendorView = (row: VendorRow) => ({
  documentId: row.documentId,
  business_name: row.business_name,
  contact_email: row.contact_email ?? null,
  contact_phone: row.contact_phone ?? null,
  website: row.website ?? null,
  verification_status: row.verification_status,
  rejection_reason: row.rejection_reason ?? null,
  verified_at: iso(row.verified_at),
  created_at: new Date(row.createdAt).toISOString(),
  user: userRef(row.user),
});

/** The fields an approval vouches for: stored with each approval, compared in the approvals queue. */
export const materialOf = (row: VenueRow): Record<string, string | number | null> => ({
  name: row.name,
  'location.address': row.location?.address ?? null,
  'location.postal_code': row.location?.postal_code ?? null,
  'location.city': row.location?.city ?? null,
  'location.country': row.location?.country ?? null,
  capacity: row.capacity ?? null,
  booking_mode: row.booking_mode ?? null,
  cancellation_policy: row.cancellation_policy ?? null,
});

export interface LastApproval {
  at: string;
  /** null: approved before snapshots were stored (nothing to compare with). */
  changes: { field: string; before: string | number | null; after: string | number | null }[] | null;
}

/** The differences between the material fields now and the snapshot of the last approval. */
export const changesSince = (
  snapshot: Record<string, string | number | null> | undefined,
  row: VenueRow
): LastApproval['changes'] => {
  if (!snapshot || typeof snapshot !== 'object') return null;
  const now = materialOf(row);
  return Object.keys(now)
    .filter((field) => (snapshot[field] ?? null) !== now[field])
    .map((field) => ({ field, before: snapshot[field] ?? null, after: now[field] }));
};

export const venueView = (row: VenueRow, lastApproval: LastApproval | null = null) => ({
  documentId: row.documentId,
  name: row.name,
  slug: row.slug,
  status: row.status,
  featured: Boolean(row.featured),
  rejection_reason: row.rejection_reason ?? null,
  city: row.location?.city ?? null,
  country: row.location?.country ?? null,
  created_at: new Date(row.createdAt).toISOString(),
  vendor: row.vendor
    ? {
        documentId: row.vendor.documentId,
        business_name: row.vendor.business_name,
        verification_status: row.vendor.verification_status,
      }
    : null,
  last_approval: lastApproval,
});

export const userView = (row: UserRow) => ({
  id: row.id,
  documentId: row.documentId,
  username: row.username,
  email: row.email,
  role: row.role?.type === 'authenticated' ? 'customer' : (row.role?.type ?? null),
  blocked: Boolean(row.blocked),
  confirmed: Boolean(row.confirmed),
  created_at: new Date(row.createdAt).toISOString(),
});

const cleanReason = (reason: string | undefined, subject: 'vendor' | 'venue' | 'user', action: string): string | null => {
  const value = reason ? plainText(reason) : '';
  if (!value && reasonRequired(subject, action)) throw invalid('reason', `is required to ${action} a ${subject}`);
  return value || null;
};

/**
 * Management of vendors, venues and user accounts (contract: data-model.md "Admin REST details"). Each action
 * follows its state machine (src/domain/admin/state-machines.ts; illegal → 409), and in ONE transaction changes
 * the row (locked first), writes one admin_actions row and stores the notifications (pushed and e-mailed after
 * commit). A vendor's suspension needs no extra writes to hide their venues or refuse bookings: search and the
 * booking engine only take venues of approved vendors (PUBLIC_VENUE_WHERE, venue-search).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const center = () => appService(strapi, 'api::notification.notification-center');
  const activity = accountActivity(strapi);
  const table = (uid: string) => strapi.db.metadata.get(uid).tableName;

  const lockRow = async (trx: Knex.Transaction, uid: string, id: number) => {
    await forUpdate(strapi, trx(table(uid)).where('id', id).first('id'));
  };

  const loadVendor = async (documentId: string): Promise<VendorRow | null> =>
    isDocumentId(documentId)
      ? ((await strapi.db.query(VENDOR).findOne({
          where: { documentId },
          populate: { user: { select: USER_SELECT } },
        })) as VendorRow | null)
      : null;

  const loadVenue = async (documentId: string): Promise<VenueRow | null> =>
    isDocumentId(documentId)
      ? ((await strapi.db.query(VENUE).findOne({
          where: { documentId },
          populate: {
            location: true,
            vendor: {
              select: ['id', 'documentId', 'business_name', 'verification_status'],
              populate: { user: { select: ['id'] } },
            },
          },
        })) as VenueRow | null)
      : null;

  const loadUser = async (documentId: string): Promise<UserRow | null> =>
    isDocumentId(documentId)
      ? ((await strapi.db
          .query(USER)
          .findOne({ where: { documentId }, select: USER_SELECT, populate: { role: { select: ['type'] } } })) as UserRow | null)
      : null;

  /** Customers with confirmed bookings still ahead at the vendor's venues: told their booking stands. */
  const notifyCustomersOfSuspension = async (vendor: VendorRow) => {
    const bookings = (await strapi.db.query(BOOKING).findMany({
      where: { status: 'confirmed', end_datetime: { $gt: new Date().toISOString() }, venue: { vendor: { id: vendor.id } } },
      select: ['id', 'documentId', 'reference'],
      populate: { customer: { select: ['id'] }, venue: { select: ['documentId', 'name'] } },
    })) as {
      documentId: string;
      reference: string;
      customer: { id: number } | null;
      venue: { documentId: string; name: string } | null;
    }[];
    for (const booking of bookings) {
      if (!booking.customer) continue;
      await center().notify(booking.customer.id, {
        type: 'vendor_suspended',
        ...bookingOfSuspendedVendorText(booking.venue?.name ?? 'your venue'),
        data: { booking: booking.documentId, reference: booking.reference, venue: booking.venue?.documentId ?? null },
      });
    }
    return bookings.map((booking) => booking.documentId);
  };

  /**
   * The last approval of each venue (one query over the audit log: `venue.approve` rows keep the snapshot of the
   * material fields in action_data.snapshot) and what changed since.
   */
  const lastApprovals = async (rows: VenueRow[]): Promise<Map<string, LastApproval>> => {
    const result = new Map<string, LastApproval>();
    if (!rows.length) return result;
    const approvals = (await strapi.db.query(ADMIN_ACTION).findMany({
      where: { action_type: 'venue.approve', target_type: 'venue', target_id: { $in: rows.map((row) => row.documentId) } },
      select: ['id', 'target_id', 'action_data', 'timestamp'],
      orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    })) as { target_id: string; action_data: { snapshot?: Record<string, string | number | null> } | null; timestamp: string }[];
    const byVenue = new Map(rows.map((row) => [row.documentId, row]));
    for (const approval of approvals) {
      const row = byVenue.get(approval.target_id);
      if (!row || result.has(approval.target_id)) continue;
      result.set(approval.target_id, {
        at: new Date(approval.timestamp).toISOString(),
        changes: changesSince(approval.action_data?.snapshot, row),
      });
    }
    return result;
  };

  const withApprovals = async (rows: VenueRow[]) => {
    const approvals = await lastApprovals(rows);
    return rows.map((row) => venueView(row, approvals.get(row.documentId) ?? null));
  };

  const listOf = async <Row, View>(
    uid: string,
    query: { page: number; pageSize: number },
    where: Record<string, unknown>,
    options: { populate?: Record<string, unknown>; select?: string[] },
    view: (row: Row) => View
  ) => {
    const { offset, limit } = pageWindow(query);
    const [rows, total] = await Promise.all([
      strapi.db.query(uid).findMany({
        where,
        ...options,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset,
        limit,
      }) as Promise<Row[]>,
      strapi.db.query(uid).count({ where }),
    ]);
    return { data: rows.map(view), meta: { pagination: pagination(query, total) } };
  };

  const service = {
    /* ----------------------------------------------- vendors ----------------------------------------------- */

    async listVendors(query: VendorListQuery) {
      const where: Record<string, unknown> = { ...createdWhere(query) };
      if (query.status) where.verification_status = query.status;
      if (query.q) where.$or = [{ business_name: { $containsi: query.q } }, { contact_email: { $containsi: query.q } }];
      if (query.city) where.venues = { location: { city: { $eqi: query.city } } };
      return listOf(VENDOR, query, where, { populate: { user: { select: USER_SELECT } } }, vendorView);
    },

    async getVendor(documentId: string) {
      const row = isDocumentId(documentId)
        ? ((await strapi.db.query(VENDOR).findOne({
            where: { documentId },
            populate: { user: { select: USER_SELECT }, documents: { select: ['id', 'name', 'mime', 'size', 'url'] } },
          })) as VendorRow | null)
        : null;
      if (!row) throw notFound('Vendor');
      const [venues, performance, privateDocuments] = await Promise.all([
        strapi.db.query(VENUE).count({ where: { vendor: { id: row.id } } }),
        activity.vendorPerformance(row.id),
        // Private verification documents (at most 20 per vendor), each with the staff download paths.
        appService(strapi, 'api::vendor-profile.vendor-account').listDocuments(row.documentId, { page: 1, pageSize: 100 }),
      ]);
      return {
        ...vendorView(row),
        documents: (row.documents ?? []).map((file) => ({
          id: file.id,
          name: file.name,
          mime: file.mime ?? null,
          size: file.size === null || file.size === undefined ? null : Number(file.size),
          url: file.url,
        })),
        verification_documents: privateDocuments.data.map(({ download_path: _vendorPath, ...document }) => ({
          ...document,
          ...staffDownloadPaths(row.documentId, document.documentId),
        })),
        venues,
        performance,
      };
    },

    async vendorAction(actor: StaffActor, documentId: string, action: VendorAction, input: { reason?: string } = {}) {
      const reason = cleanReason(input.reason, 'vendor', action);
      const target = await loadVendor(documentId);
      if (!target) throw notFound('Vendor');
      await inTransaction(strapi, async (trx) => {
        await lockRow(trx, VENDOR, target.id);
        const row = (await loadVendor(documentId)) as VendorRow;
        const next = nextVendorStatus(row.verification_status, action);
        const now = new Date().toISOString();
        const data: Record<string, unknown> = { verification_status: next };
        if (action === 'reject') data.rejection_reason = reason;
        if (action === 'approve') {
          data.rejection_reason = null;
          data.verified_at = row.verified_at ?? now;
        }
        await strapi.documents(VENDOR).update({ documentId: row.documentId, data: data as never });
        const informed = action === 'suspend' ? await notifyCustomersOfSuspension(row) : [];
        await recordAdminAction(strapi, actor, {
          actionType: `vendor.${action}`,
          targetType: 'vendor-profile',
          targetId: row.documentId,
          before: { verification_status: row.verification_status, rejection_reason: row.rejection_reason ?? null },
          after: {
            verification_status: next,
            rejection_reason: action === 'reject' ? reason : action === 'approve' ? null : row.rejection_reason,
          },
          extra: { reason, ...(informed.length ? { customers_informed_of_bookings: informed } : {}) },
        });
        // The vendor's admin-panel workspace account: created/linked and invited on approval, blocked on suspension.
        await appService(strapi, 'api::vendor-profile.workspace-access').syncWithStatus(row.id);
        if (row.user) {
          const text = vendorText(action, row.business_name, reason);
          const type =
            action === 'approve'
              ? 'vendor_approved'
              : action === 'reject'
                ? 'vendor_rejected'
                : action === 'suspend'
                  ? 'vendor_suspended'
                  : 'vendor_reinstated';
          await center().notify(row.user.id, { type, ...text, data: { vendor_profile: row.documentId, status: next } });
        }
      });
      return vendorView((await loadVendor(documentId)) as VendorRow);
    },

    /* ----------------------------------------------- venues ------------------------------------------------ */

    async listVenues(query: VenueListQuery) {
      const where: Record<string, unknown> = { ...createdWhere(query) };
      if (query.status) where.status = query.status;
      if (query.featured) where.featured = query.featured === 'true';
      if (query.q) where.$or = [{ name: { $containsi: query.q } }, { slug: { $containsi: query.q } }];
      if (query.city) where.location = { city: { $eqi: query.city } };
      if (query.vendor) where.vendor = { documentId: query.vendor };
      const list = await listOf(
        VENUE,
        query,
        where,
        {
          select: [
            'id',
            'documentId',
            'name',
            'slug',
            'status',
            'featured',
            'rejection_reason',
            'capacity',
            'booking_mode',
            'cancellation_policy',
            'createdAt',
          ],
          populate: { location: true, vendor: { select: ['id', 'documentId', 'business_name', 'verification_status'] } },
        },
        (row: VenueRow) => row
      );
      return { ...list, data: await withApprovals(list.data) };
    },

    async getVenue(documentId: string) {
      const row = await loadVenue(documentId);
      if (!row) throw notFound('Venue');
      return (await withApprovals([row]))[0];
    },

    async venueAction(actor: StaffActor, documentId: string, action: VenueAction, input: { reason?: string } = {}) {
      const reason = cleanReason(input.reason, 'venue', action);
      const target = await loadVenue(documentId);
      if (!target) throw notFound('Venue');
      await inTransaction(strapi, async (trx) => {
        await lockRow(trx, VENUE, target.id);
        const row = (await loadVenue(documentId)) as VenueRow;
        const before = { status: row.status, featured: Boolean(row.featured) };
        const next = nextVenueState(before, action);
        const data: Record<string, unknown> = { status: next.status, featured: next.featured };
        if (action === 'reject' || action === 'suspend') data.rejection_reason = reason;
        if (action === 'approve') data.rejection_reason = null;
        await strapi.documents(VENUE).update({ documentId: row.documentId, data: data as never });
        await recordAdminAction(strapi, actor, {
          actionType: `venue.${action}`,
          targetType: 'venue',
          targetId: row.documentId,
          before,
          after: { status: next.status, featured: next.featured },
          // An approval keeps what it approved: the approvals queue shows what changed since.
          extra: action === 'approve' ? { reason, snapshot: materialOf(row) } : { reason },
        });
        const vendorUser = row.vendor?.user?.id;
        if (vendorUser) {
          await center().notify(vendorUser, {
            type: 'venue_moderated',
            ...venueText(action, row.name, reason),
            data: { venue: row.documentId, status: next.status, featured: next.featured },
          });
        }
      });
      return (await withApprovals([(await loadVenue(documentId)) as VenueRow]))[0];
    },

    /* ------------------------------------------------ users ------------------------------------------------ */

    async listUsers(query: UserListQuery) {
      const where: Record<string, unknown> = { ...createdWhere(query) };
      if (query.status) where.blocked = query.status === 'blocked';
      if (query.role) where.role = { type: query.role === 'customer' ? 'authenticated' : 'vendor' };
      else where.role = { type: { $in: ['authenticated', 'vendor'] } };
      if (query.q) where.$or = [{ username: { $containsi: query.q } }, { email: { $containsi: query.q } }];
      return listOf(USER, query, where, { select: USER_SELECT, populate: { role: { select: ['type'] } } }, userView);
    },

    /**
     * The account with its most recent bookings (as a customer), payments and support tickets (RECENT of each,
     * newest first) and their totals: one query per list and one per total, whatever the number of rows.
     */
    async getUser(documentId: string) {
      const row = await loadUser(documentId);
      if (!row) throw notFound('User');
      return { ...userView(row), ...(await activity.userActivity(row.id)) };
    },

    /**
     * Blocks or unblocks a customer or vendor account. The write goes through the Document Service, so the
     * middleware in src/index.ts revokes the sessions and (after commit) publishes `user.blocked` (sockets closed).
     */
    async userAction(actor: StaffActor, documentId: string, action: UserAction, input: { reason?: string } = {}) {
      const reason = cleanReason(input.reason, 'user', action);
      const target = await loadUser(documentId);
      if (!target) throw notFound('User');
      await inTransaction(strapi, async (trx) => {
        await lockRow(trx, USER, target.id);
        const row = (await loadUser(documentId)) as UserRow;
        const blocked = nextBlocked(Boolean(row.blocked), action);
        // Told first: the notification center e-mails only accounts that are not blocked.
        await center().notify(row.id, { type: 'account_status', ...accountText(blocked, reason), data: { blocked } });
        await strapi.documents(USER).update({ documentId: row.documentId, data: { blocked } as never });
        await recordAdminAction(strapi, actor, {
          actionType: `user.${action}`,
          targetType: 'user',
          targetId: row.documentId,
          before: { blocked: Boolean(row.blocked) },
          after: { blocked },
          extra: { reason },
        });
      });
      return userView((await loadUser(documentId)) as UserRow);
    },
  };

  return service;
};
