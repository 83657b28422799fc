import { Box, Button, Flex, Grid, Link, Typography } from '@strapi/design-system';
import * as React from 'react';
import { Link as RouterLink, Route, Routes, useParams } from 'react-router-dom';
import { useApi, useLoad, type Account, type AccountDetail } from '../../api';
import { ActionDialog, type ActionRequest } from '../../components/ActionDialog';
import { Cell, DataTable } from '../../components/DataTable';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Pager } from '../../components/Pager';
import { SearchBox } from '../../components/SearchBox';
import { FilterSelect } from '../../components/Select';
import { Loaded } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { useFilters } from '../../components/useFilters';

const BASE = '/plugins/control-center/users';

/** Block / unblock with a reason: the confirmation request for one account. */
const useBlockRequest = () => {
  const api = useApi();
  const { m } = useMessages();
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const ask = (user: Account) => {
    const block = !user.blocked;
    setRequest({
      title: block
        ? m('users.blockTitle', 'Block {name}?', { name: user.username })
        : m('users.unblockTitle', 'Unblock {name}?', { name: user.username }),
      description: block
        ? m('users.blockText', 'The account can no longer sign in; the user is told why.')
        : m('users.unblockText', 'The account can sign in again.'),
      confirmLabel: block ? m('users.block', 'Block') : m('users.unblock', 'Unblock'),
      reason: block ? 'required' : 'optional',
      danger: block,
      success: block
        ? m('users.blocked', '{name} is blocked', { name: user.username })
        : m('users.unblocked', '{name} is unblocked', { name: user.username }),
      run: (reason) => api.userAction(user.documentId, block ? 'block' : 'unblock', reason || undefined),
    });
  };
  return { request, setRequest, ask };
};

const List = () => {
  const api = useApi();
  const { m, date } = useMessages();
  const { filters, setFilter, page, setPage, key } = useFilters({ status: '', role: '', q: '' });
  const { state, reload } = useLoad(() => api.users({ ...filters, page, pageSize: 20 }), key);
  const { request, setRequest, ask } = useBlockRequest();

  return (
    <Frame title={m('users.title', 'Users')} subtitle={m('users.subtitle', 'Customer and vendor accounts')}>
      <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
        <FilterSelect
          name="status"
          label={m('filter.status', 'Status')}
          value={filters.status}
          allLabel={m('filter.all', 'All')}
          options={[
            { value: 'active', label: m('users.active', 'Active') },
            { value: 'blocked', label: m('users.blockedStatus', 'Blocked') },
          ]}
          onChange={(value) => setFilter('status', value)}
        />
        <FilterSelect
          name="role"
          label={m('users.role', 'Role')}
          value={filters.role}
          allLabel={m('filter.all', 'All')}
          options={[
            { value: 'customer', label: m('users.customer', 'Customer') },
            { value: 'vendor', label: m('users.vendor', 'Vendor') },
          ]}
          onChange={(value) => setFilter('role', value)}
        />
        <SearchBox label={m('users.search', 'Username or e-mail')} value={filters.q} onSearch={(q) => setFilter('q', q)} />
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('users.empty', 'No accounts match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('users.title', 'Users')}
              rows={list.data}
              rowKey={(u) => u.documentId}
              columns={[
                {
                  key: 'username',
                  label: m('users.username', 'Username'),
                  render: (u) => (
                    <Link tag={RouterLink} to={`${BASE}/${u.documentId}`}>
                      {u.username}
                    </Link>
                  ),
                },
                { key: 'email', label: m('users.email', 'E-mail'), render: (u) => <Cell muted>{u.email}</Cell> },
                { key: 'role', label: m('users.role', 'Role'), render: (u) => <Cell muted>{u.role ?? '—'}</Cell> },
                {
                  key: 'status',
                  label: m('filter.status', 'Status'),
                  render: (u) => <StatusBadge status={u.blocked ? 'blocked' : 'active'} />,
                },
                { key: 'created', label: m('users.created', 'Joined'), render: (u) => <Cell muted>{date(u.created_at)}</Cell> },
                {
                  key: 'actions',
                  label: m('table.actions', 'Actions'),
                  hidden: true,
                  render: (u) => (
                    <Flex justifyContent="flex-end">
                      <Button size="S" variant={u.blocked ? 'success-light' : 'danger-light'} onClick={() => ask(u)}>
                        {u.blocked ? m('users.unblock', 'Unblock') : m('users.block', 'Block')}
                      </Button>
                    </Flex>
                  ),
                },
              ]}
            />
            <Pager pagination={list.meta.pagination} onPage={setPage} />
          </>
        )}
      </Loaded>
      <ActionDialog request={request} onClose={() => setRequest(null)} onDone={reload} />
    </Frame>
  );
};

