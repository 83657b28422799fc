import { Flex, Grid, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useApi, useLoad } from '../api';
import { addDays, browserZone, today } from './dates';
import { useMessages } from './i18n';

/** Homepage widget: the dashboard's headline figures of the last 30 days with their change. */
const DashboardWidget = () => {
  const api = useApi();
  const { m, money, number, percent } = useMessages();
  const { state } = useLoad(async () => {
    const query = { from: addDays(today(), -29), to: today(), timezone: browserZone() };
    const [revenue, bookings, users] = await Promise.all([api.revenue(query), api.bookings(query), api.userGrowth(query)]);
    return { revenue, bookings, users };
  }, 'widget');
  if (state.status === 'error') return <Widget.Error>{state.error}</Widget.Error>;
  if (!state.data) return <Widget.Loading />;
  const { revenue, bookings, users } = state.data;
  const figures = [
    {
      label: m('dashboard.gross', 'Gross'),
      value: money(revenue.data.totals.gross, revenue.meta.currency),
      change: revenue.data.change.gross,
    },
    {
      label: m('dashboard.net', 'Net'),
      value: money(revenue.data.totals.net, revenue.meta.currency),
      change: revenue.data.change.net,
    },
    {
      label: m('dashboard.created', 'Created'),
      value: number(bookings.data.totals.created),
      change: bookings.data.change.created,
    },
    { label: m('dashboard.signups', 'New users'), value: number(users.data.totals.signups), change: users.data.change.signups },
  ];
  return (
    <Grid.Root gap={4}>
      {figures.map((figure) => (
        <Grid.Item key={figure.label} col={6} direction="column" alignItems="flex-start">
          <Flex direction="column" alignItems="flex-start">
            <Typography variant="sigma" textColor="neutral600">
              {figure.label}
            </Typography>
            <Typography variant="delta">{figure.value}</Typography>
            <Typography variant="pi" textColor={figure.change === null || figure.change >= 0 ? 'success600' : 'danger600'}>
              {figure.change === null ? '—' : `${figure.change >= 0 ? '▲' : '▼'} ${percent(Math.abs(figure.change) / 100)}`}
            </Typography>
          </Flex>
        </Grid.Item>
      ))}
    </Grid.Root>
  );
};

export default DashboardWidget;
