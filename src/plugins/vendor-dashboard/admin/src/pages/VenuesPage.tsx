import { Box, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { useApi, useLoad } from '../api';
import { EmptyState, Frame, Loaded, StatusBadge, useMessages } from '../components/ui';

/** The vendor's venues. */
export const VenuesPage = () => {
  const api = useApi();
  const { m, money } = useMessages();
  const { state, reload } = useLoad(() => api.venues(1), 'venues');
  return (
    <Frame title={m('venues.title', 'Venues')}>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('venues.empty', 'You have no venues yet.')}
      >
        {(list) => (
          <Table colCount={5} rowCount={list.data.length + 1} aria-label={m('venues.title', 'Venues')}>
            <Thead>
              <Tr>
                {['Name', 'City', 'Status', 'Capacity', 'Price per hour'].map((heading) => (
                  <Th key={heading}>
                    <Typography variant="sigma">{heading}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {list.data.map((venue) => (
                <Tr key={venue.documentId}>
                  <Td>
                    <Link tag={RouterLink} to={venue.documentId}>
                      {venue.name}
                    </Link>
                  </Td>
                  <Td>
                    <Typography>{venue.location?.city ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <StatusBadge status={venue.status} />
                  </Td>
                  <Td>
                    <Typography>{venue.capacity ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {venue.price_per_hour !== null && venue.currency ? money(venue.price_per_hour, venue.currency) : '—'}
                    </Typography>
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

/** One venue; someone else's (or an unknown id) is the not-found page — the server answered 404. */
export const VenuePage = () => {
  const { id = '' } = useParams();
  const api = useApi();
  const { m, money } = useMessages();
  const { state, reload } = useLoad(() => api.venue(id), `venue-${id}`);
  const back = (
    <Link tag={RouterLink} to="..">
      {m('venue.back', 'Back to venues')}
    </Link>
  );
  if (state.status === 'error' && state.code === 404) {
    return (
      <Frame title={m('venues.title', 'Venues')}>
        <EmptyState testId="venue-not-found" message={m('venue.notFound', 'This venue does not exist or is not yours.')} />
        <Box paddingTop={4}>{back}</Box>
      </Frame>
    );
  }
  return (
    <Frame title={state.data?.data.name ?? m('venues.title', 'Venues')}>
      <Loaded state={state} onRetry={reload}>
        {({ data: venue }) => (
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} data-testid="venue-detail">
            <Flex direction="column" alignItems="flex-start" gap={2}>
              <StatusBadge status={venue.status} />
              {venue.rejection_reason && <Typography textColor="danger600">{venue.rejection_reason}</Typography>}
              <Typography>
                {[venue.location?.address, venue.location?.city, venue.location?.country].filter(Boolean).join(', ')}
              </Typography>
              <Typography>
                {venue.capacity ?? '—'} guests · {venue.booking_mode} ·{' '}
                {venue.price_per_hour !== null && venue.currency ? money(venue.price_per_hour, venue.currency) : '—'} / h ·{' '}
                {venue.timezone}
              </Typography>
              {back}
            </Flex>
          </Box>
        )}
      </Loaded>
    </Frame>
  );
};
