import { Box, Button, Field, Flex, Grid, Link, Textarea, Typography } from '@strapi/design-system';
import { useAuth, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { Link as RouterLink, Route, Routes, useParams } from 'react-router-dom';
import {
  errorMessage,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  useApi,
  useLoad,
  type TicketDetail,
  type TicketPriority,
  type TicketStatus,
} from '../../api';
import { Cell, DataTable } from '../../components/DataTable';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Pager } from '../../components/Pager';
import { SearchBox } from '../../components/SearchBox';
import { FilterSelect } from '../../components/Select';
import { Loaded } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { useFilters } from '../../components/useFilters';

const BASE = '/plugins/control-center/tickets';

const Queue = () => {
  const api = useApi();
  const { m, date } = useMessages();
  const { filters, setFilter, page, setPage, key } = useFilters({ status: '', priority: '', assignee: '', q: '' });
  const { state, reload } = useLoad(() => api.tickets({ ...filters, page, pageSize: 20 }), key);
  return (
    <Frame
      title={m('tickets.title', 'Support')}
      subtitle={m('tickets.subtitle', 'The ticket queue: priority first, then oldest activity')}
    >
      <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
        <FilterSelect
          name="status"
          label={m('filter.status', 'Status')}
          value={filters.status}
          allLabel={m('filter.all', 'All')}
          options={TICKET_STATUSES.map((s) => ({ value: s, label: s.replace('_', ' ') }))}
          onChange={(value) => setFilter('status', value)}
        />
        <FilterSelect
          name="priority"
          label={m('tickets.priority', 'Priority')}
          value={filters.priority}
          allLabel={m('filter.all', 'All')}
          options={TICKET_PRIORITIES.map((s) => ({ value: s, label: s }))}
          onChange={(value) => setFilter('priority', value)}
        />
        <FilterSelect
          name="assignee"
          label={m('tickets.assignee', 'Assignee')}
          value={filters.assignee}
          allLabel={m('filter.all', 'All')}
          options={[
            { value: 'me', label: m('tickets.me', 'Me') },
            { value: 'none', label: m('tickets.nobody', 'Nobody') },
          ]}
          onChange={(value) => setFilter('assignee', value)}
        />
        <SearchBox label={m('tickets.search', 'Subject')} value={filters.q} onSearch={(q) => setFilter('q', q)} />
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('tickets.empty', 'No tickets match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('tickets.title', 'Support')}
              rows={list.data}
              rowKey={(t) => t.documentId}
              columns={[
                {
                  key: 'subject',
                  label: m('tickets.subject', 'Subject'),
                  render: (t) => (
                    <Link tag={RouterLink} to={`${BASE}/${t.documentId}`}>
                      {t.subject}
                    </Link>
                  ),
                },
                { key: 'user', label: m('tickets.user', 'From'), render: (t) => <Cell muted>{t.user?.email ?? '—'}</Cell> },
                { key: 'type', label: m('tickets.type', 'Type'), render: (t) => <Cell muted>{t.type}</Cell> },
                { key: 'priority', label: m('tickets.priority', 'Priority'), render: (t) => <StatusBadge status={t.priority} /> },
                { key: 'status', label: m('filter.status', 'Status'), render: (t) => <StatusBadge status={t.status} /> },
                {
                  key: 'assignee',
                  label: m('tickets.assignee', 'Assignee'),
                  render: (t) => <Cell muted>{t.assignee?.email ?? '—'}</Cell>,
                },
                {
                  key: 'activity',
                  label: m('tickets.activity', 'Last activity'),
                  render: (t) => <Cell muted>{date(t.last_activity_at ?? t.created_at)}</Cell>,
                },
              ]}
            />
            <Pager pagination={list.meta.pagination} onPage={setPage} />
          </>
        )}
      </Loaded>
    </Frame>
  );
};

