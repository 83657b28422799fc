import { Box, Button, Field, Flex, Tabs, TextInput, Textarea, Toggle, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { errorMessage, fieldErrors, useApi, useLoad, type Setting, type SettingsGroup } from '../../api';
import { Cell, DataTable } from '../../components/DataTable';
import { Frame } from '../../components/Frame';
import { useMessages } from '../../components/i18n';
import { Pager } from '../../components/Pager';
import { Loaded } from '../../components/states';
import { useHolds } from '../../components/useHolds';

const GROUPS: SettingsGroup[] = ['system', 'fees', 'policies'];

/** The text shown in a setting's field: numbers and text as they are, objects as formatted JSON. */
const toText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const fromText = (text: string, original: unknown): unknown => {
  if (typeof original === 'number') return text.trim() === '' ? text : Number.isNaN(Number(text)) ? text : Number(text);
  if (typeof original === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

const SettingField = ({
  setting,
  text,
  error,
  onChange,
}: {
  setting: Setting;
  text: string;
  error?: string;
  onChange: (text: string) => void;
}) => {
  const { m, date } = useMessages();
  const hint = `${setting.description ? `${setting.description} · ` : ''}${m(
    'settings.version',
    'version {version}, changed {at} by {by}',
    {
      version: setting.version,
      at: date(setting.last_updated),
      by: setting.updated_by ?? '—',
    }
  )}`;
  if (typeof setting.value === 'boolean') {
    return (
      <Field.Root name={setting.key} error={error} hint={hint}>
        <Field.Label>{setting.key}</Field.Label>
        <Toggle
          checked={text === 'true'}
          onLabel={m('settings.on', 'On')}
          offLabel={m('settings.off', 'Off')}
          onChange={() => onChange(text === 'true' ? 'false' : 'true')}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    );
  }
  const multiline = typeof setting.value === 'object' && setting.value !== null;
  return (
    <Field.Root name={setting.key} error={error} hint={hint}>
      <Field.Label>{setting.key}</Field.Label>
      {multiline ? (
        <Textarea
          value={text}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)}
          style={{ fontFamily: 'monospace', minHeight: '16rem' }}
        />
      ) : (
        <TextInput
          value={text}
          inputMode={typeof setting.value === 'number' ? 'decimal' : undefined}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      )}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};

const History = ({ group, version }: { group: SettingsGroup; version: number }) => {
  const api = useApi();
  const { m, date } = useMessages();
  const [page, setPage] = React.useState(1);
  const { state, reload } = useLoad(
    () => api.audit({ action_type: 'settings.update', target_type: 'system-setting', page, pageSize: 10 }),
    `${group}-${page}-${version}`
  );
  return (
    <Loaded
      state={state}
      onRetry={reload}
      isEmpty={(list) => list.data.length === 0}
      empty={m('settings.noHistory', 'No setting was changed yet')}
    >
      {(list) => (
        <>
          <DataTable
            label={m('settings.history', 'Change history')}
            rows={list.data}
            rowKey={(row) => row.documentId}
            columns={[
              { key: 'at', label: m('audit.when', 'When'), render: (row) => <Cell muted>{date(row.timestamp)}</Cell> },
              { key: 'key', label: m('settings.key', 'Setting'), render: (row) => <Cell>{row.target_id ?? '—'}</Cell> },
              {
                key: 'who',
                label: m('audit.who', 'Who'),
                render: (row) => <Cell muted>{row.admin_email ?? (row.api_token_id ? `token ${row.api_token_id}` : '—')}</Cell>,
              },
              {
                key: 'change',
                label: m('settings.change', 'Change'),
                render: (row) => {
                  const data = (row.action_data ?? {}) as { before?: { value?: unknown }; after?: { value?: unknown } };
                  return (
                    <Box maxWidth="40rem">
                      <Typography
                        ellipsis
                      >{`${JSON.stringify(data.before?.value ?? null)} → ${JSON.stringify(data.after?.value ?? null)}`}</Typography>
                    </Box>
                  );
                },
              },
            ]}
          />
          <Pager pagination={list.meta.pagination} onPage={setPage} />
        </>
      )}
    </Loaded>
  );
};

const GroupForm = ({ group }: { group: SettingsGroup }) => {
  const api = useApi();
  const holds = useHolds();
  const { m } = useMessages();
  const { toggleNotification } = useNotification();
  const { state, reload } = useLoad(async () => (await api.settings(group)).data.settings, group);
  const [texts, setTexts] = React.useState<Record<string, string>>({});
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [saving, setSaving] = React.useState(false);
  const [saved, setSaved] = React.useState(0);

  React.useEffect(() => {
    if (state.status === 'ready') setTexts(Object.fromEntries(state.data.map((s) => [s.key, toText(s.value)])));
  }, [state]);

  const save = async (settings: Setting[]) => {
    const changes = Object.fromEntries(
      settings
        .filter((s) => texts[s.key] !== undefined && texts[s.key] !== toText(s.value))
        .map((s) => [s.key, typeof s.value === 'boolean' ? texts[s.key] === 'true' : fromText(texts[s.key], s.value)])
    );
    if (Object.keys(changes).length === 0) {
      toggleNotification({ type: 'info', message: m('settings.nothing', 'Nothing changed') });
      return;
    }
    setSaving(true);
    setErrors({});
    try {
      await api.saveSettings(group, changes);
      toggleNotification({ type: 'success', message: m('settings.saved', 'Settings saved') });
      setSaved((n) => n + 1);
      reload();
    } catch (error) {
      setErrors(fieldErrors(error));
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Loaded
      state={state}
      onRetry={reload}
      isEmpty={(settings) => settings.length === 0}
      empty={m('settings.empty', 'This group has no settings')}
    >
      {(settings) => (
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
            <Flex direction="column" alignItems="stretch" gap={5}>
              {settings.map((setting) => (
                <SettingField
                  key={setting.key}
                  setting={setting}
                  text={texts[setting.key] ?? toText(setting.value)}
                  error={errors[setting.key]}
                  onChange={(text) => setTexts((previous) => ({ ...previous, [setting.key]: text }))}
                />
              ))}
              <Flex justifyContent="flex-end">
                <Button onClick={() => save(settings)} loading={saving}>
                  {m('settings.save', 'Save')}
                </Button>
              </Flex>
            </Flex>
          </Box>
          <Box>
            <Typography variant="delta" tag="h2">
              {m('settings.history', 'Change history')}
            </Typography>
            <Box paddingTop={2}>
              {holds('audit') ? (
                <History group={group} version={saved} />
              ) : (
                <Typography textColor="neutral600">
                  {m('settings.historyNeedsAudit', 'The change history needs the audit log permission')}
                </Typography>
              )}
            </Box>
          </Box>
        </Flex>
      )}
    </Loaded>
  );
};

/** Settings: system, fees and policies as forms; the server validates each value and its messages show per field. */
const SettingsPage = () => {
  const { m } = useMessages();
  const label: Record<SettingsGroup, string> = {
    system: m('settings.system', 'System'),
    fees: m('settings.fees', 'Fees'),
    policies: m('settings.policies', 'Policies'),
  };
  return (
    <Frame title={m('settings.title', 'Settings')} subtitle={m('settings.subtitle', 'Every change is versioned and audited')}>
      <Tabs.Root defaultValue="system">
        <Tabs.List aria-label={m('settings.title', 'Settings')}>
          {GROUPS.map((group) => (
            <Tabs.Trigger key={group} value={group}>
              {label[group]}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {GROUPS.map((group) => (
          <Tabs.Content key={group} value={group}>
            <Box paddingTop={4}>
              <GroupForm group={group} />
            </Box>
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </Frame>
  );
};

export default SettingsPage;
