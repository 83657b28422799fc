import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { errorMessage, useApi, type ReportName } from '../../api';
import { addDays, browserZone, today } from '../../components/dates';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { RangePicker, type Range } from '../../components/RangePicker';

/** Reports: revenue, bookings and user-growth series over a range, downloaded as CSV through the authenticated client. */
const ReportsPage = () => {
  const api = useApi();
  const { m } = useMessages();
  const { toggleNotification } = useNotification();
  const [range, setRange] = React.useState<Range>(() => ({ from: addDays(today(), -29), to: today(), interval: 'day' }));
  const [busy, setBusy] = React.useState<ReportName | null>(null);

  const REPORTS: Array<{ name: ReportName; title: string; description: string }> = [
    {
      name: 'revenue',
      title: m('reports.revenue', 'Revenue'),
      description: m('reports.revenueText', 'Gross, platform fees, refunds, net and vendor payouts per period (minor units).'),
    },
    {
      name: 'bookings',
      title: m('reports.bookings', 'Bookings'),
      description: m('reports.bookingsText', 'Bookings created, confirmed and cancelled per period.'),
    },
    {
      name: 'user-growth',
      title: m('reports.users', 'User growth'),
      description: m('reports.usersText', 'Sign-ups, new vendors and active customers per period.'),
    },
  ];

  const download = async (name: ReportName) => {
    setBusy(name);
    try {
      await api.exportReport(name, { ...range, timezone: browserZone() });
      toggleNotification({ type: 'success', message: m('reports.done', 'The CSV file was downloaded') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Frame title={m('reports.title', 'Reports')} subtitle={m('reports.subtitle', 'CSV exports of the analytics series')}>
      <Box paddingBottom={6}>
        <RangePicker value={range} onChange={setRange} />
      </Box>
      <Flex direction="column" alignItems="stretch" gap={4}>
        {REPORTS.map((report) => (
          <Box key={report.name} background="neutral0" hasRadius shadow="tableShadow" padding={4}>
            <Flex justifyContent="space-between" gap={4}>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography variant="delta" tag="h2">
                  {report.title}
                </Typography>
                <Typography textColor="neutral600">{report.description}</Typography>
              </Flex>
              <Button
                startIcon={<Download />}
                variant="secondary"
                loading={busy === report.name}
                onClick={() => download(report.name)}
                name={`export-${report.name}`}
              >
                {m('reports.download', 'Download CSV')}
              </Button>
            </Flex>
          </Box>
        ))}
      </Flex>
    </Frame>
  );
};

export default ReportsPage;