const TicketView = () => {
  const { id = '' } = useParams();
  const api = useApi();
  const { m, date } = useMessages();
  const { toggleNotification } = useNotification();
  const me = useAuth('ControlCenterTicket', (state) => state.user);
  const { state, reload } = useLoad<TicketDetail>(async () => (await api.ticket(id)).data, id);
  const [reply, setReply] = React.useState('');
  const [status, setStatus] = React.useState<TicketStatus | ''>('');
  const [priority, setPriority] = React.useState<TicketPriority | ''>('');
  const [busy, setBusy] = React.useState<string | null>(null);
  const [replyError, setReplyError] = React.useState<string>();

  const run = async (name: string, action: () => Promise<unknown>, success: string) => {
    setBusy(name);
    try {
      await action();
      toggleNotification({ type: 'success', message: success });
      reload();
      return true;
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
      return false;
    } finally {
      setBusy(null);
    }
  };

  const sendReply = async () => {
    if (!reply.trim()) {
      setReplyError(m('tickets.replyRequired', 'Write a reply first'));
      return;
    }
    setReplyError(undefined);
    if (await run('reply', () => api.replyTicket(id, reply.trim()), m('tickets.replied', 'Reply sent to the user'))) setReply('');
  };

  return (
    <Loaded state={state} onRetry={reload}>
      {(ticket) => (
        <Frame
          title={ticket.subject}
          subtitle={m('tickets.opened', '{type} ticket from {user}, opened {at}', {
            type: ticket.type,
            user: ticket.user?.email ?? '—',
            at: date(ticket.created_at),
          })}
          actions={
            <Link tag={RouterLink} to={BASE}>
              {m('tickets.back', 'Back to the queue')}
            </Link>
          }
        >
          <Grid.Root gap={6}>
            <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                <Flex direction="column" alignItems="stretch" gap={4}>
                  <Typography variant="delta" tag="h2">
                    {m('tickets.conversation', 'Conversation')}
                  </Typography>
                  {ticket.messages.length === 0 ? (
                    <Typography textColor="neutral600">{m('tickets.noMessages', 'No messages yet')}</Typography>
                  ) : (
                    <Flex direction="column" alignItems="stretch" gap={3} tag="ol" aria-label={m('tickets.thread', 'Messages')}>
                      {ticket.messages_total > ticket.messages.length && (
                        <Typography textColor="neutral600" variant="pi">
                          {m('tickets.olderMessages', '{count} older messages are not shown', {
                            count: ticket.messages_total - ticket.messages.length,
                          })}
                        </Typography>
                      )}
                      {ticket.messages.map((message) => (
                        <Box
                          key={message.documentId}
                          tag="li"
                          padding={4}
                          hasRadius
                          background={message.author.kind === 'staff' ? 'primary100' : 'neutral100'}
                          marginLeft={message.author.kind === 'staff' ? 8 : 0}
                          marginRight={message.author.kind === 'staff' ? 0 : 8}
                        >
                          <Flex justifyContent="space-between" gap={2} paddingBottom={2}>
                            <Typography fontWeight="bold">
                              {m('tickets.author', '{name} ({kind})', {
                                name: message.author.name,
                                kind: m(`tickets.author.${message.author.kind}`, message.author.kind),
                              })}
                            </Typography>
                            <Typography variant="pi" textColor="neutral600">
                              {date(message.created_at)}
                            </Typography>
                          </Flex>
                          <Typography style={{ whiteSpace: 'pre-wrap' }}>{message.body}</Typography>
                        </Box>
                      ))}
                    </Flex>
                  )}
                  <Field.Root name="reply" error={replyError}>
                    <Field.Label>{m('tickets.reply', 'Reply to the user')}</Field.Label>
                    <Textarea
                      name="reply"
                      value={reply}
                      onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReply(e.target.value)}
                    />
                    <Field.Error />
                  </Field.Root>
                  <Flex justifyContent="flex-end">
                    <Button onClick={sendReply} loading={busy === 'reply'}>
                      {m('tickets.send', 'Send reply')}
                    </Button>
                  </Flex>
                </Flex>
              </Box>
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
                <Flex direction="column" alignItems="stretch" gap={4}>
                  <Flex gap={2}>
                    <StatusBadge status={ticket.status} />
                    <StatusBadge status={ticket.priority} />
                  </Flex>
                  <Typography>
                    {m('tickets.assignedTo', 'Assigned to: {who}', {
                      who: ticket.assignee?.email ?? m('tickets.nobody', 'Nobody'),
                    })}
                  </Typography>
                  <Flex gap={2}>
                    {me && ticket.assignee?.id !== me.id && (
                      <Button
                        variant="secondary"
                        loading={busy === 'assign'}
                        onClick={() =>
                          run(
                            'assign',
                            () => api.assignTicket(id, Number(me.id)),
                            m('tickets.assigned', 'The ticket is assigned to you')
                          )
                        }
                      >
                        {m('tickets.assignMe', 'Assign to me')}
                      </Button>
                    )}
                    {ticket.assignee && (
                      <Button
                        variant="tertiary"
                        loading={busy === 'unassign'}
                        onClick={() =>
                          run('unassign', () => api.assignTicket(id, null), m('tickets.unassigned', 'The ticket is unassigned'))
                        }
                      >
                        {m('tickets.unassign', 'Unassign')}
                      </Button>
                    )}
                  </Flex>
                  <FilterSelect
                    name="status"
                    label={m('filter.status', 'Status')}
                    value={status || ticket.status}
                    options={TICKET_STATUSES.map((s) => ({ value: s, label: s.replace('_', ' ') }))}
                    onChange={(value) => setStatus(value as TicketStatus)}
                  />
                  <FilterSelect
                    name="priority"
                    label={m('tickets.priority', 'Priority')}
                    value={priority || ticket.priority}
                    options={TICKET_PRIORITIES.map((s) => ({ value: s, label: s }))}
                    onChange={(value) => setPriority(value as TicketPriority)}
                  />
                  <Button
                    variant="secondary"
                    disabled={(!status || status === ticket.status) && (!priority || priority === ticket.priority)}
                    loading={busy === 'status'}
                    onClick={async () => {
                      const body = {
                        ...(status && status !== ticket.status ? { status } : {}),
                        ...(priority && priority !== ticket.priority ? { priority } : {}),
                      };
                      if (await run('status', () => api.updateTicket(id, body), m('tickets.updated', 'The ticket is updated'))) {
                        setStatus('');
                        setPriority('');
                      }
                    }}
                  >
                    {m('tickets.save', 'Save status and priority')}
                  </Button>
                </Flex>
              </Box>
            </Grid.Item>
          </Grid.Root>
        </Frame>
      )}
    </Loaded>
  );
};

/** Support: the ticket queue with filters and a ticket view (reply, assign, status and priority). */
const TicketsPage = () => (
  <Routes>
    <Route index element={<Queue />} />
    <Route path=":id" element={<TicketView />} />
  </Routes>
);

export default TicketsPage;
