import type { Core } from '@strapi/strapi';
import { DEFAULT_SETTINGS } from '../../../bootstrap/default-settings';
import { DEFAULT_POLICIES, type CancellationPolicies } from '../../../domain/booking/cancellation';
import { forUpdate } from '../../../infra/db';
import { parseOrThrow } from '../../../infra/validation';
import { recordAdminAction, type StaffActor } from '../../admin-action/audit';
import { groupUpdateSchema, SETTING_SCHEMAS, type SettingsGroup } from '../schemas';

const SETTING = 'api::system-setting.system-setting';

interface SettingRow {
  id: number;
  key: string;
  value: unknown;
  description: string | null;
  version: number | null;
  updated_by: string | null;
  last_updated: string | null;
}

export interface SettingView {
  key: string;
  value: unknown;
  description: string | null;
  version: number;
  updated_by: string | null;
  last_updated: string | null;
}

const settingView = (row: SettingRow): SettingView => ({
  key: row.key,
  value: row.value,
  description: row.description ?? null,
  version: row.version ?? 1,
  updated_by: row.updated_by ?? null,
  last_updated: row.last_updated ? new Date(row.last_updated).toISOString() : null,
});

const actorLabel = (actor: StaffActor): string =>
  actor.kind === 'admin'
    ? (actor.email ?? `admin:${actor.adminId}`)
    : actor.kind === 'token'
      ? `api-token:${actor.tokenId}`
      : 'system';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export interface ReviewSettings {
  /** Days after a booking's end during which its customer may review it. */
  windowDays: number;
  /** Open reports that hide a review automatically (0: never). */
  reportThreshold: number;
}

export interface SupportSettings {
  /** Days after resolving or closing during which the author may reopen a ticket. */
  reopenDays: number;
}

export interface BookingSettings {
  granularityMinutes: number;
  holdMinutes: number;
  requestExpiryHours: number;
  maxActiveHoldsPerCustomer: number;
  maxWindowDays: number;
  maxAdvanceDays: number;
  platformFeePercent: number;
  taxPercent: number;
  policies: CancellationPolicies;
}

const defaultOf = (key: string): unknown => DEFAULT_SETTINGS.find((s) => s.key === key)?.value;

const positiveNumber = (value: unknown, fallback: unknown): number => {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  return fallback as number;
};

const isPolicies = (value: unknown): value is CancellationPolicies =>
  typeof value === 'object' &&
  value !== null &&
  ['flexible', 'moderate', 'strict'].every((name) => Array.isArray((value as Record<string, unknown>)[name]));

/** Per-request memo of settings reads, kept on the Koa context's state (Strapi's request context). */
const MEMO = Symbol.for('tofimotia.settings.memo');
type Memo = Map<string, Promise<Record<string, unknown>>>;

const memoOf = (strapi: Core.Strapi): Memo | null => {
  const ctx = strapi.requestContext.get() as { state?: Record<symbol, unknown> } | undefined;
  if (!ctx?.state) return null;
  const existing = ctx.state[MEMO] as Memo | undefined;
  if (existing) return existing;
  const memo: Memo = new Map();
  ctx.state[MEMO] = memo;
  return memo;
};

const subscribed = new WeakSet<Core.Strapi>();

/**
 * A settings write forgets what the current request has read, so a request that changes settings and reads them
 * back sees its change (other requests never share the memo).
 */
export const subscribeSettingsMemo = (strapi: Core.Strapi): void => {
  if (subscribed.has(strapi)) return;
  subscribed.add(strapi);
  const forget = () => {
    memoOf(strapi)?.clear();
  };
  strapi.db.lifecycles.subscribe({
    models: [SETTING],
    afterCreate: forget,
    afterCreateMany: forget,
    afterUpdate: forget,
    afterUpdateMany: forget,
    afterDelete: forget,
    afterDeleteMany: forget,
  });
};

