import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { pageWindow, pagination } from '../../../infra/paginate';
import { ADMIN_ACTION } from '../audit';

export interface AuditFilters {
  action_type?: string;
  target_type?: string;
  target_id?: string;
  admin?: string;
  api_token?: string;
  /** ISO instants (the controller turns dates into day bounds). */
  from?: string;
  to?: string;
}

interface AuditRow {
  id: number;
  documentId: string;
  admin_id: number | null;
  admin_email: string | null;
  api_token_id: number | null;
  action_type: string;
  target_type: string;
  target_id: string | null;
  action_data: unknown;
  request_id: string | null;
  timestamp: string;
}

export const auditView = (row: AuditRow) => ({
  id: row.id,
  documentId: row.documentId,
  action_type: row.action_type,
  target_type: row.target_type,
  target_id: row.target_id ?? null,
  admin_id: row.admin_id ?? null,
  admin_email: row.admin_email ?? null,
  api_token_id: row.api_token_id ?? null,
  request_id: row.request_id ?? null,
  action_data: row.action_data ?? null,
  timestamp: new Date(row.timestamp).toISOString(),
});

const CSV_COLUMNS = [
  'id',
  'timestamp',
  'action_type',
  'target_type',
  'target_id',
  'admin_id',
  'admin_email',
  'api_token_id',
  'request_id',
  'action_data',
] as const;

/** One CSV field (RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it). */
export const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const BATCH = 500;

/** The audit log, read-only: a filtered, paginated list and a streamed CSV export (newest first). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const whereOf = (filters: AuditFilters): Record<string, unknown> => {
    const where: Record<string, unknown> = {};
    if (filters.action_type) {
      where.action_type = filters.action_type.endsWith('.') ? { $startsWith: filters.action_type } : filters.action_type;
    }
    if (filters.target_type) where.target_type = filters.target_type;
    if (filters.target_id) where.target_id = filters.target_id;
    if (filters.admin) where.admin_id = Number(filters.admin);
    if (filters.api_token) where.api_token_id = Number(filters.api_token);
    const time: Record<string, string> = {};
    if (filters.from) time.$gte = filters.from;
    if (filters.to) time.$lte = filters.to;
    if (Object.keys(time).length) where.timestamp = time;
    return where;
  };

  return {
    async list(filters: AuditFilters, page: { page: number; pageSize: number }) {
      const where = whereOf(filters);
      const { offset, limit } = pageWindow(page);
      const [rows, total] = await Promise.all([
        strapi.db.query(ADMIN_ACTION).findMany({ where, orderBy: [{ id: 'desc' }], offset, limit }) as Promise<AuditRow[]>,
        strapi.db.query(ADMIN_ACTION).count({ where }),
      ]);
      return { data: rows.map(auditView), meta: { pagination: pagination(page, total) } };
    },

    /**
     * The filtered log as CSV, streamed: batches of 500 rows read by keyset (id below the last one sent), so memory
     * stays flat and a big export never holds a transaction open.
     */
    exportCsv(filters: AuditFilters): Readable {
      const where = whereOf(filters);
      let lastId: number | null = null;
      let header = true;
      const stream: Readable = new Readable({
        read() {
          void pull();
        },
      });
      const pull = async () => {
        try {
          const rows = (await strapi.db.query(ADMIN_ACTION).findMany({
            where: lastId === null ? where : { $and: [where, { id: { $lt: lastId } }] },
            orderBy: [{ id: 'desc' }],
            limit: BATCH,
          })) as AuditRow[];
          let chunk = header ? `${CSV_COLUMNS.join(',')}\r\n` : '';
          header = false;
          for (const row of rows) {
            const view = auditView(row);
            chunk += `${CSV_COLUMNS.map((column) => csvField(view[column])).join(',')}\r\n`;
          }
          if (rows.length) lastId = rows[rows.length - 1].id;
          if (chunk) stream.push(chunk);
          if (rows.length < BATCH) stream.push(null);
        } catch (error) {
          stream.destroy(error as Error);
        }
      };
      return stream;
    },
  };
};
