import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { stateDir } from '../src/infra/env';

/**
 * One config, two run modes: DATABASE_URL selects PostgreSQL; without it the embedded
 * default is a SQLite file under .tmp/ (DATABASE_FILENAME overrides the file, e.g. in tests).
 */
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const url = env('DATABASE_URL', '');
  if (url) {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: url,
          ssl: env.bool('DATABASE_SSL', false)
            ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) }
            : false,
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      // An empty DATABASE_FILENAME (as in a copied .env.example) means "the default", not an in-memory database.
      connection: { filename: env('DATABASE_FILENAME', '') || path.join(stateDir(), 'data.db') },
      useNullAsDefault: true,
    },
  };
};