/**
 * Typed reads of system settings. Read from the database once per request at most (one query per group of keys,
 * remembered on the request's context and forgotten when the request itself writes a setting), never cached across
 * requests: a change made in the admin panel applies to the next request on every instance. A malformed value
 * falls back to its default rather than breaking bookings.
 *
 * Writes (`group` / `updateGroup`, for the control center) validate every value with its zod schema
 * (src/api/system-setting/schemas.ts) and version each change: the row's `version` counter goes up by one and one
 * `settings.update` audit row per changed key (old → new, who) is written in the same transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async getMany(keys: string[]): Promise<Record<string, unknown>> {
    const memo = memoOf(strapi);
    const memoKey = JSON.stringify(keys);
    const remembered = memo?.get(memoKey);
    if (remembered) return { ...(await remembered) };
    const read = (async () => {
      const rows = (await strapi.db.query(SETTING).findMany({ where: { key: { $in: keys } }, select: ['key', 'value'] })) as {
        key: string;
        value: unknown;
      }[];
      const found = new Map(rows.map((row) => [row.key, row.value]));
      return Object.fromEntries(keys.map((key) => [key, found.has(key) ? found.get(key) : defaultOf(key)]));
    })();
    if (memo) {
      memo.set(memoKey, read);
      read.catch(() => memo.delete(memoKey));
    }
    return { ...(await read) };
  },

  async booking(): Promise<BookingSettings> {
    const v = await this.getMany([
      'booking.granularity_minutes',
      'booking.hold_minutes',
      'booking.request_expiry_hours',
      'booking.max_active_holds_per_customer',
      'booking.max_window_days',
      'booking.max_advance_days',
      'fees.platform_fee_percent',
      'fees.tax_percent',
      'policies.cancellation',
    ]);
    const n = (key: string) => positiveNumber(v[key], defaultOf(key));
    const granularity = n('booking.granularity_minutes');
    return {
      granularityMinutes: granularity >= 5 && granularity <= 1440 ? granularity : 30,
      holdMinutes: n('booking.hold_minutes'),
      requestExpiryHours: n('booking.request_expiry_hours'),
      maxActiveHoldsPerCustomer: n('booking.max_active_holds_per_customer'),
      maxWindowDays: n('booking.max_window_days'),
      maxAdvanceDays: n('booking.max_advance_days'),
      platformFeePercent: n('fees.platform_fee_percent'),
      taxPercent: n('fees.tax_percent'),
      policies: isPolicies(v['policies.cancellation']) ? v['policies.cancellation'] : DEFAULT_POLICIES,
    };
  },

  async reviews(): Promise<ReviewSettings> {
    const v = await this.getMany(['reviews.window_days', 'reviews.report_threshold']);
    const whole = (key: string) => Math.floor(positiveNumber(v[key], defaultOf(key)));
    return { windowDays: whole('reviews.window_days'), reportThreshold: whole('reviews.report_threshold') };
  },

  /** The settings of one control-center group, in schema order (missing rows show their defaults, version 0). */
  async group(group: SettingsGroup): Promise<{ group: SettingsGroup; settings: SettingView[] }> {
    const keys = Object.keys(SETTING_SCHEMAS[group]);
    const rows = (await strapi.db.query(SETTING).findMany({ where: { key: { $in: keys } } })) as SettingRow[];
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const settings = keys.flatMap((key): SettingView[] => {
      const row = byKey.get(key);
      if (row) return [settingView(row)];
      const fallback = DEFAULT_SETTINGS.find((s) => s.key === key);
      return fallback
        ? [{ key, value: fallback.value, description: fallback.description, version: 0, updated_by: null, last_updated: null }]
        : [];
    });
    return { group, settings };
  },

  /**
   * Changes some settings of a group. Unknown keys or a bad value: 400 and nothing changes. Unchanged values are
   * skipped; each changed key gets version + 1 and one audit row, all in one transaction.
   */
  async updateGroup(actor: StaffActor, group: SettingsGroup, body: unknown) {
    const changes = parseOrThrow(groupUpdateSchema(group), body) as Record<string, unknown>;
    const now = new Date().toISOString();
    const changed: string[] = [];
    await strapi.db.transaction(async ({ trx }) => {
      const keys = Object.keys(changes);
      await forUpdate(strapi, trx(strapi.db.metadata.get(SETTING).tableName).whereIn('key', keys).select('id'));
      const rows = (await strapi.db.query(SETTING).findMany({ where: { key: { $in: keys } } })) as SettingRow[];
      const byKey = new Map(rows.map((row) => [row.key, row]));
      for (const key of keys) {
        const value = changes[key];
        const row = byKey.get(key);
        const fallback = DEFAULT_SETTINGS.find((s) => s.key === key);
        const oldValue = row ? row.value : (fallback?.value ?? null);
        if (same(oldValue, value)) continue;
        const version = row ? (row.version ?? 1) + 1 : 1;
        if (row) {
          await strapi.documents(SETTING).update({
            documentId: (row as SettingRow & { documentId: string }).documentId,
            data: { value, version, updated_by: actorLabel(actor), last_updated: now } as never,
          });
        } else {
          await strapi.documents(SETTING).create({
            data: {
              key,
              value,
              version,
              category: fallback?.category ?? 'general',
              description: fallback?.description ?? null,
              is_public: fallback?.is_public ?? false,
              updated_by: actorLabel(actor),
              last_updated: now,
            } as never,
          });
        }
        await recordAdminAction(strapi, actor, {
          actionType: 'settings.update',
          targetType: 'system-setting',
          targetId: key,
          before: { value: oldValue, version: row ? (row.version ?? 1) : 0 },
          after: { value, version },
          extra: { group },
        });
        changed.push(key);
      }
    });
    return { ...(await this.group(group)), changed };
  },

  async support(): Promise<SupportSettings> {
    const v = await this.getMany(['support.reopen_days']);
    return { reopenDays: Math.floor(positiveNumber(v['support.reopen_days'], defaultOf('support.reopen_days'))) };
  },
});
