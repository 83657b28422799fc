import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import { lockForTransaction } from '../../../infra/db';
import { stateDir } from '../../../infra/env';
import { pageWindow, pagination, type Page } from '../../../infra/paginate';

/**
 * The vendor's own account data behind the vendor dashboard's profile screens (and, for downloads, the
 * control-center staff route): business settings, the Stripe Connect account status and private
 * verification documents. Callers pass the vendor profile they already authorised (route policy).
 *
 * - settings: tax id goes to the private `tax_info` JSON; only its last 4 characters are ever shown. Status
 *   fields (verification_status, rejection_reason, verified_at) are read-only here.
 * - Connect: one account per vendor (table vendor_connect_accounts, unique both ways; created under an
 *   advisory lock with a Stripe idempotency key); status comes only from `account.updated` webhooks
 *   (applyAccountUpdate), older events never overwrite newer ones; bank details are never stored.
 * - documents: bytes stored outside public uploads — a private directory under the state dir, or a private
 *   S3 prefix when S3 is configured (objects written without any public ACL) — never reachable by URL.
 */

const PROFILE = 'api::vendor-profile.vendor-profile';
const CONNECT = 'vendor_connect_accounts';
const DOCUMENTS = 'vendor_documents';

export type VerificationStatus = 'pending' | 'approved' | 'rejected' | 'suspended';

export interface SettingsInput {
  business_name?: string;
  description?: string | null;
  contact_email?: string | null;
  contact_phone?: string | null;
  website?: string | null;
  tax_id?: string | null;
}

interface ProfileRow {
  id: number;
  documentId: string;
  business_name: string;
  description: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  tax_info: { tax_id?: string | null } | null;
  verification_status: VerificationStatus;
  rejection_reason: string | null;
  verified_at: string | null;
  payouts_enabled: boolean | null;
}

const PROFILE_FIELDS = [
  'id',
  'documentId',
  'business_name',
  'description',
  'contact_email',
  'contact_phone',
  'website',
  'tax_info',
  'verification_status',
  'rejection_reason',
  'verified_at',
  'payouts_enabled',
] as const;

const iso = (value: string | number | null | undefined): string | null =>
  value === null || value === undefined
    ? null
    : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value).toISOString();

export const settingsView = (row: ProfileRow) => {
  const taxId = row.tax_info?.tax_id ?? null;
  return {
    documentId: row.documentId,
    business_name: row.business_name,
    description: row.description ?? null,
    contact_email: row.contact_email ?? null,
    contact_phone: row.contact_phone ?? null,
    website: row.website ?? null,
    tax_id: { present: Boolean(taxId), last4: taxId ? taxId.replace(/\s/g, '').slice(-4) : null },
    verification_status: row.verification_status,
    rejection_reason:
      row.verification_status === 'rejected' || row.verification_status === 'suspended' ? (row.rejection_reason ?? null) : null,
    verified_at: iso(row.verified_at),
    payouts_enabled: Boolean(row.payouts_enabled),
  };
};

/** What an `account.updated` event carries that we keep (never bank details). */
export interface ConnectAccountFacts {
  id: string;
  charges_enabled?: boolean | null;
  payouts_enabled?: boolean | null;
  details_submitted?: boolean | null;
  requirements?: { currently_due?: string[] | null; past_due?: string[] | null; disabled_reason?: string | null } | null;
}

/** Requirement ids Stripe still needs: past due first, then currently due. */
const requirementsDue = (account: ConnectAccountFacts): string[] => [
  ...new Set([...(account.requirements?.past_due ?? []), ...(account.requirements?.currently_due ?? [])]),
];

interface ConnectRow {
  vendor_document_id: string;
  stripe_account_id: string;
  charges_enabled: boolean | number;
  payouts_enabled: boolean | number;
  details_submitted: boolean | number;
  requirements_due: string;
  disabled_reason: string | null;
  stripe_updated_s: number | string | null;
}

export const connectView = (row: ConnectRow | null | undefined) => ({
  connected: Boolean(row),
  charges_enabled: Boolean(row?.charges_enabled),
  payouts_enabled: Boolean(row?.payouts_enabled),
  details_submitted: Boolean(row?.details_submitted),
  requirements_due: row ? (JSON.parse(row.requirements_due) as string[]) : [],
  disabled_reason: row?.disabled_reason ?? null,
  updated_at: row?.stripe_updated_s ? new Date(Number(row.stripe_updated_s) * 1000).toISOString() : null,
});

/* ------------------------------------------------------------------------------------------------
 * Documents
 * ---------------------------------------------------------------------------------------------- */

export type DocumentMime = 'application/pdf' | 'image/jpeg' | 'image/png';

