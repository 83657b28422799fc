import { Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { errorMessage, useApi, useLoad } from '../../api';
import { Cell, DataTable } from '../../components/DataTable';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Pager } from '../../components/Pager';
import { SearchBox } from '../../components/SearchBox';
import { Loaded } from '../../components/states';
import { useFilters } from '../../components/useFilters';

/** Audit log: every staff and API-token action, filterable, with a CSV export of the filtered records. */
const AuditPage = () => {
  const api = useApi();
  const { m, date } = useMessages();
  const { toggleNotification } = useNotification();
  const { filters, setFilter, page, setPage, key } = useFilters({
    action_type: '',
    target_type: '',
    target_id: '',
    from: '',
    to: '',
  });
  const { state, reload } = useLoad(() => api.audit({ ...filters, page, pageSize: 25 }), key);
  const [exporting, setExporting] = React.useState(false);

  const exportCsv = async () => {
    setExporting(true);
    try {
      await api.exportAudit(filters);
      toggleNotification({ type: 'success', message: m('reports.done', 'The CSV file was downloaded') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  const dateField = (name: 'from' | 'to', label: string) => (
    <Field.Root name={name} width="18rem">
      <Field.Label>{label}</Field.Label>
      <TextInput
        type="date"
        value={filters[name]}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFilter(name, e.target.value)}
      />
    </Field.Root>
  );

  return (
    <Frame
      title={m('audit.title', 'Audit log')}
      subtitle={m('audit.subtitle', 'Every action of staff and API tokens, newest first')}
      actions={
        <Button startIcon={<Download />} variant="secondary" onClick={exportCsv} loading={exporting}>
          {m('audit.export', 'Export CSV')}
        </Button>
      }
    >
      <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
        <SearchBox
          label={m('audit.actionType', 'Action (e.g. vendor. or settings.update)')}
          value={filters.action_type}
          onSearch={(v) => setFilter('action_type', v)}
        />
        <SearchBox
          label={m('audit.targetType', 'Target type')}
          value={filters.target_type}
          onSearch={(v) => setFilter('target_type', v)}
        />
        <SearchBox
          label={m('audit.targetId', 'Target id')}
          value={filters.target_id}
          onSearch={(v) => setFilter('target_id', v)}
        />
        {dateField('from', m('range.from', 'From'))}
        {dateField('to', m('range.to', 'To'))}
      </Flex>
      <Loaded
        state={state}
        onRetry={reload}
        isEmpty={(list) => list.data.length === 0}
        empty={m('audit.empty', 'No audit records match these filters')}
      >
        {(list) => (
          <>
            <DataTable
              label={m('audit.title', 'Audit log')}
              rows={list.data}
              rowKey={(row) => row.documentId}
              columns={[
                { key: 'when', label: m('audit.when', 'When'), render: (row) => <Cell muted>{date(row.timestamp)}</Cell> },
                { key: 'action', label: m('audit.action', 'Action'), render: (row) => <Cell>{row.action_type}</Cell> },
                {
                  key: 'target',
                  label: m('audit.target', 'Target'),
                  render: (row) => <Cell muted>{`${row.target_type} ${row.target_id ?? ''}`}</Cell>,
                },
                {
                  key: 'who',
                  label: m('audit.who', 'Who'),
                  render: (row) => (
                    <Cell muted>
                      {row.admin_email ?? (row.api_token_id ? m('audit.token', 'API token {id}', { id: row.api_token_id }) : '—')}
                    </Cell>
                  ),
                },
                {
                  key: 'data',
                  label: m('audit.data', 'Details'),
                  render: (row) => (
                    <Box maxWidth="40rem">
                      <Typography variant="pi" ellipsis>
                        {JSON.stringify(row.action_data ?? null)}
                      </Typography>
                    </Box>
                  ),
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

export default AuditPage;
