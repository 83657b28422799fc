import { Box, Table, Tbody, Td, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import type * as React from 'react';

export interface Column<T> {
  key: string;
  label: string;
  /** Screen-reader-only header (action columns). */
  hidden?: boolean;
  render: (row: T) => React.ReactNode;
}

/** A design-system table of rows; cells render through their column. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  label,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  label: string;
}) {
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1} aria-label={label}>
      <Thead>
        <Tr>
          {columns.map((column) => (
            <Th key={column.key}>
              {column.hidden ? (
                <VisuallyHidden>{column.label}</VisuallyHidden>
              ) : (
                <Typography variant="sigma" textColor="neutral600">
                  {column.label}
                </Typography>
              )}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={rowKey(row)}>
            {columns.map((column) => (
              <Td key={column.key}>{column.render(row)}</Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** Plain cell text. */
export const Cell = ({ children, muted }: { children: React.ReactNode; muted?: boolean }) => (
  <Box maxWidth="24rem">
    <Typography textColor={muted ? 'neutral600' : 'neutral800'} ellipsis>
      {children}
    </Typography>
  </Box>
);
