import type { Core } from '@strapi/strapi';

/**
 * Names of Strapi's own tables and link columns, read from its database metadata (`strapi.db.metadata`) for
 * the few set-based queries that join them with knex. Strapi 5 keeps relations in link tables
 * (`<table>_<attribute>_lnk`) and components in `<table>_cmps`; those names are Strapi's choice, so they are
 * asked for, not spelled out (tests/foundation/db-names.test.ts checks them against the live database).
 */

interface JoinColumn {
  name: string;
}

interface RelationMeta {
  type: string;
  target?: string;
  joinTable?: {
    name: string;
    joinColumn: JoinColumn;
    inverseJoinColumn: JoinColumn;
    on?: Record<string, string>;
  };
}

/** A link table: `column` points at the owner's row, `targetColumn` at the related row. */
export interface LinkNames {
  table: string;
  column: string;
  targetColumn: string;
  /** Table of the related content type or component. */
  targetTable: string;
  /** Extra column = value conditions of the link (a component link table serves every component field). */
  on: Record<string, string>;
}

const metadataOf = (strapi: Core.Strapi, uid: string) => {
  const meta = strapi.db.metadata.get(uid);
  if (!meta) throw new Error(`no database metadata for ${uid}`);
  return meta as unknown as { tableName: string; attributes: Record<string, RelationMeta> };
};

/** The table of a content type or component. */
export const tableOf = (strapi: Core.Strapi, uid: string): string => metadataOf(strapi, uid).tableName;

/** The link table of a relation or component attribute (`api::venue.venue`, `vendor` → venues_vendor_lnk …). */
export const linkOf = (strapi: Core.Strapi, uid: string, attribute: string): LinkNames => {
  const meta = metadataOf(strapi, uid).attributes[attribute];
  const joinTable = meta?.joinTable;
  if (!meta || meta.type !== 'relation' || !joinTable || !meta.target) {
    throw new Error(`${uid}.${attribute} is not stored in a link table`);
  }
  return {
    table: joinTable.name,
    column: joinTable.joinColumn.name,
    targetColumn: joinTable.inverseJoinColumn.name,
    targetTable: tableOf(strapi, meta.target),
    on: { ...(joinTable.on ?? {}) },
  };
};
