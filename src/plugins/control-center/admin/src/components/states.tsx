import { Box, Button, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import type * as React from 'react';
import type { Loadable } from '../api';
import { useMessages } from './i18n';

export const LoadingState = () => {
  const { m } = useMessages();
  return (
    <Flex justifyContent="center" padding={8}>
      <Loader>{m('state.loading', 'Loading…')}</Loader>
    </Flex>
  );
};

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

export const EmptyState = ({ message }: { message: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow">
    <EmptyStateLayout content={message} />
  </Box>
);

/**
 * Renders the loading, error or empty state of a load, else `children(data)`. While reloading, the previous data
 * stays on screen.
 */
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
  if (state.status === 'error') return <ErrorState message={state.error} onRetry={onRetry} />;
  if (state.data === undefined) return <LoadingState />;
  if (isEmpty?.(state.data) && empty) return <EmptyState message={empty} />;
  return <>{children(state.data)}</>;
}
