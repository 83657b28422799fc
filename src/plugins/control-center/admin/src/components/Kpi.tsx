import { Box, Flex, Link, Typography } from '@strapi/design-system';
import type * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useMessages } from './i18n';

/** A figure against the same figure of the previous period. */
export interface Comparison {
  now: number;
  before: number;
  /** Percent change from the server (null when `before` is 0). */
  change: number | null;
  /** `before`, formatted (money or count). */
  previous: string;
  /** Whether the previous period has any data in this report (any figure other than 0). */
  periodHasData: boolean;
}

/**
 * One wording for every comparison: "no previous figure" only when the previous period has no data at all;
 * otherwise "previous: X" and the change (▲/▼ percent, "no change", or "new" when it grew from 0).
 */
export const useComparisonText = () => {
  const { m, percent } = useMessages();
  return (comparison: Comparison): { trend: string; tone: 'up' | 'down' | 'flat'; previous: string | null } => {
    if (!comparison.periodHasData) return { trend: m('kpi.noPrevious', 'no previous figure'), tone: 'flat', previous: null };
    const previous = m('kpi.previous', 'previous: {value}', { value: comparison.previous });
    const delta = comparison.now - comparison.before;
    if (delta === 0) return { trend: m('kpi.noChange', 'no change'), tone: 'flat', previous };
    if (comparison.change === null || comparison.before === 0) {
      return { trend: `▲ ${m('kpi.fromZero', 'new')}`, tone: 'up', previous };
    }
    return {
      trend: `${delta > 0 ? '▲' : '▼'} ${percent(Math.abs(comparison.change) / 100)}`,
      tone: delta > 0 ? 'up' : 'down',
      previous,
    };
  };
};

/** One figure: its value, the comparison with the previous period (when given) and a link to the list it counts. */
export const Kpi = ({
  label,
  value,
  comparison,
  note,
  to,
  testId,
}: {
  label: string;
  value: React.ReactNode;
  comparison?: Comparison;
  /** A plain second line (e.g. a latency), when there is no comparison. */
  note?: React.ReactNode;
  to?: string;
  testId?: string;
}) => {
  const describe = useComparisonText();
  const text = comparison ? describe(comparison) : null;
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} height="100%" data-testid={testId}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="sigma" textColor="neutral600">
          {label}
        </Typography>
        <Typography variant="beta" tag="p">
          {to ? (
            <Link tag={RouterLink} to={to}>
              {value}
            </Link>
          ) : (
            value
          )}
        </Typography>
        {text && (
          <Flex gap={2}>
            <Typography
              variant="pi"
              fontWeight={text.tone === 'flat' ? undefined : 'bold'}
              textColor={text.tone === 'up' ? 'success600' : text.tone === 'down' ? 'danger600' : 'neutral600'}
            >
              {text.trend}
            </Typography>
            {text.previous && (
              <Typography variant="pi" textColor="neutral600">
                {text.previous}
              </Typography>
            )}
          </Flex>
        )}
        {note !== undefined && (
          <Typography variant="pi" textColor="neutral600">
            {note}
          </Typography>
        )}
      </Flex>
    </Box>
  );
};
