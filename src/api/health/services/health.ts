import type { Core } from '@strapi/strapi';
import { redisState, withTimeout, type DependencyState } from '../../../infra/redis';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: DependencyState;
  database_client: string;
  redis: DependencyState;
  version: string;
  uptime_s: number;
}

const databaseState = async (strapi: Core.Strapi): Promise<DependencyState> => {
  try {
    await withTimeout(strapi.db.connection.raw('select 1'), 2_000);
    return 'up';
  } catch {
    return 'down';
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Database is always required; Redis is required once REDIS_URL is configured. */
  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([databaseState(strapi), redisState()]);
    return {
      status: database === 'up' && redis !== 'down' ? 'ok' : 'degraded',
      database,
      database_client: strapi.db.dialect.client,
      redis,
      version: strapi.config.get('info.version', 'unknown') as string,
      uptime_s: Math.round(process.uptime()),
    };
  },
});
