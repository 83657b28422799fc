import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { openingIntervals, type VenueRules } from '../../../../../domain/availability';
import { DAY, type DateOverride, type WeeklyRange } from '../../../../../domain/time';
import { publishAfterCommit } from '../../../../../infra/event-bus';
import { appService } from '../../../../../api/app-services';

/** A 400 naming one field, in the shape of parseOrThrow's. */
export const fieldError = (path: (string | number)[], message: string, extra: Record<string, unknown> = {}) =>
  new errors.ValidationError(`${path.join('.')}: ${message}`, {
    errors: [{ path: path.map(String), message, name: 'ValidationError' }],
    ...extra,
  });

/**
 * Hours go through the same domain function the booking engine and the search projection use: a rule set it
 * cannot read (bad zone, bad clock value, an open override without times) is a 400 here, never a broken venue.
 */
export const assertReadableHours = (timezone: string, weeklyHours: WeeklyRange[], dateOverrides: DateOverride[]): void => {
  const rules: VenueRules = {
    timezone,
    weeklyHours,
    dateOverrides,
    bufferMinutes: 0,
    minHours: 1,
    maxHours: null,
    noticeHours: 0,
    capacity: 1,
  };
  const days = dateOverrides.map((o) => Date.parse(`${o.date}T00:00:00Z`));
  const start = Math.min(Date.parse('2026-01-05T00:00:00Z'), ...days) - 2 * DAY;
  const end = Math.max(Date.parse('2026-01-12T00:00:00Z'), ...days) + 2 * DAY;
  try {
    openingIntervals(rules, { start, end });
  } catch (error) {
    if (error instanceof RangeError) throw fieldError(['weekly_hours'], error.message);
    throw error;
  }
};

/** Lowercase words with dashes from a name, for slugs. */
export const slugify = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'venue';

export const randomSuffix = () => crypto.randomBytes(3).toString('hex');

/** `availability.changed` for a venue's whole bookable horizon, after the caller's transaction commits. */
export const publishAvailabilityChanged = async (strapi: Core.Strapi, venue: string, reason: string, now = Date.now()) => {
  const { maxAdvanceDays } = await appService(strapi, 'api::system-setting.settings').booking();
  await publishAfterCommit(strapi.db, 'availability.changed', {
    venue,
    from: new Date(now).toISOString(),
    to: new Date(now + (maxAdvanceDays + 1) * DAY).toISOString(),
    reason,
  });
};
