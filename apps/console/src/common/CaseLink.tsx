import type { MouseEvent as ReactMouseEvent, ReactNode } from 'react';
import { Typography } from '@mui/material';
import { LinkBase } from 'react-admin';

/**
 * A case's reference as a link to its page, as every panel and table shows it. In a clickable list row the click
 * stays on the link (`inRow`), so the row's own click does not fire too.
 */
export const CaseLink = ({ id, children, inRow }: { id: string; children: ReactNode; inRow?: boolean }) => (
  <Typography
    variant="body2"
    component={LinkBase}
    to={`/cases/${encodeURIComponent(id)}/show`}
    onClick={inRow ? (e: ReactMouseEvent) => e.stopPropagation() : undefined}
    sx={{ fontWeight: 600, color: 'primary.main', textDecoration: 'none', whiteSpace: 'nowrap', '&:hover': { textDecoration: 'underline' } }}
  >
    {children}
  </Typography>
);