interface DocumentRow {
  id: number;
  document_id: string;
  vendor_document_id: string;
  name: string;
  kind: string;
  mime: DocumentMime;
  size: number;
  sha256: string;
  storage: 'local' | 's3';
  storage_key: string;
  created_at_ms: number | string;
}

export const documentView = (row: DocumentRow) => ({
  documentId: row.document_id,
  name: row.name,
  kind: row.kind,
  mime: row.mime,
  size: Number(row.size),
  created_at: new Date(Number(row.created_at_ms)).toISOString(),
  download_path: `/api/v1/vendor-dashboard/profile/documents/${row.document_id}/download`,
});

/** The type of a file from its first bytes: PDF, JPEG or PNG; null for anything else. */
export const sniffDocument = (head: Buffer): { mime: DocumentMime; ext: string } | null => {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: '.pdf' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { mime: 'image/jpeg', ext: '.jpg' };
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { mime: 'image/png', ext: '.png' };
  return null;
};

/** A client's file name reduced to a safe display name with the detected extension. */
const safeName = (original: string | null | undefined, ext: string): string => {
  const base = path
    .basename(original ?? 'document')
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9 ._-]+/g, '_')
    .slice(0, 120)
    .trim();
  return `${base || 'document'}${ext}`;
};

interface Storage {
  kind: 'local' | 's3';
  put(key: string, file: string, mime: string): Promise<void>;
  get(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** The private directory (never under public/): <state dir>/private/vendor-documents. */
export const privateDocumentsDir = (): string =>
  path.resolve(process.env.VENDOR_DOCUMENTS_DIR || path.join(stateDir(), 'private', 'vendor-documents'));

const localStorage = (): Storage => {
  const root = privateDocumentsDir();
  const full = (key: string) => {
    const target = path.resolve(root, key);
    if (!target.startsWith(`${root}${path.sep}`)) throw new Error(`document key escapes the private directory: ${key}`);
    return target;
  };
  return {
    kind: 'local',
    async put(key, file) {
      await fs.mkdir(path.dirname(full(key)), { recursive: true, mode: 0o700 });
      await fs.copyFile(file, full(key));
      await fs.chmod(full(key), 0o600);
    },
    async get(key) {
      return createReadStream(full(key));
    },
    async remove(key) {
      await fs.rm(full(key), { force: true });
    },
  };
};

/** S3 (same bucket settings as the upload provider, config/plugins.ts) under a private prefix, no ACL. */
const s3Storage = (): Storage => {
  const endpoint = process.env.S3_ENDPOINT || undefined;
  const client = new S3Client({
    region: process.env.S3_REGION || 'us-east-1',
    endpoint,
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE ? process.env.S3_FORCE_PATH_STYLE === 'true' : Boolean(endpoint),
    credentials:
      process.env.S3_ACCESS_KEY_ID && process.env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: process.env.S3_ACCESS_KEY_ID, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY }
        : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = process.env.S3_BUCKET as string;
  const prefix = (process.env.S3_PRIVATE_PREFIX || 'private').replace(/\/+$/, '');
  const Key = (key: string) => `${prefix}/vendor-documents/${key}`;
  return {
    kind: 's3',
    async put(key, file, mime) {
      const body = await fs.readFile(file);
      await client.send(new PutObjectCommand({ Bucket, Key: Key(key), Body: body, ContentType: mime }));
    },
    async get(key) {
      const out = await client.send(new GetObjectCommand({ Bucket, Key: Key(key) }));
      return out.Body as Readable;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: Key(key) }));
    },
  };
};

const storageFor = (kind?: 'local' | 's3'): Storage =>
  (kind ?? (process.env.S3_BUCKET ? 's3' : 'local')) === 's3' ? s3Storage() : localStorage();

export interface StoredFile {
  filepath: string;
  size: number;
  originalFilename?: string | null;
}

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENTS_PER_VENDOR = 20;

