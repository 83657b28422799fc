/**
 * Which backing services this run has. Suites that need PostgreSQL or Redis run when those are configured;
 * otherwise they are skipped with a notice, except under CI=true (unless the run is the deliberate
 * embedded-default pass, TOFIMOTIA_TEST_MODE=embedded), where a missing service fails the run.
 */
export const baseDatabaseUrl = (): string | undefined =>
  process.env.TOFIMOTIA_TEST_PG_BASE_URL || process.env.DATABASE_URL || undefined;

export const hasPostgres = (): boolean => Boolean(baseDatabaseUrl());
export const hasRedis = (): boolean => Boolean(process.env.REDIS_URL);

const servicesMandatory = (): boolean => process.env.CI === 'true' && process.env.TOFIMOTIA_TEST_MODE !== 'embedded';

type Service = 'postgres' | 'redis';

const available = (service: Service): boolean => (service === 'postgres' ? hasPostgres() : hasRedis());

/** `describe` when every service is there, `describe.skip` (with a printed notice) when one is missing. */
export const describeWith = (services: Service[]): jest.Describe => {
  const missing = services.filter((service) => !available(service));
  if (missing.length === 0) return describe;
  const message = `needs ${missing.join(' + ')} (set ${missing.map((s) => (s === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL')).join(', ')})`;
  if (servicesMandatory()) {
    throw new Error(`CI=true and this suite ${message}: refusing to skip it`);
  }
  console.warn(`[tests] skipping suite that ${message}`);
  return describe.skip;
};
