import { z } from 'zod';

/** `page` / `pageSize` query parameters of every list route (Strapi's names and defaults, capped at 100). */
export const paginationQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
};

export interface Page {
  page: number;
  pageSize: number;
}

export interface Pagination extends Page {
  pageCount: number;
  total: number;
}

/** Rows to skip and take for a page (knex `offset` / `limit`, Document Service `start` / `limit`). */
export const pageWindow = ({ page, pageSize }: Page): { offset: number; limit: number } => ({
  offset: (page - 1) * pageSize,
  limit: pageSize,
});

/** Strapi's `meta.pagination` for a page of a list of `total` rows. */
export const pagination = ({ page, pageSize }: Page, total: number | string): Pagination => {
  const count = Number(total);
  return { page, pageSize, pageCount: Math.ceil(count / pageSize), total: count };
};
