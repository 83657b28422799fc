import { errors } from '@strapi/utils';
import type { z } from 'zod';

/** Parses input with a zod schema; failures become Strapi's 400 ValidationError listing every bad field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.message,
    name: 'ValidationError',
    ...(issue.code === 'unrecognized_keys' ? { keys: issue.keys } : {}),
  }));
  const first = issues[0];
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  throw new errors.ValidationError(`${where}${first.message}`, { errors: issues });
};
