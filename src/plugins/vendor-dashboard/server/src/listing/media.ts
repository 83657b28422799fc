import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import sharp from 'sharp';
import { imageTypeOfFile } from '../../../../../api/account/image-type';
import { lockForTransaction } from '../../../../../infra/db';
import { conflictError } from '../../../../../infra/http-errors';
import { ownedVenue } from '../../../../../api/venue/ownership';
import { MEDIA_MAX_BYTES, MEDIA_MAX_PER_VENUE, type UploadedFile } from './contracts';
import { fieldError } from './common';
import { imageOf, type VendorImageRow } from './venue-view';

const VENUE = 'api::venue.venue';
const FILE = 'plugin::upload.file';
const IMAGE_SELECT = ['id', 'documentId', 'url', 'width', 'height', 'alternativeText', 'mime', 'size'];

const tooMany = () =>
  conflictError(`A venue has at most ${MEDIA_MAX_PER_VENUE} photos`, { reason: 'TOO_MANY_IMAGES', max: MEDIA_MAX_PER_VENUE });

/**
 * Venue photos: JPEG, PNG or WebP recognised by their bytes (the name and the part's content type are never
 * trusted), at most 10 MB (413) and 20 per venue (409). Each image is decoded and re-encoded by sharp, which
 * drops EXIF and other metadata (GPS positions from phones) after applying the orientation, then stored through
 * Strapi's upload service, i.e. on the configured provider (local disk, or S3). Bad files store nothing.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const uploads = () => strapi.plugin('upload').service('upload');

  const imagesOf = async (venueId: number): Promise<VendorImageRow[]> => {
    const row = (await strapi.db.query(VENUE).findOne({
      where: { id: venueId },
      select: ['id'],
      populate: { images: { select: IMAGE_SELECT } },
    })) as { images?: VendorImageRow[] | null } | null;
    return row?.images ?? [];
  };

  const view = async (venueDocumentId: string, venueId: number) => ({
    venue: venueDocumentId,
    images: (await imagesOf(venueId)).map(imageOf),
  });

  const setImages = (documentId: string, ids: number[]) =>
    strapi.documents(VENUE).update({ documentId, data: { images: ids } as never });

  /** Re-encodes the image without metadata into a temp file; a file sharp cannot decode is a 400. */
  const stripped = async (file: UploadedFile, format: 'jpeg' | 'png' | 'webp'): Promise<string> => {
    const out = path.join(os.tmpdir(), `venue-photo-${crypto.randomUUID()}.${format === 'jpeg' ? 'jpg' : format}`);
    try {
      await sharp(file.filepath, { failOn: 'error' }).rotate().toFormat(format).toFile(out);
      return out;
    } catch {
      await rm(out, { force: true });
      throw fieldError(['file'], 'is not a readable image', { reason: 'INVALID_IMAGE' });
    }
  };

  return {
    async list(userId: number, venue: string) {
      const owned = await ownedVenue(strapi, userId, venue);
      return view(venue, owned.id);
    },

    async upload(userId: number, input: { venue: string; alt?: string }, file: UploadedFile) {
      const owned = await ownedVenue(strapi, userId, input.venue);
      if (file.size > MEDIA_MAX_BYTES) {
        throw new errors.PayloadTooLargeError('A photo may be at most 10 MB', {
          errors: [{ path: ['file'], message: 'may be at most 10 MB', name: 'ValidationError' }],
          reason: 'FILE_TOO_LARGE',
          maxBytes: MEDIA_MAX_BYTES,
        });
      }
      const type = await imageTypeOfFile(file.filepath);
      if (!type) throw fieldError(['file'], 'must be a JPEG, PNG or WebP image', { reason: 'UNSUPPORTED_FILE_TYPE' });
      if ((await imagesOf(owned.id)).length >= MEDIA_MAX_PER_VENUE) throw tooMany();

      const format = type.mime === 'image/jpeg' ? 'jpeg' : type.mime === 'image/png' ? 'png' : 'webp';
      const clean = await stripped(file, format);
      let storedId: number | null = null;
      try {
        const name = `${owned.documentId}-${crypto.randomBytes(4).toString('hex')}${type.ext}`;
        const [stored] = (await uploads().upload({
          data: { fileInfo: { name, alternativeText: input.alt || owned.name } },
          files: { filepath: clean, originalFilename: name, mimetype: type.mime, size: (await stat(clean)).size },
        })) as { id: number }[];
        storedId = stored.id;
        await strapi.db.transaction(async ({ trx }) => {
          // Two uploads at once must not both pass the limit.
          await lockForTransaction(strapi, trx, `venue-images:${owned.documentId}`);
          const current = await imagesOf(owned.id);
          if (current.length >= MEDIA_MAX_PER_VENUE) throw tooMany();
          await setImages(owned.documentId, [...current.map((i) => i.id), stored.id]);
        });
      } catch (error) {
        if (storedId !== null) {
          const row = await strapi.db.query(FILE).findOne({ where: { id: storedId } });
          if (row) await uploads().remove(row);
        }
        if (error instanceof errors.ApplicationError && error.name === 'ApplicationError') {
          throw fieldError(['file'], 'is not a readable image', { reason: 'INVALID_IMAGE' });
        }
        throw error;
      } finally {
        await rm(clean, { force: true });
      }
      return view(owned.documentId, owned.id);
    },

    /** Alt text and/or position (0 = first) of one of the venue's photos. */
    async update(userId: number, venue: string, fileDocumentId: string, input: { alt?: string; position?: number }) {
      const owned = await ownedVenue(strapi, userId, venue);
      const current = await imagesOf(owned.id);
      const image = current.find((i) => i.documentId === fileDocumentId);
      if (!image) throw new errors.NotFoundError('Photo not found');
      if (input.alt !== undefined) {
        await strapi.db.query(FILE).update({ where: { id: image.id }, data: { alternativeText: input.alt || null } });
      }
      if (input.position !== undefined) {
        const others = current.filter((i) => i.id !== image.id).map((i) => i.id);
        const at = Math.min(input.position, others.length);
        await setImages(owned.documentId, [...others.slice(0, at), image.id, ...others.slice(at)]);
      }
      return view(owned.documentId, owned.id);
    },

    async remove(userId: number, venue: string, fileDocumentId: string) {
      const owned = await ownedVenue(strapi, userId, venue);
      const current = await imagesOf(owned.id);
      const image = current.find((i) => i.documentId === fileDocumentId);
      if (!image) throw new errors.NotFoundError('Photo not found');
      await setImages(
        owned.documentId,
        current.filter((i) => i.id !== image.id).map((i) => i.id)
      );
      const row = await strapi.db.query(FILE).findOne({ where: { id: image.id } });
      if (row) await uploads().remove(row);
      return view(owned.documentId, owned.id);
    },
  };
};
