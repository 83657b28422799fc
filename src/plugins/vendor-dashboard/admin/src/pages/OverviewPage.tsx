import { Box, Grid, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useApi, useLoad, type Booking } from '../api';
import { Figure, Frame, Loaded, StatusBadge, useMessages } from '../components/ui';

const BookingRows = ({ rows, label }: { rows: Booking[]; label: string }) => {
  const { date, money } = useMessages();
  return (
    <Table colCount={5} rowCount={rows.length + 1} aria-label={label}>
      <Thead>
        <Tr>
          {['Start', 'Venue', 'Customer', 'Status', 'Total'].map((heading) => (
            <Th key={heading}>
              <Typography variant="sigma">{heading}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.documentId}>
            <Td>
              <Typography>{date(row.start_datetime, row.venue?.timezone)}</Typography>
            </Td>
            <Td>
              <Typography>{row.venue?.name ?? '—'}</Typography>
            </Td>
            <Td>
              <Typography>{row.customer?.name ?? '—'}</Typography>
            </Td>
            <Td>
              <StatusBadge status={row.status} />
            </Td>
            <Td>
              <Typography>{money(row.total_amount, row.currency)}</Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

/** Today's and upcoming bookings, requests waiting, revenue this month, payouts, rating and venues. */
const OverviewPage = () => {
  const api = useApi();
  const { m, money } = useMessages();
  const { state, reload } = useLoad(() => api.overview(), 'overview');
  return (
    <Frame title={m('overview.title', 'Overview')}>
      <Loaded state={state} onRetry={reload}>
        {({ data }) => {
          const revenue = data.revenue_this_month.totals;
          const payouts = data.payouts.payouts_enabled
            ? m('overview.payoutsOn', 'payouts enabled')
            : data.payouts.connected
              ? m('overview.payoutsPending', 'onboarding not finished')
              : m('overview.payoutsNone', 'not connected');
          const next = [...data.today.bookings, ...data.upcoming.bookings];
          return (
            <Box>
              <Box paddingBottom={4}>
                <Typography variant="alpha" tag="h2" data-testid="workspace-vendor">
                  {data.vendor.business_name}
                </Typography>
                {data.read_only && (
                  <Typography textColor="warning600">
                    {m('overview.readOnly', 'Read-only: you are viewing this workspace as staff.')}
                  </Typography>
                )}
              </Box>
              <Grid.Root gap={4}>
                <Grid.Item col={3} s={6} xs={12}>
                  <Figure testId="figure-today" label={m('overview.today', 'Next 24 hours')} value={data.today.total} />
                </Grid.Item>
                <Grid.Item col={3} s={6} xs={12}>
                  <Figure testId="figure-upcoming" label={m('overview.upcoming', 'Later bookings')} value={data.upcoming.total} />
                </Grid.Item>
                <Grid.Item col={3} s={6} xs={12}>
                  <Figure
                    testId="figure-requests"
                    label={m('overview.requests', 'Requests waiting')}
                    value={data.requests_waiting.total}
                  />
                </Grid.Item>
                <Grid.Item col={3} s={6} xs={12}>
                  <Figure testId="figure-venues" label={m('overview.venues', 'Venues')} value={data.venues.total} />
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12}>
                  <Figure
                    testId="figure-revenue"
                    label={m('overview.revenue', 'Revenue this month')}
                    value={
                      revenue.length
                        ? revenue.map((row) => money(row.gross, row.currency)).join(' · ')
                        : m('overview.noRevenue', 'nothing yet')
                    }
                  />
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12}>
                  <Figure testId="figure-payouts" label={m('overview.payouts', 'Payouts')} value={payouts} />
                </Grid.Item>
                <Grid.Item col={4} s={6} xs={12}>
                  <Figure
                    testId="figure-rating"
                    label={m('overview.rating', 'Rating')}
                    value={data.rating.average === null ? m('overview.noRating', 'no reviews yet') : `${data.rating.average} ★`}
                    note={
                      data.rating.count
                        ? m('overview.reviewCount', '{count, plural, one {# review} other {# reviews}}', {
                            count: data.rating.count,
                          })
                        : undefined
                    }
                  />
                </Grid.Item>
              </Grid.Root>
              <Box paddingTop={6}>
                <Typography variant="delta" tag="h3">
                  {m('overview.nextBookings', 'Next bookings')}
                </Typography>
                <Box paddingTop={2}>
                  {next.length ? (
                    <BookingRows rows={next} label={m('overview.nextBookings', 'Next bookings')} />
                  ) : (
                    <Typography textColor="neutral600">{m('overview.noBookings', 'No bookings in the next days.')}</Typography>
                  )}
                </Box>
              </Box>
            </Box>
          );
        }}
      </Loaded>
    </Frame>
  );
};

export default OverviewPage;
