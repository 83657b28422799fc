import type { Modules, UID } from '@strapi/strapi';

/** The Document Service's input type of a content type, from the generated schema types (types/generated). */
export type DocumentInput<U extends UID.ContentType> = Modules.Documents.Params.Data.Input<U>;

/**
 * What a repository may write to a content type: its generated input types, every field optional and
 * clearable with null (Strapi accepts null for optional fields; the generated input type does not say so).
 * JSON columns can be given their own shapes through `Json`.
 */
export type DocumentWrite<U extends UID.ContentType, Json extends object = object> = Omit<
  { [K in keyof DocumentInput<U>]?: DocumentInput<U>[K] | null },
  keyof Json
> &
  Json;

/** The one cast from a repository's checked write to the Document Service's input type. */
export const documentInput = <U extends UID.ContentType, Json extends object = object>(
  data: DocumentWrite<U, Json>
): DocumentInput<U> => data as unknown as DocumentInput<U>;