const fieldError = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new errors.ValidationError(`${field}: ${message}`, {
    errors: [{ path: [field], message, name: 'ValidationError' }],
    ...extra,
  });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  const profileRow = async (vendorProfileId: number): Promise<ProfileRow> => {
    const row = (await strapi.db
      .query(PROFILE)
      .findOne({ where: { id: vendorProfileId }, select: [...PROFILE_FIELDS] })) as ProfileRow | null;
    if (!row) throw new errors.NotFoundError('Vendor profile not found');
    return row;
  };

  const documentRow = async (vendorDocumentId: string | null, documentId: string): Promise<DocumentRow> => {
    const row = (await knex()(DOCUMENTS)
      .where({ document_id: documentId })
      .modify((q) => {
        if (vendorDocumentId !== null) q.where({ vendor_document_id: vendorDocumentId });
      })
      .first()) as DocumentRow | undefined;
    if (!row) throw new errors.NotFoundError('Document not found');
    return row;
  };

  return {
    /* ---------------------------------------------- settings ---------------------------------------------- */

    async settings(vendorProfileId: number) {
      return settingsView(await profileRow(vendorProfileId));
    },

    async updateSettings(vendorProfileId: number, input: SettingsInput) {
      const current = await profileRow(vendorProfileId);
      const data: Record<string, unknown> = {};
      for (const field of ['business_name', 'description', 'contact_email', 'contact_phone', 'website'] as const) {
        if (input[field] !== undefined) data[field] = input[field];
      }
      if (input.tax_id !== undefined) {
        data.tax_info = { ...(current.tax_info ?? {}), tax_id: input.tax_id, updated_at: new Date().toISOString() };
      }
      if (Object.keys(data).length > 0) {
        await strapi.documents(PROFILE).update({ documentId: current.documentId, data: data as never });
      }
      return this.settings(vendorProfileId);
    },

    /* ---------------------------------------------- Stripe Connect ---------------------------------------------- */

    async connectStatus(vendorDocumentId: string) {
      const row = (await knex()(CONNECT).where({ vendor_document_id: vendorDocumentId }).first()) as ConnectRow | undefined;
      return connectView(row);
    },

    /**
     * The vendor's Connect account id, created by `create` the first time only. Concurrent first calls
     * serialise on an advisory lock (PostgreSQL; SQLite has one writer) and the primary key backs it up;
     * `create` is expected to pass a per-vendor Stripe idempotency key so a retried creation returns the same
     * account.
     */
    async ensureConnectAccount(
      vendorDocumentId: string,
      create: () => Promise<ConnectAccountFacts>
    ): Promise<{ accountId: string; created: boolean }> {
      return strapi.db.transaction(async ({ trx }) => {
        await lockForTransaction(strapi, trx, `vendor-connect:${vendorDocumentId}`);
        const existing = (await trx(CONNECT).where({ vendor_document_id: vendorDocumentId }).first()) as ConnectRow | undefined;
        if (existing) return { accountId: existing.stripe_account_id, created: false };
        const account = await create();
        const now = Date.now();
        // The creation answer is Stripe's own status of the new account; later changes come by webhook.
        await trx(CONNECT).insert({
          vendor_document_id: vendorDocumentId,
          stripe_account_id: account.id,
          charges_enabled: Boolean(account.charges_enabled),
          payouts_enabled: Boolean(account.payouts_enabled),
          details_submitted: Boolean(account.details_submitted),
          requirements_due: JSON.stringify(requirementsDue(account)),
          disabled_reason: account.requirements?.disabled_reason ?? null,
          created_at_ms: now,
          updated_at_ms: now,
        });
        return { accountId: account.id, created: true };
      });
    },

    /**
     * `account.updated`: stores the account's status (never bank details) unless a newer event was applied
     * already, mirrors payouts_enabled on the vendor profile and, once the account can take charges and
     * payouts, makes it the destination of the vendor's payments (vendor_profiles.stripe_account_id).
     * Returns 'applied', 'stale' or 'unknown_account'. Runs in `trx` when given (the webhook's event claim).
     */
    async applyAccountUpdate(
      account: ConnectAccountFacts,
      eventCreatedS: number,
      trx?: Knex
    ): Promise<'applied' | 'stale' | 'unknown_account'> {
      const db = trx ?? knex();
      const row = (await db(CONNECT).where({ stripe_account_id: account.id }).first()) as ConnectRow | undefined;
      if (!row) return 'unknown_account';
      if (row.stripe_updated_s !== null && Number(row.stripe_updated_s) > eventCreatedS) return 'stale';
      const due = requirementsDue(account);
      const ready = Boolean(account.charges_enabled) && Boolean(account.payouts_enabled);
      await db(CONNECT)
        .where({ stripe_account_id: account.id })
        .update({
          charges_enabled: Boolean(account.charges_enabled),
          payouts_enabled: Boolean(account.payouts_enabled),
          details_submitted: Boolean(account.details_submitted),
          requirements_due: JSON.stringify(due),
          disabled_reason: account.requirements?.disabled_reason ?? null,
          stripe_updated_s: eventCreatedS,
          updated_at_ms: Date.now(),
        });
      const profileTable = strapi.db.metadata.get(PROFILE).tableName;
      await db(profileTable)
        .where({ document_id: row.vendor_document_id })
        .update({ payouts_enabled: Boolean(account.payouts_enabled) });
      // Payments go to the account only while it can take them (destination charges need active transfers).
      if (ready) await db(profileTable).where({ document_id: row.vendor_document_id }).update({ stripe_account_id: account.id });
      else {
        await db(profileTable)
          .where({ document_id: row.vendor_document_id, stripe_account_id: account.id })
          .update({ stripe_account_id: null });
      }
      return 'applied';
    },

    /* ---------------------------------------------- documents ---------------------------------------------- */

    async listDocuments(vendorDocumentId: string, page: Page) {
      const [rows, [{ count }]] = await Promise.all([
        knex()(DOCUMENTS)
          .where({ vendor_document_id: vendorDocumentId })
          .orderBy([
            { column: 'created_at_ms', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .offset(pageWindow(page).offset)
          .limit(pageWindow(page).limit) as Promise<DocumentRow[]>,
        knex()(DOCUMENTS).where({ vendor_document_id: vendorDocumentId }).count({ count: '*' }) as Promise<
          { count: number | string }[]
        >,
      ]);
      return { data: rows.map(documentView), pagination: pagination(page, count) };
    },

    /** Stores an uploaded file privately: PDF/JPEG/PNG by content, ≤ 10 MB, ≤ 20 per vendor. 400/413 store nothing. */
    async storeDocument(vendorDocumentId: string, file: StoredFile, kind: string) {
      if (file.size > DOCUMENT_MAX_BYTES) {
        throw new errors.PayloadTooLargeError('A document may be at most 10 MB', {
          errors: [{ path: ['file'], message: 'may be at most 10 MB', name: 'ValidationError' }],
          reason: 'FILE_TOO_LARGE',
          maxBytes: DOCUMENT_MAX_BYTES,
        });
      }
      const handle = await fs.open(file.filepath, 'r');
      const head = Buffer.alloc(16);
      try {
        await handle.read(head, 0, 16, 0);
      } finally {
        await handle.close();
      }
      const type = file.size > 0 ? sniffDocument(head) : null;
      if (!type) throw fieldError('file', 'must be a PDF, JPEG or PNG file', { reason: 'UNSUPPORTED_FILE_TYPE' });
      const sha256 = crypto
        .createHash('sha256')
        .update(await fs.readFile(file.filepath))
        .digest('hex');
      const documentId = crypto.randomBytes(12).toString('base64url');
      const storage = storageFor();
      const key = `${vendorDocumentId}/${documentId}`;

      return strapi.db.transaction(async ({ trx }) => {
        await lockForTransaction(strapi, trx, `vendor-documents:${vendorDocumentId}`);
        const [{ count }] = (await trx(DOCUMENTS).where({ vendor_document_id: vendorDocumentId }).count({ count: '*' })) as {
          count: number | string;
        }[];
        if (Number(count) >= DOCUMENTS_PER_VENDOR) {
          throw fieldError('file', `at most ${DOCUMENTS_PER_VENDOR} documents; delete one first`, {
            reason: 'TOO_MANY_DOCUMENTS',
          });
        }
        await storage.put(key, file.filepath, type.mime);
        const row = {
          document_id: documentId,
          vendor_document_id: vendorDocumentId,
          name: safeName(file.originalFilename, type.ext),
          kind,
          mime: type.mime,
          size: file.size,
          sha256,
          storage: storage.kind,
          storage_key: key,
          created_at_ms: Date.now(),
        };
        try {
          await trx(DOCUMENTS).insert(row);
        } catch (error) {
          await storage.remove(key).catch(() => undefined);
          throw error;
        }
        return documentView({ id: 0, ...row });
      });
    },

    async removeDocument(vendorDocumentId: string, documentId: string) {
      const row = await documentRow(vendorDocumentId, documentId);
      await knex()(DOCUMENTS).where({ id: row.id }).delete();
      await storageFor(row.storage).remove(row.storage_key);
      return { documentId, deleted: true as const };
    },

    /** The owning vendor's download: someone else's document is a 404. */
    async openDocument(vendorDocumentId: string, documentId: string) {
      const row = await documentRow(vendorDocumentId, documentId);
      return { document: documentView(row), stream: await storageFor(row.storage).get(row.storage_key) };
    },

    /**
     * Staff download (the control-center route authorises the admin first): any vendor's document by its id.
     * Never expose this through a vendor or public route.
     */
    async downloadDocument(documentId: string, vendorDocumentId: string | null = null) {
      const row = await documentRow(vendorDocumentId, documentId);
      return {
        vendor: row.vendor_document_id,
        document: documentView(row),
        stream: await storageFor(row.storage).get(row.storage_key),
      };
    },
  };
};
