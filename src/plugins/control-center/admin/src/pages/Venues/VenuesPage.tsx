import { Button, Flex, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useApi, useLoad, type Venue } from '../../api';
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

type Verb = 'approve' | 'reject' | 'suspend' | 'feature' | 'unfeature';

const verbsOf = (venue: Venue): Verb[] => {
  switch (venue.status) {
    case 'pending_approval':
      return ['approve', 'reject'];
    case 'approved':
      return [venue.featured ? 'unfeature' : 'feature', 'suspend'];
    case 'suspended':
      return ['approve'];
    default:
      return [];
  }
};

/** What changed in the material fields since the last approval (the approvals queue shows it before approving). */
const ChangesSinceApproval = ({ venue }: { venue: Venue }) => {
  const { m, date } = useMessages();
  const approval = venue.last_approval;
  if (!approval) return <Cell muted>{m('venues.neverApproved', 'first approval')}</Cell>;
  if (approval.changes === null) {
    return <Cell muted>{m('venues.noSnapshot', 'approved {at}; no snapshot to compare', { at: date(approval.at) })}</Cell>;
  }
  if (approval.changes.length === 0) {
    return <Cell muted>{m('venues.unchanged', 'unchanged since approval on {at}', { at: date(approval.at) })}</Cell>;
  }
  const show = (value: string | number | null) => (value === null || value === '' ? '—' : String(value));
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="pi" textColor="neutral600">
        {m('venues.changedSince', 'changed since approval on {at}:', { at: date(approval.at) })}
      </Typography>
      {approval.changes.map((change) => (
        <Typography key={change.field} variant="pi">
          {m('venues.change', '{field}: {before} → {after}', {
            field: change.field,
            before: show(change.before),
            after: show(change.after),
          })}
        </Typography>
      ))}
    </Flex>
  );
};

/** Venues: the approvals queue (with what changed since the last approval), approve / reject / suspend, featured slots. */
const VenuesPage = () => {
  const api = useApi();
  const { m, date } = useMessages();
  const { filters, setFilter, page, setPage, key } = useFilters({ status: 'pending_approval', featured: '', q: '' });
  const { state, reload } = useLoad(() => api.venues({ ...filters, page, pageSize: 20 }), key);
  const [request, setRequest] = React.useState<ActionRequest | null>(null);

  const label: Record<Verb, string> = {
    approve: m('venues.approve', 'Approve'),
    reject: m('venues.reject', 'Reject'),
    suspend: m('venues.suspend', 'Suspend'),
    feature: m('venues.feature', 'Feature'),
    unfeature: m('venues.unfeature', 'Unfeature'),
  };
  const ask = (venue: Venue, verb: Verb) =>
    setRequest({
      title: m('venues.confirmTitle', '{action} {name}?', { action: label[verb], name: venue.name }),
      description: {
        approve: m('venues.approveText', 'The venue becomes public (if its vendor is approved).'),
        reject: m('venues.rejectText', 'The venue is rejected; the vendor sees your reason.'),
        suspend: m('venues.suspendText', 'The venue leaves search and cannot be booked.'),
        feature: m('venues.featureText', 'The venue is shown in the featured slots.'),
        unfeature: m('venues.unfeatureText', 'The venue leaves the featured slots.'),
      }[verb],
      confirmLabel: label[verb],
      reason: verb === 'reject' || verb === 'suspend' ? 'required' : 'optional',
      danger: verb === 'reject' || verb === 'suspend',
      success: m('venues.done', '{name}: {action} done', { name: venue.name, action: label[verb] }),
      run: (reason) => api.venueAction(venue.documentId, verb, reason || undefined),
    });

  return (
    <Frame title={m('venues.title', 'Venues')} subtitle={m('venues.subtitle', 'Approvals and featured slots')}>
      <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
        <FilterSelect
          name="status"
          label={m('filter.status', 'Status')}
          value={filters.status}
          allLabel={m('filter.all', 'All')}
          options={(['pending_approval', 'approved', 'rejected', 'suspended', 'draft'] as const).map((s) => ({
            value: s,
            label: s.replace('_', ' '),
          }))}
          onChange={(value) => setFilter('status', value)}
        />
        <FilterSelect
          name="featured"
          label={m('venues.featured', 'Featured')}
          value={filters.featured}
          allLabel={m('filter.all', 'All')}
          options={[
            { value: 'true', label: m('filter.yes', 'Yes') },
            { value: 'false', label: m('filter.no', 'No') },
          ]}
          onChange={(value) => setFilter('featured', value)}
        />
        <SearchBox label={m('venues.search', 'Venue name or slug')} value={filters.q} onSearch={(q) => setFilter('q', q)} />
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('venues.empty', 'No venues match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('venues.title', 'Venues')}
              rows={list.data}
              rowKey={(v) => v.documentId}
              columns={[
                { key: 'name', label: m('venues.name', 'Venue'), render: (v) => <Cell>{v.name}</Cell> },
                {
                  key: 'vendor',
                  label: m('venues.vendor', 'Vendor'),
                  render: (v) => (
                    <Cell muted>{v.vendor ? `${v.vendor.business_name} (${v.vendor.verification_status})` : '—'}</Cell>
                  ),
                },
                {
                  key: 'city',
                  label: m('venues.city', 'City'),
                  render: (v) => <Cell muted>{[v.city, v.country].filter(Boolean).join(', ') || '—'}</Cell>,
                },
                {
                  key: 'status',
                  label: m('filter.status', 'Status'),
                  render: (v) => (
                    <Flex gap={1}>
                      <StatusBadge status={v.status} />
                      {v.featured && <StatusBadge status="featured" />}
                    </Flex>
                  ),
                },
                { key: 'created', label: m('venues.created', 'Created'), render: (v) => <Cell muted>{date(v.created_at)}</Cell> },
                {
                  key: 'changes',
                  label: m('venues.changes', 'Since last approval'),
                  render: (v) => <ChangesSinceApproval venue={v} />,
                },
                {
                  key: 'actions',
                  label: m('table.actions', 'Actions'),
                  hidden: true,
                  render: (v) => (
                    <Flex gap={2} justifyContent="flex-end">
                      {verbsOf(v).map((verb) => (
                        <Button
                          key={verb}
                          size="S"
                          variant={verb === 'reject' || verb === 'suspend' ? 'danger-light' : 'success-light'}
                          onClick={() => ask(v, verb)}
                        >
                          {label[verb]}
                        </Button>
                      ))}
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

export default VenuesPage;
