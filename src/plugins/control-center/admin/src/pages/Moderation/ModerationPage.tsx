import { Box, Button, Flex, Tabs, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useApi, useLoad, type ContentReport, type ModeratedReview } from '../../api';
import { ActionDialog, type ActionRequest } from '../../components/ActionDialog';
import { Cell, DataTable } from '../../components/DataTable';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Pager } from '../../components/Pager';
import { FilterSelect } from '../../components/Select';
import { Loaded } from '../../components/states';
import { StatusBadge } from '../../components/StatusBadge';
import { useFilters } from '../../components/useFilters';

const Reviews = ({ ask }: { ask: (request: ActionRequest, after: () => void) => void }) => {
  const api = useApi();
  const { m, date } = useMessages();
  const { filters, setFilter, page, setPage, key } = useFilters({ reported: '', status: '' });
  const { state, reload } = useLoad(() => api.reviews({ ...filters, page, pageSize: 20 }), key);

  const act = (review: ModeratedReview) => {
    const hide = review.status === 'published';
    ask(
      hide
        ? {
            title: m('moderation.hideTitle', 'Hide this review?'),
            description: m(
              'moderation.hideText',
              'The review leaves the venue page and its rating; the author sees your reason.'
            ),
            confirmLabel: m('moderation.hide', 'Hide'),
            reason: 'required',
            note: m('moderation.note', 'Internal note (optional)'),
            danger: true,
            success: m('moderation.hidden', 'The review is hidden'),
            run: (reason, note) => api.hideReview(review.documentId, reason, note || undefined),
          }
        : {
            title: m('moderation.restoreTitle', 'Restore this review?'),
            description: m('moderation.restoreText', 'The review is published again and counts in the venue rating.'),
            confirmLabel: m('moderation.restore', 'Restore'),
            reason: 'optional',
            success: m('moderation.restored', 'The review is published again'),
            run: (reason) => api.restoreReview(review.documentId, reason || undefined),
          },
      reload
    );
  };

  return (
    <>
      <Flex gap={4} paddingBottom={4} alignItems="flex-end">
        <FilterSelect
          name="reported"
          label={m('moderation.show', 'Show')}
          value={filters.reported}
          allLabel={m('moderation.recent', 'Recent reviews')}
          options={[{ value: 'true', label: m('moderation.reported', 'Reviews with open reports') }]}
          onChange={(value) => setFilter('reported', value)}
        />
        <FilterSelect
          name="status"
          label={m('filter.status', 'Status')}
          value={filters.status}
          allLabel={m('filter.all', 'All')}
          options={[
            { value: 'published', label: 'published' },
            { value: 'hidden', label: 'hidden' },
          ]}
          onChange={(value) => setFilter('status', value)}
        />
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('moderation.noReviews', 'No reviews match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('moderation.reviews', 'Reviews')}
              rows={list.data}
              rowKey={(r) => r.documentId}
              columns={[
                { key: 'venue', label: m('moderation.venue', 'Venue'), render: (r) => <Cell>{r.venue?.name ?? '—'}</Cell> },
                { key: 'rating', label: m('moderation.rating', 'Rating'), render: (r) => <Cell>{'★'.repeat(r.rating)}</Cell> },
                {
                  key: 'comment',
                  label: m('moderation.comment', 'Comment'),
                  render: (r) => (
                    <Box maxWidth="24rem">
                      <Typography ellipsis>{r.comment ?? '—'}</Typography>
                      {r.hidden_reason && (
                        <Typography variant="pi" textColor="danger600" ellipsis>
                          {r.hidden_reason}
                        </Typography>
                      )}
                    </Box>
                  ),
                },
                {
                  key: 'author',
                  label: m('moderation.author', 'Author'),
                  render: (r) => (
                    <Box>
                      <Typography textColor="neutral800">{r.author?.username ?? '—'}</Typography>
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        {date(r.created_at)}
                      </Typography>
                    </Box>
                  ),
                },
                {
                  key: 'reports',
                  label: m('moderation.openReports', 'Reports'),
                  render: (r) => <Cell>{r.open_reports}</Cell>,
                },
                { key: 'status', label: m('filter.status', 'Status'), render: (r) => <StatusBadge status={r.status} /> },
                {
                  key: 'actions',
                  label: m('table.actions', 'Actions'),
                  hidden: true,
                  render: (r) => (
                    <Button size="S" variant={r.status === 'published' ? 'danger-light' : 'success-light'} onClick={() => act(r)}>
                      {r.status === 'published' ? m('moderation.hide', 'Hide') : m('moderation.restore', 'Restore')}
                    </Button>
                  ),
                },
              ]}
            />
            <Pager pagination={list.meta.pagination} onPage={setPage} />
          </>
        )}
      </Loaded>
    </>
  );
};

