import { z } from 'zod';
import { documentIdParam, paginationQuery } from '../booking/contracts';
import { canonicalTimezone, isCurrencyCode, isTimezone, NOTIFICATION_EVENT_TYPES } from './preferences';
import { plainText as toPlainText } from '../../infra/plain-text';

/**
 * Request schemas of the own-account endpoints (/users/profile, /users/preferences, /users/favorites).
 * Every body is a strict object: role, confirmed, blocked, provider, password, stripe ids, vendor_profile,
 * ids or anything else unknown is a 400 before anything is written.
 */

/** `""` clears a field like `null` does (what an emptied form input sends). */
const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => toPlainText(value) || null);

const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ()./-]+$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
  .refine((value) => (value.match(/[0-9]/g) ?? []).length >= 4, 'must contain at least 4 digits');

const canonicalLocale = (value: string): string | null => {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
};

/** BCP 47-ish (`en`, `de-AT`, `zh-Hant-TW`), stored in its canonical casing. */
export const localeSchema = z
  .string()
  .trim()
  .max(16)
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a language tag like "en" or "de-AT"')
  .refine((value) => canonicalLocale(value) !== null, 'is not a valid language tag')
  .transform((value) => canonicalLocale(value) as string);

export const updateProfileBody = z
  .strictObject({
    username: z.string().trim().min(3).max(50).optional(),
    email: z.email().max(255).transform((value) => value.toLowerCase()).optional(),
    current_password: z.string().min(1).max(128).optional(),
    first_name: plainText(80).nullable().optional(),
    last_name: plainText(80).nullable().optional(),
    phone: z.preprocess(emptyToNull, phone.nullable()).optional(),
    bio: plainText(1000).nullable().optional(),
    locale: z.preprocess(emptyToNull, localeSchema.nullable()).optional(),
    // A client never points the avatar at an existing upload (it could be anyone's file): it uploads
    // through POST /users/profile/avatar, and can only remove it here.
    avatar: z.null({ message: 'only null (remove) is accepted; upload a new avatar with POST /users/profile/avatar' }).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.current_password !== undefined && body.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['current_password'], message: 'current_password is only used to change the email' });
    }
  });

export type ProfileUpdate = z.infer<typeof updateProfileBody>;

/** Multipart text fields of the avatar upload (the image itself is the `file` part). */
export const avatarUploadBody = z.strictObject({
  alt: z.string().max(200).transform((value) => toPlainText(value) || null).optional(),
});

/** One file part named `file`, as koa-body (formidable) hands it over. */
export const avatarUploadFiles = z.strictObject(
  {
    file: z.object(
      {
        filepath: z.string().min(1),
        size: z.number().int().min(0),
        originalFilename: z.string().nullish(),
        mimetype: z.string().nullish(),
      },
      { message: 'send exactly one image as the multipart field "file"' }
    ),
  },
  { message: 'send the image as multipart/form-data with the field "file"' }
);

export type UploadedFile = z.infer<typeof avatarUploadFiles>['file'];

const channels = z.strictObject({ in_app: z.boolean().optional(), email: z.boolean().optional() });

export const updatePreferencesBody = z.strictObject({
  currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code like "EUR"').optional(),
  locale: localeSchema.optional(),
  timezone: z
    .string()
    .max(64)
    .refine(isTimezone, 'must be an IANA time zone like "Europe/Berlin"')
    .transform(canonicalTimezone)
    .optional(),
  notifications: z.partialRecord(z.enum(NOTIFICATION_EVENT_TYPES), channels).optional(),
});

export type PreferencesUpdate = z.infer<typeof updatePreferencesBody>;

export const favoritesQuery = z.strictObject({ ...paginationQuery });

export const favoriteBody = z.strictObject({ venue: documentIdParam });

export { documentIdParam };
