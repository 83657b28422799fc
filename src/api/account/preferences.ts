import { IANAZone } from 'luxon';

/**
 * A user's preferences, resolved against defaults. Pure: the notifications code uses
 * `resolvePreferences` + `wantsEmail` / `wantsInApp` to decide which channels to use.
 *
 * Storage: the user's `preferences` json holds only what the user changed (so a later change of
 * a default reaches everyone who never touched it); the locale lives in the user's `locale` column,
 * shared with the profile, so there is one locale per user.
 */
export const NOTIFICATION_EVENT_TYPES = [
  'booking_requested',
  'booking_confirmed',
  'booking_cancelled',
  'booking_expired',
  'booking_rejected',
  'booking_reminder',
  'payment_received',
  'payment_refunded',
  'payment_failed',
  'payment_disputed',
  'calendar_conflict',
  'review_received',
  'review_response',
  'review_moderated',
  'report_resolved',
  'vendor_approved',
  'vendor_rejected',
  'vendor_suspended',
  'vendor_reinstated',
  'venue_moderated',
  'account_status',
  'ticket_updated',
  'system_announcement',
] as const;

export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export interface ChannelPreference {
  in_app: boolean;
  email: boolean;
}

export interface Preferences {
  currency: string;
  locale: string;
  timezone: string;
  notifications: Record<NotificationEventType, ChannelPreference>;
}

/** What the `preferences` json may hold: overrides only. */
export interface StoredPreferences {
  currency?: string;
  timezone?: string;
  notifications?: Partial<Record<NotificationEventType, Partial<ChannelPreference>>>;
}

/** Marketing-like events do not email unless the user opts in. */
const EMAIL_OFF_BY_DEFAULT: ReadonlySet<NotificationEventType> = new Set(['system_announcement']);

/** Event types not in the list (yet): in-app only, so a new event never starts emailing people unasked. */
const UNKNOWN_EVENT_DEFAULT: ChannelPreference = { in_app: true, email: false };

export const DEFAULT_PREFERENCES: Preferences = {
  currency: 'EUR',
  locale: 'en',
  timezone: 'UTC',
  notifications: Object.fromEntries(
    NOTIFICATION_EVENT_TYPES.map((type) => [type, { in_app: true, email: !EMAIL_OFF_BY_DEFAULT.has(type) }])
  ) as Record<NotificationEventType, ChannelPreference>,
};

export const isEventType = (value: string): value is NotificationEventType =>
  (NOTIFICATION_EVENT_TYPES as readonly string[]).includes(value);

/** ISO 4217 codes as known to the runtime's ICU data (rejects well-formed but unassigned codes like 'XYZ'). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isCurrencyCode = (value: string): boolean => /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value);

export const isTimezone = (value: string): boolean => IANAZone.isValidZone(value);

/** The zone's canonical spelling ('utc' → 'UTC'), as Intl resolves it. */
export const canonicalTimezone = (value: string): string =>
  new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Keeps only well-formed overrides from a stored json value (it may have been edited by hand
 * in the admin panel, or predate a change of this format); anything odd falls back to the default.
 */
export const storedPreferencesOf = (stored: unknown): StoredPreferences => {
  if (!isRecord(stored)) return {};
  const result: StoredPreferences = {};
  if (typeof stored.currency === 'string' && isCurrencyCode(stored.currency)) result.currency = stored.currency;
  if (typeof stored.timezone === 'string' && isTimezone(stored.timezone)) result.timezone = stored.timezone;
  if (isRecord(stored.notifications)) {
    const notifications: NonNullable<StoredPreferences['notifications']> = {};
    for (const [type, channels] of Object.entries(stored.notifications)) {
      if (!isEventType(type) || !isRecord(channels)) continue;
      const kept: Partial<ChannelPreference> = {};
      if (typeof channels.in_app === 'boolean') kept.in_app = channels.in_app;
      if (typeof channels.email === 'boolean') kept.email = channels.email;
      if (Object.keys(kept).length > 0) notifications[type] = kept;
    }
    if (Object.keys(notifications).length > 0) result.notifications = notifications;
  }
  return result;
};

/** Deep-merges a (validated) partial update into stored overrides. */
export const mergePreferences = (stored: StoredPreferences, patch: StoredPreferences): StoredPreferences => {
  const notifications = { ...stored.notifications };
  for (const [type, channels] of Object.entries(patch.notifications ?? {}) as [
    NotificationEventType,
    Partial<ChannelPreference>,
  ][]) {
    notifications[type] = { ...notifications[type], ...channels };
  }
  return {
    ...(stored.currency || patch.currency ? { currency: patch.currency ?? stored.currency } : {}),
    ...(stored.timezone || patch.timezone ? { timezone: patch.timezone ?? stored.timezone } : {}),
    ...(Object.keys(notifications).length > 0 ? { notifications } : {}),
  };
};

/**
 * The new `preferences` json after a validated partial update: known keys cleaned and deep-merged,
 * keys this module does not own left untouched (the locale is not one of them: it lives in the `locale` column).
 */
export const applyPreferencesUpdate = (stored: unknown, patch: StoredPreferences): Record<string, unknown> => ({
  ...(isRecord(stored) ? stored : {}),
  ...mergePreferences(storedPreferencesOf(stored), patch),
});

/**
 * Full preferences with every default filled in.
 * @param stored the user's `preferences` json (any value; malformed parts are ignored)
 * @param locale the user's `locale` column
 */
export const resolvePreferences = (stored: unknown, locale?: string | null): Preferences => {
  const overrides = storedPreferencesOf(stored);
  return {
    currency: overrides.currency ?? DEFAULT_PREFERENCES.currency,
    locale: locale || DEFAULT_PREFERENCES.locale,
    timezone: overrides.timezone ?? DEFAULT_PREFERENCES.timezone,
    notifications: Object.fromEntries(
      NOTIFICATION_EVENT_TYPES.map((type) => [
        type,
        { ...DEFAULT_PREFERENCES.notifications[type], ...overrides.notifications?.[type] },
      ])
    ) as Record<NotificationEventType, ChannelPreference>,
  };
};

const channelsFor = (prefs: Preferences, eventType: string): ChannelPreference =>
  isEventType(eventType) ? prefs.notifications[eventType] : UNKNOWN_EVENT_DEFAULT;

/** Whether this user wants an email for this event type. */
export const wantsEmail = (prefs: Preferences, eventType: string): boolean => channelsFor(prefs, eventType).email;

/** Whether this user wants an in-app notification for this event type. */
export const wantsInApp = (prefs: Preferences, eventType: string): boolean => channelsFor(prefs, eventType).in_app;
