import type { ReactNode } from 'react';
import { Box, Table, TableBody, TableCell, TableHead, TableRow, type SxProps, type TableRowProps, type Theme } from '@mui/material';

/** One column of a `SimpleTable`: its header and what a row shows in it. */
export interface Column<T> {
  header?: ReactNode;
  cell: (row: T) => ReactNode;
  sx?: SxProps<Theme>;
  align?: 'left' | 'right' | 'center';
}

interface SimpleTableProps<T> {
  columns: Array<Column<T> | false>;
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** Per-row props (hover, test id, click, style). */
  rowProps?: (row: T) => TableRowProps & { 'data-testid'?: string };
  /** Scroll inside this height with the header kept in view. */
  maxHeight?: number;
}

/**
 * The small tables of panels and cards (dashboard, my work, audit, keys, notifications): a header row and a row per
 * item, nothing else. Lists with paging, sorting and filters use react-admin's `DataTable` instead.
 */
export function SimpleTable<T>({ columns, rows, rowKey, rowProps, maxHeight }: SimpleTableProps<T>) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const table = (
    <Table size="small" stickyHeader={maxHeight !== undefined}>
      <TableHead>
        <TableRow>
          {shown.map((c, i) => (
            <TableCell key={i} sx={c.sx} align={c.align}>
              {c.header}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r, index) => (
          <TableRow key={rowKey(r, index)} {...rowProps?.(r)}>
            {shown.map((c, i) => (
              <TableCell key={i} sx={c.sx} align={c.align}>
                {c.cell(r)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return maxHeight === undefined ? table : <Box sx={{ maxHeight, overflowY: 'auto' }}>{table}</Box>;
}
