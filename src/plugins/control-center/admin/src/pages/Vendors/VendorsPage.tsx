import { Box, Button, Flex, Link, Modal, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useApi, useLoad, type Vendor, type VendorDetail, type VendorPerformance } from '../../api';
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

type Verb = 'approve' | 'reject' | 'suspend' | 'reinstate';
const VERBS: Record<Vendor['verification_status'], Verb[]> = {
  pending: ['approve', 'reject'],
  approved: ['suspend'],
  rejected: ['approve'],
  suspended: ['reinstate'],
};

/** A vendor's figures: venues by status, the window's bookings by status, revenue, cancellations, rating. */
const Performance = ({ performance }: { performance: VendorPerformance }) => {
  const { m, money, number, percent } = useMessages();
  const counts = (byStatus: Record<string, number>) =>
    Object.entries(byStatus)
      .map(([status, count]) => `${status.replace('_', ' ')} ${number(count)}`)
      .join(', ') || m('vendors.none', 'none');
  const rows: Array<[string, string]> = [
    [m('vendors.venuesByStatus', 'Venues by status'), counts(performance.venues_by_status)],
    [
      m('vendors.bookingsWindow', 'Bookings, last {days} days', { days: performance.window_days }),
      `${number(performance.bookings_total)}${performance.bookings_total ? ` (${counts(performance.bookings_by_status)})` : ''}`,
    ],
    [
      m('vendors.grossRevenue', 'Gross revenue, last {days} days', { days: performance.window_days }),
      performance.gross_revenue.map((sum) => money(sum.amount, sum.currency)).join(', ') || money(0, 'EUR'),
    ],
    [
      m('vendors.cancellationRate', 'Cancellation rate'),
      performance.cancellation_rate === null
        ? m('vendors.noRate', 'no kept bookings yet')
        : percent(performance.cancellation_rate),
    ],
    [
      m('vendors.rating', 'Rating'),
      performance.rating.average === null
        ? m('vendors.noReviews', 'no reviews yet')
        : m('vendors.ratingValue', '{average} from {count, plural, one {# review} other {# reviews}}', {
            average: performance.rating.average.toFixed(2),
            count: number(performance.rating.count),
          }),
    ],
  ];
  return (
    <Box paddingTop={2} width="100%">
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {m('vendors.performance', 'Performance')}
      </Typography>
      <Box tag="dl" paddingTop={2}>
        {rows.map(([term, value]) => (
          <Flex key={term} gap={2} paddingBottom={1}>
            <Typography tag="dt" fontWeight="bold">
              {term}:
            </Typography>
            <Typography tag="dd">{value}</Typography>
          </Flex>
        ))}
      </Box>
    </Box>
  );
};

