import { Box, Button, Flex, Grid, Typography } from '@strapi/design-system';
import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi, useLoad, type BookingsReport, type RevenueReport, type UserGrowthReport } from '../../api';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Kpi, type Comparison } from '../../components/Kpi';
import { RangePicker, type Range } from '../../components/RangePicker';
import { Loaded } from '../../components/states';
import { addDays, browserZone, today } from '../../components/dates';
import { useHolds } from '../../components/useHolds';

const BASE = '/plugins/control-center';

interface Counts {
  users?: number;
  blocked?: number;
  venues?: number;
  pendingVenues?: number;
  pendingVendors?: number;
}

interface DashboardData {
  revenue: RevenueReport;
  bookings: BookingsReport;
  users: UserGrowthReport;
  counts: Counts;
}

interface Compared<F extends string> {
  totals: Record<F, number>;
  previous: { totals: Record<F, number> };
  change: Record<string, number | null>;
}

/**
 * The comparison of one figure of a report; the previous period "has data" when any of the report's previous
 * figures is not 0 (then a 0 there is a real previous value, not a missing one).
 */
const compare = <F extends string>(report: Compared<F>, key: F, format: (value: number) => string): Comparison => ({
  now: report.totals[key],
  before: report.previous.totals[key],
  change: report.change[key] ?? null,
  previous: format(report.previous.totals[key]),
  periodHasData: Object.values(report.previous.totals).some((value) => typeof value === 'number' && value !== 0),
});

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box paddingBottom={6}>
    <Box paddingBottom={3}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
    </Box>
    {children}
  </Box>
);

const ChartBox = ({ title, children }: { title: string; children: React.ReactElement }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
    <Typography variant="sigma" textColor="neutral600">
      {title}
    </Typography>
    <Box height="260px" paddingTop={2}>
      <ResponsiveContainer width="100%" height="100%">
        {children}
      </ResponsiveContainer>
    </Box>
  </Box>
);

/**
 * Dashboard: revenue, bookings and user figures over a date range in the staff member's timezone, each with its
 * change against the previous period of the same length, and charts of the series. Counts of the lists the staff
 * member may open (users, venues, vendors) link to those lists.
 */
