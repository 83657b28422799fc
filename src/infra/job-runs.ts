import type { Core } from '@strapi/strapi';

/** Table job_runs (database/analytics-tables.js): the last run of each scheduled job, whichever instance ran it. */
export const JOB_RUNS = 'job_runs';

export interface JobRun {
  name: string;
  last_started_at: string;
  last_finished_at: string;
  last_duration_ms: number;
  last_status: 'ok' | 'failed';
  last_error: string | null;
  last_success_at: string | null;
}

/** Records one finished run (upsert by name). Never throws: a job's outcome must not depend on its bookkeeping. */
export const recordJobRun = async (
  strapi: Core.Strapi,
  run: { name: string; startedAt: number; finishedAt: number; error?: unknown }
): Promise<void> => {
  const failed = run.error !== undefined;
  const row = {
    name: run.name,
    last_started_at_ms: run.startedAt,
    last_finished_at_ms: run.finishedAt,
    last_duration_ms: Math.max(0, run.finishedAt - run.startedAt),
    last_status: failed ? 'failed' : 'ok',
    last_error: failed ? String((run.error as Error)?.message ?? run.error).slice(0, 2000) : null,
  };
  try {
    const connection = strapi.db.connection;
    const merge = failed
      ? Object.keys(row).filter((key) => key !== 'name')
      : [...Object.keys(row).filter((key) => key !== 'name'), 'last_success_at_ms'];
    await connection(JOB_RUNS)
      .insert({ ...row, last_success_at_ms: failed ? null : run.finishedAt })
      .onConflict('name')
      .merge(merge);
  } catch (error) {
    strapi.log.warn(`[job] could not record the run of ${run.name}: ${(error as Error).message}`);
  }
};

export const jobRuns = async (strapi: Core.Strapi): Promise<JobRun[]> => {
  const rows = (await strapi.db.connection(JOB_RUNS).select('*').orderBy('name')) as Record<string, unknown>[];
  const iso = (value: unknown) => (value === null || value === undefined ? null : new Date(Number(value)).toISOString());
  return rows.map((row) => ({
    name: String(row.name),
    last_started_at: iso(row.last_started_at_ms) as string,
    last_finished_at: iso(row.last_finished_at_ms) as string,
    last_duration_ms: Number(row.last_duration_ms),
    last_status: row.last_status === 'failed' ? 'failed' : 'ok',
    last_error: (row.last_error as string | null) ?? null,
    last_success_at: iso(row.last_success_at_ms),
  }));
};