const Reports = ({ ask }: { ask: (request: ActionRequest, after: () => void) => void }) => {
  const api = useApi();
  const { m, date } = useMessages();
  const { filters, setFilter, page, setPage, key } = useFilters({ status: 'open', target_type: '' });
  const { state, reload } = useLoad(() => api.reports({ ...filters, page, pageSize: 20 }), key);

  const act = (report: ContentReport, verb: 'resolve' | 'dismiss') =>
    ask(
      {
        title:
          verb === 'resolve'
            ? m('moderation.resolveTitle', 'Resolve this report?')
            : m('moderation.dismissTitle', 'Dismiss this report?'),
        description:
          verb === 'resolve'
            ? m('moderation.resolveText', 'The report is closed as acted upon.')
            : m('moderation.dismissText', 'The report is closed without action.'),
        confirmLabel: verb === 'resolve' ? m('moderation.resolve', 'Resolve') : m('moderation.dismiss', 'Dismiss'),
        reason: 'optional',
        reasonLabel: m('moderation.resolution', 'Resolution'),
        success:
          verb === 'resolve'
            ? m('moderation.resolved', 'The report is resolved')
            : m('moderation.dismissed', 'The report is dismissed'),
        run: (resolution) => api.reportAction(report.documentId, verb, resolution || undefined),
      },
      reload
    );

  return (
    <>
      <Flex gap={4} paddingBottom={4} alignItems="flex-end">
        <FilterSelect
          name="status"
          label={m('filter.status', 'Status')}
          value={filters.status}
          allLabel={m('filter.all', 'All')}
          options={['open', 'resolved', 'dismissed'].map((s) => ({ value: s, label: s }))}
          onChange={(value) => setFilter('status', value)}
        />
        <FilterSelect
          name="target_type"
          label={m('moderation.target', 'Reported item')}
          value={filters.target_type}
          allLabel={m('filter.all', 'All')}
          options={['review', 'venue', 'user', 'message'].map((s) => ({ value: s, label: s }))}
          onChange={(value) => setFilter('target_type', value)}
        />
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('moderation.noReports', 'No reports match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('moderation.reports', 'Reports')}
              rows={list.data}
              rowKey={(r) => r.documentId}
              columns={[
                {
                  key: 'target',
                  label: m('moderation.target', 'Reported item'),
                  render: (r) => <Cell>{`${r.target_type} ${r.target_id}`}</Cell>,
                },
                {
                  key: 'reason',
                  label: m('moderation.reason', 'Reason'),
                  render: (r) => (
                    <Box maxWidth="24rem">
                      <Typography ellipsis>{r.reason}</Typography>
                      {r.resolution && (
                        <Typography variant="pi" textColor="neutral600" ellipsis>
                          {r.resolution}
                        </Typography>
                      )}
                    </Box>
                  ),
                },
                {
                  key: 'reporter',
                  label: m('moderation.reporter', 'Reported by'),
                  render: (r) => <Cell muted>{r.reporter?.username ?? '—'}</Cell>,
                },
                { key: 'status', label: m('filter.status', 'Status'), render: (r) => <StatusBadge status={r.status} /> },
                {
                  key: 'created',
                  label: m('moderation.reportedAt', 'Reported'),
                  render: (r) => <Cell muted>{date(r.created_at)}</Cell>,
                },
                {
                  key: 'actions',
                  label: m('table.actions', 'Actions'),
                  hidden: true,
                  render: (r) =>
                    r.status === 'open' ? (
                      <Flex gap={2} justifyContent="flex-end">
                        <Button size="S" variant="success-light" onClick={() => act(r, 'resolve')}>
                          {m('moderation.resolve', 'Resolve')}
                        </Button>
                        <Button size="S" variant="tertiary" onClick={() => act(r, 'dismiss')}>
                          {m('moderation.dismiss', 'Dismiss')}
                        </Button>
                      </Flex>
                    ) : null,
                },
              ]}
            />
            <Pager pagination={list.meta.pagination} onPage={setPage} />
          </>
        )}
      </Loaded>
    </>
  );
};

/** Moderation: reported and recent reviews (hide / restore with a reason) and the reports queue (resolve / dismiss). */
const ModerationPage = () => {
  const { m } = useMessages();
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const after = React.useRef<() => void>(() => undefined);
  const ask = (next: ActionRequest, done: () => void) => {
    after.current = done;
    setRequest(next);
  };
  return (
    <Frame title={m('moderation.title', 'Moderation')} subtitle={m('moderation.subtitle', 'Reviews and reports')}>
      <Tabs.Root defaultValue="reviews">
        <Tabs.List aria-label={m('moderation.title', 'Moderation')}>
          <Tabs.Trigger value="reviews">{m('moderation.reviews', 'Reviews')}</Tabs.Trigger>
          <Tabs.Trigger value="reports">{m('moderation.reports', 'Reports')}</Tabs.Trigger>
        </Tabs.List>
        <Tabs.Content value="reviews">
          <Box paddingTop={4}>
            <Reviews ask={ask} />
          </Box>
        </Tabs.Content>
        <Tabs.Content value="reports">
          <Box paddingTop={4}>
            <Reports ask={ask} />
          </Box>
        </Tabs.Content>
      </Tabs.Root>
      <ActionDialog request={request} onClose={() => setRequest(null)} onDone={() => after.current()} />
    </Frame>
  );
};

export default ModerationPage;