/** Vendor details with the verification documents (links open the stored files) and the vendor's performance. */
const VendorDetails = ({ documentId, onClose }: { documentId: string; onClose: () => void }) => {
  const api = useApi();
  const { m, date } = useMessages();
  const { state, reload } = useLoad<VendorDetail>(async () => (await api.vendor(documentId)).data, documentId);
  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{m('vendors.details', 'Vendor application')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Loaded state={state} onRetry={reload}>
            {(vendor) => (
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <Typography variant="delta">{vendor.business_name}</Typography>
                <StatusBadge status={vendor.verification_status} />
                <Typography>
                  {m('vendors.contact', 'Contact: {email} {phone}', {
                    email: vendor.contact_email ?? vendor.user?.email ?? '—',
                    phone: vendor.contact_phone ?? '',
                  })}
                </Typography>
                {vendor.website && <Typography>{vendor.website}</Typography>}
                <Typography>{m('vendors.applied', 'Applied {at}', { at: date(vendor.created_at) })}</Typography>
                <Typography>{m('vendors.venueCount', 'Venues: {count}', { count: vendor.venues })}</Typography>
                {vendor.rejection_reason && (
                  <Typography textColor="danger600">
                    {m('vendors.lastReason', 'Last reason: {reason}', { reason: vendor.rejection_reason })}
                  </Typography>
                )}
                <Typography variant="sigma" textColor="neutral600">
                  {m('vendors.documents', 'Verification documents')}
                </Typography>
                {vendor.documents.length === 0 ? (
                  <Typography textColor="neutral600">{m('vendors.noDocuments', 'No documents uploaded')}</Typography>
                ) : (
                  vendor.documents.map((doc) => (
                    <Link key={doc.id} href={doc.url} isExternal>
                      {doc.name}
                    </Link>
                  ))
                )}
                <Performance performance={vendor.performance} />
              </Flex>
            )}
          </Loaded>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {m('dialog.close', 'Close')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Vendors: the applications queue (pending first by default), approve / reject / suspend / reinstate with reasons. */
const VendorsPage = () => {
  const api = useApi();
  const { m, date } = useMessages();
  const { filters, setFilter, page, setPage, key } = useFilters({ status: 'pending', q: '' });
  const { state, reload } = useLoad(() => api.vendors({ ...filters, page, pageSize: 20 }), key);
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const [details, setDetails] = React.useState<string | null>(null);

  const label: Record<Verb, string> = {
    approve: m('vendors.approve', 'Approve'),
    reject: m('vendors.reject', 'Reject'),
    suspend: m('vendors.suspend', 'Suspend'),
    reinstate: m('vendors.reinstate', 'Reinstate'),
  };
  const ask = (vendor: Vendor, verb: Verb) =>
    setRequest({
      title: m('vendors.confirmTitle', '{action} {name}?', { action: label[verb], name: vendor.business_name }),
      description: {
        approve: m('vendors.approveText', 'The vendor can publish venues; approved venues appear in search.'),
        reject: m('vendors.rejectText', 'The application is rejected; the vendor sees your reason.'),
        suspend: m('vendors.suspendText', 'The vendor’s venues leave search and customers with bookings are informed.'),
        reinstate: m('vendors.reinstateText', 'The vendor and its approved venues become visible again.'),
      }[verb],
      confirmLabel: label[verb],
      reason: verb === 'reject' || verb === 'suspend' ? 'required' : 'optional',
      danger: verb === 'reject' || verb === 'suspend',
      success: m('vendors.done', '{name}: {action} done', { name: vendor.business_name, action: label[verb] }),
      run: (reason) => api.vendorAction(vendor.documentId, verb, reason || undefined),
    });

  return (
    <Frame title={m('vendors.title', 'Vendors')} subtitle={m('vendors.subtitle', 'Applications and vendor accounts')}>
      <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
        <FilterSelect
          name="status"
          label={m('filter.status', 'Status')}
          value={filters.status}
          allLabel={m('filter.all', 'All')}
          options={(['pending', 'approved', 'rejected', 'suspended'] as const).map((s) => ({ value: s, label: s }))}
          onChange={(value) => setFilter('status', value)}
        />
        <SearchBox label={m('vendors.search', 'Business name or e-mail')} value={filters.q} onSearch={(q) => setFilter('q', q)} />
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('vendors.empty', 'No vendors match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('vendors.title', 'Vendors')}
              rows={list.data}
              rowKey={(v) => v.documentId}
              columns={[
                { key: 'name', label: m('vendors.name', 'Business'), render: (v) => <Cell>{v.business_name}</Cell> },
                {
                  key: 'email',
                  label: m('vendors.email', 'Contact'),
                  render: (v) => <Cell muted>{v.contact_email ?? v.user?.email ?? '—'}</Cell>,
                },
                {
                  key: 'status',
                  label: m('filter.status', 'Status'),
                  render: (v) => <StatusBadge status={v.verification_status} />,
                },
                {
                  key: 'created',
                  label: m('vendors.created', 'Applied'),
                  render: (v) => <Cell muted>{date(v.created_at)}</Cell>,
                },
                {
                  key: 'actions',
                  label: m('table.actions', 'Actions'),
                  hidden: true,
                  render: (v) => (
                    <Flex gap={2} justifyContent="flex-end">
                      <Button variant="tertiary" size="S" onClick={() => setDetails(v.documentId)}>
                        {m('table.view', 'View')}
                      </Button>
                      {VERBS[v.verification_status].map((verb) => (
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
      <Box>
        <ActionDialog request={request} onClose={() => setRequest(null)} onDone={reload} />
        {details && <VendorDetails documentId={details} onClose={() => setDetails(null)} />}
      </Box>
    </Frame>
  );
};

export default VendorsPage;
