import { Client } from 'pg';

/** Admin connection helpers for creating and dropping per-suite PostgreSQL databases. */
export const withAdminClient = async <T>(baseUrl: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const databaseUrl = (baseUrl: string, database: string): string => {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const ident = (name: string): string => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return `"${name}"`;
};

export const createDatabase = (baseUrl: string, name: string, template?: string) =>
  withAdminClient(baseUrl, (client) =>
    client.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`)
  );

export const dropDatabase = (baseUrl: string, name: string) =>
  withAdminClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));

const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Drops leftovers of crashed runs: databases named `<prefix><pid>_…` whose process is gone. Databases of
 * runs still alive (another `npm test` on the same server) are left alone.
 */
export const dropStaleDatabases = (baseUrl: string, prefix: string) =>
  withAdminClient(baseUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) {
      const pid = Number(datname.slice(prefix.length).split('_')[0]);
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) continue;
      await client.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    }
  });
