import * as React from 'react';
import { Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage, useApi, useLoad } from '../api';
import { Frame, Loaded, StatusBadge, useMessages } from '../components/ui';

/** Request-to-book bookings waiting for the vendor, with approve and decline. */
const BookingsPage = () => {
  const api = useApi();
  const { m, date, money } = useMessages();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState<string | null>(null);
  const { state, reload } = useLoad(() => api.requests(1), 'requests');

  const act = async (id: string, verb: 'approve' | 'decline') => {
    setBusy(id);
    try {
      if (verb === 'approve') await api.approve(id);
      else await api.decline(id);
      toggleNotification({
        type: 'success',
        message: verb === 'approve' ? m('bookings.approved', 'Request approved') : m('bookings.declined', 'Request declined'),
      });
      reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Frame
      title={m('bookings.title', 'Booking requests')}
      subtitle={m('bookings.subtitle', 'Request-to-book bookings waiting for your answer')}
    >
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('bookings.empty', 'No requests are waiting.')}
      >
        {(list) => (
          <Table colCount={6} rowCount={list.data.length + 1} aria-label={m('bookings.title', 'Booking requests')}>
            <Thead>
              <Tr>
                {['Start', 'Venue', 'Customer', 'Guests', 'Total', 'Status', ''].map((heading) => (
                  <Th key={heading || 'actions'}>
                    <Typography variant="sigma">{heading}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {list.data.map((row) => (
                <Tr key={row.documentId} data-testid={`request-${row.documentId}`}>
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
                    <Typography>{row.guests}</Typography>
                  </Td>
                  <Td>
                    <Typography>{money(row.total_amount, row.currency)}</Typography>
                  </Td>
                  <Td>
                    <StatusBadge status={row.status} />
                  </Td>
                  <Td>
                    <Flex gap={2}>
                      <Button size="S" disabled={busy !== null} onClick={() => void act(row.documentId, 'approve')}>
                        {m('bookings.approve', 'Approve')}
                      </Button>
                      <Button
                        size="S"
                        variant="danger-light"
                        disabled={busy !== null}
                        onClick={() => void act(row.documentId, 'decline')}
                      >
                        {m('bookings.decline', 'Decline')}
                      </Button>
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Loaded>
    </Frame>
  );
};

export default BookingsPage;
