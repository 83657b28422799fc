import fs from 'node:fs';
import path from 'node:path';
import { dropDatabase } from './postgres';

export default async function globalTeardown(): Promise<void> {
  const baseUrl = process.env.TOFIMOTIA_TEST_PG_BASE_URL;
  const template = process.env.TOFIMOTIA_TEST_PG_TEMPLATE;
  if (baseUrl && template) await dropDatabase(baseUrl, template);
  const sqliteTemplate = process.env.TOFIMOTIA_TEST_SQLITE_TEMPLATE;
  if (sqliteTemplate) fs.rmSync(path.dirname(sqliteTemplate), { recursive: true, force: true });
}