const DashboardPage = () => {
  const api = useApi();
  const holds = useHolds();
  const { m, money, number, day } = useMessages();
  const [range, setRange] = React.useState<Range>(() => ({ from: addDays(today(), -29), to: today(), interval: 'day' }));
  const timezone = browserZone();

  const { state, reload } = useLoad<DashboardData>(async () => {
    const query = { ...range, timezone };
    // The list counts are extras of the areas the staff member holds: one that fails leaves its figure out
    // instead of failing the dashboard.
    const total = async (load: () => Promise<{ meta: { pagination: { total: number } } }>) => {
      try {
        return (await load()).meta.pagination.total;
      } catch {
        return undefined;
      }
    };
    const [revenue, bookings, users, counts] = await Promise.all([
      api.revenue(query),
      api.bookings(query),
      api.userGrowth(query),
      (async (): Promise<Counts> => {
        const [usersTotal, blocked, venues, pendingVenues, pendingVendors] = await Promise.all([
          holds('users') ? total(() => api.users({ pageSize: 1 })) : undefined,
          holds('users') ? total(() => api.users({ pageSize: 1, status: 'blocked' })) : undefined,
          holds('venues') ? total(() => api.venues({ pageSize: 1 })) : undefined,
          holds('venues') ? total(() => api.venues({ pageSize: 1, status: 'pending_approval' })) : undefined,
          holds('vendors') ? total(() => api.vendors({ pageSize: 1, status: 'pending' })) : undefined,
        ]);
        return { users: usersTotal, blocked, venues, pendingVenues, pendingVendors };
      })(),
    ]);
    return { revenue, bookings, users, counts };
  }, JSON.stringify(range));

  return (
    <Frame
      title={m('dashboard.title', 'Dashboard')}
      subtitle={m('dashboard.subtitle', 'Figures in your timezone ({zone}), compared with the previous period', {
        zone: timezone,
      })}
      actions={
        <Button variant="secondary" onClick={reload}>
          {m('dashboard.refresh', 'Refresh')}
        </Button>
      }
    >
      <Box paddingBottom={6}>
        <RangePicker value={range} onChange={setRange} />
      </Box>
      <Loaded state={state} onRetry={reload}>
        {({ revenue, bookings, users, counts }) => {
          const currency = revenue.meta.currency;
          const rev = revenue.data;
          const book = bookings.data;
          const grow = users.data;
          const series = rev.series.map((item, index) => ({
            period: day(item.period_start),
            gross: item.gross / 100,
            net: item.net / 100,
            refunds: item.refunds / 100,
            created: book.series[index]?.created ?? 0,
            confirmed: book.series[index]?.confirmed ?? 0,
            cancelled: book.series[index]?.cancelled ?? 0,
            signups: grow.series[index]?.signups ?? 0,
            active: grow.series[index]?.active_users ?? 0,
          }));
          return (
            <>
              <Typography variant="pi" textColor="neutral600">
                {m('dashboard.period', '{from} to {to}; previous period {pfrom} to {pto}', {
                  from: revenue.meta.from,
                  to: revenue.meta.to,
                  pfrom: rev.previous.from,
                  pto: rev.previous.to,
                })}
              </Typography>
              <Box paddingTop={4} />
              <Section title={m('dashboard.revenue', 'Revenue ({currency})', { currency })}>
                <Grid.Root gap={4}>
                  {(['gross', 'fees', 'refunds', 'net'] as const).map((key) => (
                    <Grid.Item key={key} col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <Kpi
                        testId={`kpi-revenue-${key}`}
                        label={
                          {
                            gross: m('dashboard.gross', 'Gross'),
                            fees: m('dashboard.fees', 'Platform fees'),
                            refunds: m('dashboard.refunds', 'Refunds'),
                            net: m('dashboard.net', 'Net'),
                          }[key]
                        }
                        value={money(rev.totals[key], currency)}
                        comparison={compare(rev, key, (v) => money(v, currency))}
                        to={holds('reports') ? `${BASE}/reports` : undefined}
                      />
                    </Grid.Item>
                  ))}
                </Grid.Root>
              </Section>
              <Section title={m('dashboard.bookings', 'Bookings')}>
                <Grid.Root gap={4}>
                  {(['created', 'confirmed', 'cancelled'] as const).map((key) => (
                    <Grid.Item key={key} col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <Kpi
                        testId={`kpi-bookings-${key}`}
                        label={
                          {
                            created: m('dashboard.created', 'Created'),
                            confirmed: m('dashboard.confirmed', 'Confirmed or completed'),
                            cancelled: m('dashboard.cancelled', 'Cancelled'),
                          }[key]
                        }
                        value={number(book.totals[key])}
                        comparison={compare(book, key, number)}
                        to="/content-manager/collection-types/api::booking.booking"
                      />
                    </Grid.Item>
                  ))}
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} height="100%">
                      <Typography variant="sigma" textColor="neutral600">
                        {m('dashboard.byStatus', 'By status')}
                      </Typography>
                      <Flex direction="column" alignItems="flex-start" paddingTop={1}>
                        {Object.entries(book.totals.by_status)
                          .filter(([, count]) => count > 0)
                          .map(([status, count]) => (
                            <Typography key={status} variant="pi">
                              {status.replace(/_/g, ' ')}: {number(count)}
                            </Typography>
                          ))}
                      </Flex>
                    </Box>
                  </Grid.Item>
                </Grid.Root>
              </Section>
              <Section title={m('dashboard.users', 'Users and venues')}>
                <Grid.Root gap={4}>
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <Kpi
                      testId="kpi-users-new"
                      label={m('dashboard.signups', 'New users')}
                      value={number(grow.totals.signups)}
                      comparison={compare(grow, 'signups', number)}
                      to={holds('users') ? `${BASE}/users` : undefined}
                    />
                  </Grid.Item>
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <Kpi
                      testId="kpi-users-active"
                      label={m('dashboard.active', 'Active customers')}
                      value={number(grow.totals.active_users)}
                      comparison={compare(grow, 'active_users', number)}
                      to={holds('users') ? `${BASE}/users?status=active` : undefined}
                    />
                  </Grid.Item>
                  {counts.users !== undefined && (
                    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <Kpi
                        testId="kpi-users-total"
                        label={m('dashboard.totalUsers', 'Users in total')}
                        value={number(counts.users)}
                        to={`${BASE}/users`}
                      />
                    </Grid.Item>
                  )}
                  {counts.blocked !== undefined && (
                    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <Kpi
                        label={m('dashboard.blocked', 'Blocked users')}
                        value={number(counts.blocked)}
                        to={`${BASE}/users?status=blocked`}
                      />
                    </Grid.Item>
                  )}
                  {counts.venues !== undefined && (
                    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <Kpi
                        testId="kpi-venues-total"
                        label={m('dashboard.venues', 'Venues in total')}
                        value={number(counts.venues)}
                        to={`${BASE}/venues?status=all`}
                      />
                    </Grid.Item>
                  )}
                  {counts.pendingVenues !== undefined && (
                    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <Kpi
                        testId="kpi-venues-pending"
                        label={m('dashboard.pendingVenues', 'Venues awaiting approval')}
                        value={number(counts.pendingVenues)}
                        to={`${BASE}/venues?status=pending_approval`}
                      />
                    </Grid.Item>
                  )}
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <Kpi
                      testId="kpi-vendors-new"
                      label={m('dashboard.newVendors', 'New vendors')}
                      value={number(grow.totals.new_vendors)}
                      comparison={compare(grow, 'new_vendors', number)}
                      to={holds('vendors') ? `${BASE}/vendors?status=all` : undefined}
                    />
                  </Grid.Item>
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <Kpi
                      testId="kpi-vendors-pending"
                      label={m('dashboard.pendingVendors', 'Vendor applications waiting')}
                      value={number(counts.pendingVendors ?? grow.totals.vendors_by_status.pending ?? 0)}
                      to={holds('vendors') ? `${BASE}/vendors?status=pending` : undefined}
                    />
                  </Grid.Item>
                </Grid.Root>
              </Section>
              <Grid.Root gap={4}>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <ChartBox title={m('dashboard.chartRevenue', 'Revenue per period ({currency})', { currency })}>
                    <LineChart data={series}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="period" fontSize={11} />
                      <YAxis fontSize={11} />
                      <Tooltip />
                      <Legend />
                      <Line type="monotone" dataKey="gross" name={m('dashboard.gross', 'Gross')} stroke="#4945ff" dot={false} />
                      <Line type="monotone" dataKey="net" name={m('dashboard.net', 'Net')} stroke="#328048" dot={false} />
                      <Line
                        type="monotone"
                        dataKey="refunds"
                        name={m('dashboard.refunds', 'Refunds')}
                        stroke="#d02b20"
                        dot={false}
                      />
                    </LineChart>
                  </ChartBox>
                </Grid.Item>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <ChartBox title={m('dashboard.chartBookings', 'Bookings per period')}>
                    <BarChart data={series}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="period" fontSize={11} />
                      <YAxis allowDecimals={false} fontSize={11} />
                      <Tooltip />
                      <Legend />
                      <Bar dataKey="created" name={m('dashboard.created', 'Created')} fill="#4945ff" />
                      <Bar dataKey="confirmed" name={m('dashboard.confirmed', 'Confirmed or completed')} fill="#328048" />
                      <Bar dataKey="cancelled" name={m('dashboard.cancelled', 'Cancelled')} fill="#d02b20" />
                    </BarChart>
                  </ChartBox>
                </Grid.Item>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <ChartBox title={m('dashboard.chartUsers', 'New and active users per period')}>
                    <LineChart data={series}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="period" fontSize={11} />
                      <YAxis allowDecimals={false} fontSize={11} />
                      <Tooltip />
                      <Legend />
                      <Line
                        type="monotone"
                        dataKey="signups"
                        name={m('dashboard.signups', 'New users')}
                        stroke="#4945ff"
                        dot={false}
                      />
                      <Line
                        type="monotone"
                        dataKey="active"
                        name={m('dashboard.active', 'Active customers')}
                        stroke="#ee5e52"
                        dot={false}
                      />
                    </LineChart>
                  </ChartBox>
                </Grid.Item>
                <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} width="100%">
                    <Typography variant="sigma" textColor="neutral600">
                      {m('dashboard.cities', 'Bookings by city')}
                    </Typography>
                    <Flex direction="column" alignItems="stretch" paddingTop={2} gap={1}>
                      {book.totals.by_city.length === 0 && (
                        <Typography textColor="neutral600">{m('dashboard.noBookings', 'No bookings in this period')}</Typography>
                      )}
                      {book.totals.by_city.slice(0, 8).map((row) => (
                        <Flex key={row.city ?? '-'} justifyContent="space-between">
                          <Typography>{row.city ?? m('dashboard.unknownCity', 'Unknown city')}</Typography>
                          <Typography fontWeight="bold">{number(row.count)}</Typography>
                        </Flex>
                      ))}
                    </Flex>
                    <Box paddingTop={4}>
                      <RouterLink to={`${BASE}/health`}>{m('dashboard.health', 'System health')}</RouterLink>
                    </Box>
                  </Box>
                </Grid.Item>
              </Grid.Root>
            </>
          );
        }}
      </Loaded>
    </Frame>
  );
};

export default DashboardPage;