const Section = ({ title, total, children }: { title: string; total: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex justifyContent="space-between">
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        <Typography textColor="neutral600">{total}</Typography>
      </Flex>
      {children}
    </Flex>
  </Box>
);

/** One account: its latest bookings, payments and tickets (10 each, with totals), block / unblock. */
const UserView = () => {
  const { id = '' } = useParams();
  const api = useApi();
  const { m, date, money, number } = useMessages();
  const { state, reload } = useLoad<AccountDetail>(async () => (await api.user(id)).data, id);
  const { request, setRequest, ask } = useBlockRequest();
  const totalOf = (shown: number, total: number) =>
    m('users.shownOfTotal', 'Latest {shown} of {total}', { shown: number(shown), total: number(total) });
  return (
    <Loaded state={state} onRetry={reload}>
      {(user) => (
        <Frame
          title={user.username}
          subtitle={m('users.detailSubtitle', '{email} · {role} · joined {at}', {
            email: user.email,
            role: user.role ?? '—',
            at: date(user.created_at),
          })}
          actions={
            <Flex gap={3}>
              <StatusBadge status={user.blocked ? 'blocked' : 'active'} />
              <Button variant={user.blocked ? 'success-light' : 'danger-light'} onClick={() => ask(user)}>
                {user.blocked ? m('users.unblock', 'Unblock') : m('users.block', 'Block')}
              </Button>
              <Link tag={RouterLink} to={BASE}>
                {m('users.back', 'Back to users')}
              </Link>
            </Flex>
          }
        >
          <Grid.Root gap={6}>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Section title={m('users.bookings', 'Bookings')} total={totalOf(user.bookings.recent.length, user.bookings.total)}>
                {user.bookings.recent.length === 0 ? (
                  <Typography textColor="neutral600">{m('users.noBookings', 'No bookings')}</Typography>
                ) : (
                  <DataTable
                    label={m('users.bookings', 'Bookings')}
                    rows={user.bookings.recent}
                    rowKey={(b) => b.documentId}
                    columns={[
                      { key: 'reference', label: m('users.reference', 'Reference'), render: (b) => <Cell>{b.reference}</Cell> },
                      {
                        key: 'venue',
                        label: m('users.venue', 'Venue'),
                        render: (b) => <Cell muted>{b.venue?.name ?? '—'}</Cell>,
                      },
                      { key: 'start', label: m('users.start', 'Starts'), render: (b) => <Cell muted>{date(b.start)}</Cell> },
                      { key: 'status', label: m('filter.status', 'Status'), render: (b) => <StatusBadge status={b.status} /> },
                      {
                        key: 'total',
                        label: m('users.amount', 'Amount'),
                        render: (b) => <Cell>{b.currency ? money(b.total_amount, b.currency) : '—'}</Cell>,
                      },
                    ]}
                  />
                )}
              </Section>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section title={m('users.payments', 'Payments')} total={totalOf(user.payments.recent.length, user.payments.total)}>
                {user.payments.captured.length > 0 && (
                  <Typography>
                    {m('users.captured', 'Captured in total: {amounts}', {
                      amounts: user.payments.captured.map((sum) => money(sum.amount, sum.currency)).join(', '),
                    })}
                  </Typography>
                )}
                {user.payments.recent.length === 0 ? (
                  <Typography textColor="neutral600">{m('users.noPayments', 'No payments')}</Typography>
                ) : (
                  <DataTable
                    label={m('users.payments', 'Payments')}
                    rows={user.payments.recent}
                    rowKey={(p) => p.documentId}
                    columns={[
                      {
                        key: 'created',
                        label: m('users.paidAt', 'Date'),
                        render: (p) => <Cell muted>{date(p.created_at)}</Cell>,
                      },
                      {
                        key: 'booking',
                        label: m('users.reference', 'Reference'),
                        render: (p) => <Cell muted>{p.booking?.reference ?? '—'}</Cell>,
                      },
                      { key: 'status', label: m('filter.status', 'Status'), render: (p) => <StatusBadge status={p.status} /> },
                      {
                        key: 'amount',
                        label: m('users.amount', 'Amount'),
                        render: (p) => <Cell>{p.currency ? money(p.amount, p.currency) : '—'}</Cell>,
                      },
                    ]}
                  />
                )}
              </Section>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section
                title={m('users.tickets', 'Support tickets')}
                total={totalOf(user.tickets.recent.length, user.tickets.total)}
              >
                {user.tickets.recent.length === 0 ? (
                  <Typography textColor="neutral600">{m('users.noTickets', 'No support tickets')}</Typography>
                ) : (
                  <DataTable
                    label={m('users.tickets', 'Support tickets')}
                    rows={user.tickets.recent}
                    rowKey={(t) => t.documentId}
                    columns={[
                      { key: 'subject', label: m('tickets.subject', 'Subject'), render: (t) => <Cell>{t.subject}</Cell> },
                      { key: 'status', label: m('filter.status', 'Status'), render: (t) => <StatusBadge status={t.status} /> },
                      {
                        key: 'activity',
                        label: m('tickets.activity', 'Last activity'),
                        render: (t) => <Cell muted>{date(t.last_activity_at ?? t.created_at)}</Cell>,
                      },
                    ]}
                  />
                )}
              </Section>
            </Grid.Item>
          </Grid.Root>
          <ActionDialog request={request} onClose={() => setRequest(null)} onDone={reload} />
        </Frame>
      )}
    </Loaded>
  );
};

/** Users: customer and vendor accounts, search and filters, a detail view, block / unblock with a reason. */
const UsersPage = () => (
  <Routes>
    <Route index element={<List />} />
    <Route path=":id" element={<UserView />} />
  </Routes>
);

export default UsersPage;
