import { Box, Flex, Grid, Toggle, Field, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useApi, useLoad } from '../../api';
import { Cell, DataTable } from '../../components/DataTable';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Kpi } from '../../components/Kpi';
import { Loaded } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';

const REFRESH_MS = 15_000;

/** System health: database and Redis pings, queues, scheduled jobs, HTTP error rate and latency; refreshed every 15 s. */
const HealthPage = () => {
  const api = useApi();
  const { m, date, instant, number, percent } = useMessages();
  const [auto, setAuto] = React.useState(true);
  const { state, reload } = useLoad(async () => (await api.health()).data, 'health');

  React.useEffect(() => {
    if (!auto) return undefined;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, reload]);

  const ms = (value: number | null) => (value === null ? '—' : `${Math.round(value)} ms`);

  return (
    <Frame
      title={m('health.title', 'System health')}
      subtitle={m('health.subtitle', 'Measured on this server instance')}
      actions={
        <Field.Root name="auto">
          <Toggle
            checked={auto}
            onLabel={m('health.autoOn', 'Auto-refresh on')}
            offLabel={m('health.autoOff', 'Auto-refresh off')}
            onChange={() => setAuto((value) => !value)}
          />
        </Field.Root>
      }
    >
      <Loaded state={state} onRetry={reload}>
        {(health) => (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Typography variant="pi" textColor="neutral600">
              {m('health.checked', 'Checked {at}', { at: instant(health.checked_at) })}
            </Typography>
            <Grid.Root gap={4}>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Kpi
                  testId="health-status"
                  label={m('health.overall', 'Overall')}
                  value={<StatusBadge status={health.status} />}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Kpi
                  label={m('health.database', 'Database ({client})', { client: health.database.client })}
                  value={<StatusBadge status={health.database.status} />}
                  note={ms(health.database.latency_ms)}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Kpi
                  label={m('health.redis', 'Redis')}
                  value={<StatusBadge status={health.redis.status} />}
                  note={ms(health.redis.latency_ms)}
                />
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Kpi
                  label={m('health.errors', 'HTTP error rate')}
                  value={percent(health.http.error_rate)}
                  note={m('health.requests', '{requests} requests, up {minutes} min', {
                    requests: number(health.http.requests),
                    minutes: Math.round(health.http.uptime_s / 60),
                  })}
                />
              </Grid.Item>
            </Grid.Root>
            <Box>
              <Typography variant="delta" tag="h2">
                {m('health.queues', 'Queues')}
              </Typography>
              <Box paddingTop={2}>
                <DataTable
                  label={m('health.queues', 'Queues')}
                  rows={health.queues}
                  rowKey={(q) => q.name}
                  columns={[
                    { key: 'name', label: m('health.name', 'Name'), render: (q) => <Cell>{q.name}</Cell> },
                    { key: 'kind', label: m('health.kind', 'Kind'), render: (q) => <Cell muted>{q.kind}</Cell> },
                    { key: 'waiting', label: m('health.waiting', 'Waiting'), render: (q) => <Cell>{q.waiting}</Cell> },
                    { key: 'active', label: m('health.active', 'Active'), render: (q) => <Cell>{q.active}</Cell> },
                    { key: 'delayed', label: m('health.delayed', 'Delayed'), render: (q) => <Cell>{q.delayed}</Cell> },
                    { key: 'failed', label: m('health.failed', 'Failed'), render: (q) => <Cell>{q.failed}</Cell> },
                  ]}
                />
              </Box>
            </Box>
            <Box>
              <Typography variant="delta" tag="h2">
                {m('health.jobs', 'Scheduled jobs')}
              </Typography>
              <Box paddingTop={2}>
                {health.jobs.length === 0 ? (
                  <Typography textColor="neutral600">{m('health.noJobs', 'No job has run on this instance yet')}</Typography>
                ) : (
                  <DataTable
                    label={m('health.jobs', 'Scheduled jobs')}
                    rows={health.jobs}
                    rowKey={(j) => j.name}
                    columns={[
                      { key: 'name', label: m('health.name', 'Name'), render: (j) => <Cell>{j.name}</Cell> },
                      {
                        key: 'status',
                        label: m('health.lastStatus', 'Last run'),
                        render: (j) => <StatusBadge status={j.last_status} />,
                      },
                      {
                        key: 'finished',
                        label: m('health.finished', 'Finished'),
                        render: (j) => <Cell muted>{date(j.last_finished_at)}</Cell>,
                      },
                      {
                        key: 'duration',
                        label: m('health.duration', 'Duration'),
                        render: (j) => <Cell>{ms(j.last_duration_ms)}</Cell>,
                      },
                      {
                        key: 'error',
                        label: m('health.lastError', 'Last error'),
                        render: (j) => <Cell muted>{j.last_error ?? '—'}</Cell>,
                      },
                    ]}
                  />
                )}
              </Box>
            </Box>
            <Box>
              <Typography variant="delta" tag="h2">
                {m('health.routes', 'Busiest routes')}
              </Typography>
              <Box paddingTop={2}>
                {health.http.routes.length === 0 ? (
                  <Typography textColor="neutral600">{m('health.noRoutes', 'No requests measured yet')}</Typography>
                ) : (
                  <DataTable
                    label={m('health.routes', 'Busiest routes')}
                    rows={health.http.routes.slice(0, 20)}
                    rowKey={(r) => `${r.method} ${r.route}`}
                    columns={[
                      { key: 'route', label: m('health.route', 'Route'), render: (r) => <Cell>{`${r.method} ${r.route}`}</Cell> },
                      { key: 'requests', label: m('health.count', 'Requests'), render: (r) => <Cell>{number(r.requests)}</Cell> },
                      {
                        key: 'errors',
                        label: m('health.errorRate', 'Errors'),
                        render: (r) => <Cell>{percent(r.error_rate)}</Cell>,
                      },
                      { key: 'p50', label: 'p50', render: (r) => <Cell>{ms(r.p50_ms)}</Cell> },
                      { key: 'p95', label: 'p95', render: (r) => <Cell>{ms(r.p95_ms)}</Cell> },
                    ]}
                  />
                )}
              </Box>
            </Box>
          </Flex>
        )}
      </Loaded>
    </Frame>
  );
};

export default HealthPage;
