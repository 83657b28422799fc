import { rm } from 'node:fs/promises';
import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import {
  avatarUploadBody,
  avatarUploadFiles,
  documentIdParam,
  favoriteBody,
  favoritesQuery,
  updatePreferencesBody,
  updateProfileBody,
} from '../contracts';
import { appService } from '../../app-services';

const account = () => appService(strapi, 'api::account.account');

type TempFile = { filepath?: unknown };
const filesOf = (ctx: Context) => (ctx.request as { files?: Record<string, TempFile | TempFile[]> }).files;

/** strapi::body only cleans up a part named `files`; ours is `file`, so its temp copies go here. */
const discardTempFiles = async (files: Record<string, TempFile | TempFile[]> | undefined) => {
  const all = Object.values(files ?? {}).flat();
  await Promise.all(all.flatMap((f) => (typeof f?.filepath === 'string' ? [rm(f.filepath, { force: true })] : [])));
};

export default {
  async profile(ctx: Context) {
    ctx.body = { data: await account().profile(userActorOf(ctx).userId), meta: {} };
  },

  async updateProfile(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const body = parseOrThrow(updateProfileBody, ctx.request.body ?? {});
    ctx.body = { data: await account().updateProfile(userId, body), meta: {} };
  },

  /** multipart/form-data: `file` (JPEG/PNG/WebP, ≤ 5 MB) and optional `alt`. Answers the updated profile. */
  async uploadAvatar(ctx: Context) {
    const files = filesOf(ctx);
    try {
      const { userId } = userActorOf(ctx);
      const { file } = parseOrThrow(avatarUploadFiles, files ?? {});
      const { alt } = parseOrThrow(avatarUploadBody, ctx.request.body ?? {});
      ctx.body = { data: await account().uploadAvatar(userId, file, alt), meta: {} };
    } finally {
      await discardTempFiles(files);
    }
  },

  async preferences(ctx: Context) {
    ctx.body = { data: await account().preferences(userActorOf(ctx).userId), meta: {} };
  },

  async updatePreferences(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const body = parseOrThrow(updatePreferencesBody, ctx.request.body ?? {});
    ctx.body = { data: await account().updatePreferences(userId, body), meta: {} };
  },

  async favorites(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const page = parseOrThrow(favoritesQuery, ctx.query);
    const { data, pagination } = await account().favorites(userId, page);
    ctx.body = { data, meta: { pagination } };
  },

  /** 201 when the venue became a favourite, 200 when it already was (idempotent). */
  async addFavorite(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const { venue } = parseOrThrow(favoriteBody, ctx.request.body ?? {});
    const result = await account().addFavorite(userId, venue);
    ctx.status = result.created ? 201 : 200;
    ctx.body = { data: result.venue, meta: { created: result.created } };
  },

  async removeFavorite(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const venue = parseOrThrow(documentIdParam, ctx.params.venue);
    ctx.body = { data: await account().removeFavorite(userId, venue), meta: {} };
  },
};
