import { dropDatabase } from './postgres';

export default async function globalTeardown(): Promise<void> {
  const baseUrl = process.env.TOFIMOTIA_TEST_PG_BASE_URL;
  const template = process.env.TOFIMOTIA_TEST_PG_TEMPLATE;
  if (baseUrl && template) await dropDatabase(baseUrl, template);
}
