import { z } from 'zod';
import type { Documents } from '../../infra/openapi-shapes';
import type { HealthReport } from './services/health';

const dependencyState = z.enum(['up', 'down', 'disabled']);

/** GET /health answer (services/health.ts `HealthReport`), sent as is: not wrapped in `{ data, meta }`. */
export const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    database: dependencyState,
    database_client: z.string(),
    redis: dependencyState.describe('disabled when REDIS_URL is not configured'),
    version: z.string(),
    uptime_s: z.number().int(),
  })
  .describe('HTTP 200 when status is ok, 503 (same body) when degraded; Cache-Control: no-store');

export type HealthDocumented = Documents<z.output<typeof healthReportSchema>, HealthReport>;
