import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PUBLIC_VENUE_WHERE } from '../../venue/services/venue-rules';
import { VENUE_VIEW_POPULATE, venueView, type VenueRowForView } from '../../venue/venue-view';
import type { PreferencesUpdate, ProfileUpdate, UploadedFile } from '../contracts';
import { imageTypeOfFile } from '../image-type';
import { applyPreferencesUpdate, resolvePreferences, type Preferences } from '../preferences';
import { PROFILE_POPULATE, profileView, type ProfileRow, type ProfileView } from '../profile-view';
import { isUniqueViolation } from '../../../infra/db';
import { pageWindow, pagination, type Page } from '../../../infra/paginate';

const USER = 'plugin::users-permissions.user';
const VENUE = 'api::venue.venue';
const FILE = 'plugin::upload.file';

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;

/** Profile fields a user sets directly (already validated and normalised by the contract). */
const PLAIN_FIELDS = ['first_name', 'last_name', 'phone', 'bio', 'locale'] as const;

/** A 400 naming one field, in the same shape as parseOrThrow's. */
const fieldError = (field: string, message: string, extra: Record<string, unknown> = {}) =>
  new errors.ValidationError(`${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }], ...extra });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = () => strapi.plugin('users-permissions').service('user');
  const uploads = () => strapi.plugin('upload').service('upload');

  const profileRow = async (userId: number): Promise<ProfileRow> => {
    const row = (await strapi.db.query(USER).findOne({ where: { id: userId }, populate: PROFILE_POPULATE })) as ProfileRow | null;
    // The JWT was valid a moment ago; a user deleted since then simply has no account any more.
    if (!row) throw new errors.NotFoundError('Account not found');
    return row;
  };

  /**
   * Email and username are both login identifiers (users-permissions matches either), so neither may
   * equal another account's email or username, compared case-insensitively.
   */
  const assertIdentifierFree = async (userId: number, field: 'email' | 'username', value: string) => {
    const taken = await strapi.db.query(USER).count({
      where: { id: { $ne: userId }, $or: [{ email: { $eqi: value } }, { username: { $eqi: value } }] },
    });
    if (taken > 0) throw fieldError(field, `this ${field} is already taken`, { reason: `${field.toUpperCase()}_TAKEN` });
  };

  const assertCurrentPassword = async (hash: string | null, currentPassword: string | undefined) => {
    if (!currentPassword) throw fieldError('current_password', 'is required to change the email');
    // Accounts from an OAuth provider have no password, so they cannot prove it here.
    const valid = hash ? await users().validatePassword(currentPassword, hash) : false;
    if (!valid) throw fieldError('current_password', 'is not your current password', { reason: 'INVALID_CURRENT_PASSWORD' });
  };

  /**
   * Deletes an upload once nothing links to it any more. An admin may have set a media-library image
   * that other entries use as well; that one must survive being unset as an avatar.
   */
  const removeFileIfUnused = async (fileId: number) => {
    try {
      const related = strapi.db.metadata.get(FILE).attributes.related as unknown as {
        joinTable: { name: string; joinColumn: { name: string } };
      };
      const [{ count }] = (await strapi.db
        .connection(related.joinTable.name)
        .where(related.joinTable.joinColumn.name, fileId)
        .count({ count: '*' })) as { count: number | string }[];
      if (Number(count) > 0) return;
      const file = await strapi.db.query(FILE).findOne({ where: { id: fileId } });
      if (file) await uploads().remove(file);
    } catch (error) {
      // The avatar is already swapped; a leftover file is storage clutter, not a failed request.
      strapi.log.warn(`account: could not remove old avatar file ${fileId}: ${(error as Error).message}`);
    }
  };

  /** Magic bytes can be followed by anything; the image must also decode (the upload plugin would store junk as a plain file). */
  const assertDecodableImage = async (filepath: string) => {
    const imaging = strapi.plugin('upload').service('image-manipulation');
    const file = { filepath };
    if (!(await imaging.isImage(file)) || (await imaging.isFaultyImage(file))) {
      throw fieldError('file', 'is not a readable image', { reason: 'INVALID_IMAGE' });
    }
  };

  const storeImage = async (file: UploadedFile, type: { mime: string; ext: string }, alt: string) => {
    // The stored name and extension come from the detected type, never from the client's filename:
    // a PNG uploaded as "x.html" must not be served back as HTML.
    const name = `avatar${type.ext}`;
    try {
      const [stored] = (await uploads().upload({
        data: { fileInfo: { name, alternativeText: alt } },
        files: { filepath: file.filepath, originalFilename: name, mimetype: type.mime, size: file.size },
      })) as { id: number }[];
      return stored;
    } catch (error) {
      // The upload plugin rejects undecodable images with a bare ApplicationError; for a client it is bad input.
      if (error instanceof errors.ApplicationError && error.name === 'ApplicationError') {
        throw fieldError('file', 'is not a readable image', { reason: 'INVALID_IMAGE' });
      }
      throw error;
    }
  };

  const publicVenue = async (documentId: string): Promise<VenueRowForView> => {
    const venue = (await strapi.db.query(VENUE).findOne({
      where: { documentId, ...PUBLIC_VENUE_WHERE },
      populate: VENUE_VIEW_POPULATE,
    })) as VenueRowForView | null;
    if (!venue) throw new errors.NotFoundError('Venue not found');
    return venue;
  };

  const isFavorite = async (userId: number, venueId: number) =>
    (await strapi.db.query(USER).count({ where: { id: userId, favorites: { id: venueId } } })) > 0;

  return {
    async profile(userId: number): Promise<ProfileView> {
      return profileView(await profileRow(userId));
    },

    /** Partial update. Email changes need the current password; an unchanged email needs nothing. */
    async updateProfile(userId: number, body: ProfileUpdate): Promise<ProfileView> {
      const current = (await strapi.db.query(USER).findOne({
        where: { id: userId },
        select: ['id', 'username', 'email', 'password'],
        populate: { avatar: { select: ['id'] } },
      })) as { username: string; email: string; password: string | null; avatar?: { id: number } | null } | null;
      if (!current) throw new errors.NotFoundError('Account not found');

      const data: Record<string, unknown> = {};
      for (const field of PLAIN_FIELDS) if (body[field] !== undefined) data[field] = body[field];

      if (body.email !== undefined && body.email !== current.email.toLowerCase()) {
        // Password first: without it, nobody learns whether another account uses that email.
        await assertCurrentPassword(current.password, body.current_password);
        await assertIdentifierFree(userId, 'email', body.email);
        data.email = body.email;
      }
      if (body.username !== undefined && body.username !== current.username) {
        await assertIdentifierFree(userId, 'username', body.username);
        data.username = body.username;
      }
      const removedAvatar = body.avatar === null ? (current.avatar?.id ?? null) : null;
      if (body.avatar === null) data.avatar = null;

      if (Object.keys(data).length > 0) await users().edit(userId, data);
      if (removedAvatar) await removeFileIfUnused(removedAvatar);
      return this.profile(userId);
    },

    /** Stores a new avatar (JPEG/PNG/WebP up to 5 MB, by content) and deletes the one it replaces. */
    async uploadAvatar(userId: number, file: UploadedFile, alt: string | null | undefined): Promise<ProfileView> {
      if (file.size > AVATAR_MAX_BYTES) {
        throw new errors.PayloadTooLargeError('The avatar may be at most 5 MB', {
          errors: [{ path: ['file'], message: 'may be at most 5 MB', name: 'ValidationError' }],
          reason: 'FILE_TOO_LARGE',
          maxBytes: AVATAR_MAX_BYTES,
        });
      }
      const type = await imageTypeOfFile(file.filepath);
      if (!type) throw fieldError('file', 'must be a JPEG, PNG or WebP image', { reason: 'UNSUPPORTED_FILE_TYPE' });
      await assertDecodableImage(file.filepath);

      const previous = (await profileRow(userId)).avatar?.id ?? null;
      const stored = await storeImage(file, type, alt || 'Profile picture');
      try {
        await users().edit(userId, { avatar: stored.id });
      } catch (error) {
        await removeFileIfUnused(stored.id);
        throw error;
      }
      if (previous && previous !== stored.id) await removeFileIfUnused(previous);
      return this.profile(userId);
    },

    async preferences(userId: number): Promise<Preferences> {
      const row = await strapi.db.query(USER).findOne({ where: { id: userId }, select: ['preferences', 'locale'] });
      if (!row) throw new errors.NotFoundError('Account not found');
      return resolvePreferences(row.preferences, row.locale);
    },

    /** Deep partial update: only the given currency/timezone/channels change; the locale is the profile's. */
    async updatePreferences(userId: number, patch: PreferencesUpdate): Promise<Preferences> {
      const row = await strapi.db.query(USER).findOne({ where: { id: userId }, select: ['preferences', 'locale'] });
      if (!row) throw new errors.NotFoundError('Account not found');
      const { locale, ...rest } = patch;
      const preferences = applyPreferencesUpdate(row.preferences, rest);
      await users().edit(userId, { preferences, ...(locale ? { locale } : {}) });
      return resolvePreferences(preferences, locale ?? row.locale);
    },

    /**
     * The caller's favourites that are still public (a venue that was unpublished or whose vendor was
     * suspended stays favourited and reappears when it is public again), newest favourite first.
     */
    async favorites(userId: number, page: Page) {
      const row = (await strapi.db.query(USER).findOne({
        where: { id: userId },
        select: ['id'],
        populate: { favorites: { select: ['id'] } },
      })) as { favorites?: { id: number }[] } | null;
      const ids = (row?.favorites ?? []).map((venue) => venue.id);
      const publicIds = ids.length
        ? new Set(
            (
              (await strapi.db.query(VENUE).findMany({ where: { id: { $in: ids }, ...PUBLIC_VENUE_WHERE }, select: ['id'] })) as {
                id: number;
              }[]
            ).map((venue) => venue.id)
          )
        : new Set<number>();
      // The link table keeps the order favourites were added in; the newest is the most relevant.
      const ordered = ids.filter((id) => publicIds.has(id)).reverse();
      const { offset, limit } = pageWindow(page);
      const pageIds = ordered.slice(offset, offset + limit);
      const rows = pageIds.length
        ? ((await strapi.db
            .query(VENUE)
            .findMany({ where: { id: { $in: pageIds } }, populate: VENUE_VIEW_POPULATE })) as VenueRowForView[])
        : [];
      const byId = new Map(rows.map((venue) => [venue.id, venue]));
      const total = ordered.length;
      return {
        data: pageIds.flatMap((id) => (byId.has(id) ? [venueView(byId.get(id) as VenueRowForView)] : [])),
        pagination: pagination(page, total),
      };
    },

    /** Idempotent: favouriting twice keeps one link; `created` tells 201 from 200. Only public venues. */
    async addFavorite(userId: number, venueDocumentId: string) {
      const venue = await publicVenue(venueDocumentId);
      if (await isFavorite(userId, venue.id)) return { created: false, venue: venueView(venue) };
      try {
        await strapi.db.query(USER).update({ where: { id: userId }, data: { favorites: { connect: [venue.id] } } });
      } catch (error) {
        // A concurrent request of the same user linked it first: same outcome as "already a favourite".
        if (!isUniqueViolation(error) || !(await isFavorite(userId, venue.id))) throw error;
        return { created: false, venue: venueView(venue) };
      }
      return { created: true, venue: venueView(venue) };
    },

    /**
     * Idempotent: removing a venue that is not (or no longer) a favourite is a 200 too, so a heart toggle
     * that double-fires or retries never shows an error; `removed` says whether a link existed. Works for
     * any existing venue, public or not (one can unfavourite a venue that has since been unpublished);
     * a documentId that matches no venue at all is a 404.
     */
    async removeFavorite(userId: number, venueDocumentId: string) {
      const venue = (await strapi.db
        .query(VENUE)
        .findOne({ where: { documentId: venueDocumentId }, select: ['id', 'documentId'] })) as {
        id: number;
        documentId: string;
      } | null;
      if (!venue) throw new errors.NotFoundError('Venue not found');
      const removed = await isFavorite(userId, venue.id);
      if (removed) await strapi.db.query(USER).update({ where: { id: userId }, data: { favorites: { disconnect: [venue.id] } } });
      return { venue: venue.documentId, favorite: false, removed };
    },
  };
};
