import { Badge, Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { Layouts } from '@strapi/strapi/admin';
import type * as React from 'react';
import { useIntl } from 'react-intl';
import type { Loadable } from '../api';
import { t } from '../pluginId';

/** `m(id, defaultMessage, values?)` through the admin i18n, plus formatters. */
export const useMessages = () => {
  const intl = useIntl();
  const m = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    intl.formatMessage({ id: t(id), defaultMessage }, values);
  const date = (iso: string | null | undefined, timeZone?: string) =>
    iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short', timeZone } as Intl.DateTimeFormatOptions) : '—';
  const money = (minor: number, currency: string) => intl.formatNumber(minor / 100, { style: 'currency', currency });
  return { m, date, money };
};

export const Frame = ({ title, subtitle, children }: { title: string; subtitle?: string; children: React.ReactNode }) => (
  <>
    <Layouts.Header title={title} subtitle={subtitle} />
    <Layouts.Content>{children}</Layouts.Content>
  </>
);

export const ErrorState = ({ message, onRetry }: { message: string; onRetry?: () => void }) => {
  const { m } = useMessages();
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} role="alert">
      <Flex direction="column" gap={3} alignItems="center">
        <WarningCircle width="3.2rem" height="3.2rem" fill="danger600" />
        <Typography variant="omega" fontWeight="bold">
          {m('state.error', 'Could not load this data')}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {message}
        </Typography>
        {onRetry && (
          <Button variant="secondary" onClick={onRetry}>
            {m('state.retry', 'Try again')}
          </Button>
        )}
      </Flex>
    </Box>
  );
};

export const EmptyState = ({ message, testId }: { message: string; testId?: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" data-testid={testId}>
    <EmptyStateLayout content={message} />
  </Box>
);

/** The loading, error or empty state of a load, else `children(data)`. */
export function Loaded<T>({
  state,
  onRetry,
  isEmpty,
  empty,
  children,
}: {
  state: Loadable<T>;
  onRetry: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children: (data: T) => React.ReactNode;
}) {
  const { m } = useMessages();
  // 403: an admin user without a vendor profile (a Super Admin holds every action, the workspace's too): say
  // whose workspace this is rather than offering a retry that cannot succeed.
  if (state.status === 'error' && state.code === 403) {
    return (
      <EmptyState
        testId="workspace-forbidden"
        message={m(
          'state.notVendor',
          'This workspace belongs to approved vendor accounts, and your admin user is not linked to one.'
        )}
      />
    );
  }
  if (state.status === 'error') return <ErrorState message={state.error} onRetry={onRetry} />;
  if (state.data === undefined) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{m('state.loading', 'Loading…')}</Loader>
      </Flex>
    );
  }
  if (isEmpty?.(state.data) && empty) return <EmptyState message={empty} />;
  return <>{children(state.data)}</>;
}

const TONE: Record<string, [string, string]> = {
  approved: ['success700', 'success100'],
  confirmed: ['success700', 'success100'],
  requested: ['warning700', 'warning100'],
  pending_approval: ['warning700', 'warning100'],
  draft: ['neutral700', 'neutral150'],
  rejected: ['danger700', 'danger100'],
  suspended: ['danger700', 'danger100'],
};

export const StatusBadge = ({ status }: { status: string }) => {
  const [text, background] = TONE[status] ?? ['neutral700', 'neutral150'];
  return (
    <Badge textColor={text} backgroundColor={background}>
      {status.replace(/_/g, ' ')}
    </Badge>
  );
};

/** One figure on the overview. */
export const Figure = ({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  note?: string;
  testId: string;
}) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} height="100%" data-testid={testId}>
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="beta" tag="p">
        {value}
      </Typography>
      {note && (
        <Typography variant="pi" textColor="neutral600">
          {note}
        </Typography>
      )}
    </Flex>
  </Box>
);
