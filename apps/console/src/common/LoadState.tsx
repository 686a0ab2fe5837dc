import type { ReactNode } from 'react';
import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

interface LoadStateProps {
  pending: boolean;
  error?: unknown;
  empty: boolean;
  /** Said when loaded and empty (already translated). */
  emptyText: ReactNode;
  /** What shows once loaded with something to show; a function, so it reads the data only then. */
  children: () => ReactNode;
}

/** A card's three states before its content: loading, failed, nothing to show — one short line each. */
export const LoadState = ({ pending, error, empty, emptyText, children }: LoadStateProps) => {
  const t = useTranslate();
  if (pending)
    return (
      <Typography variant="body2" color="text.secondary">
        {t('app.loading')}
      </Typography>
    );
  if (error)
    return (
      <Typography variant="body2" color="error">
        {t('app.load_failed')}
      </Typography>
    );
  if (empty)
    return (
      <Typography variant="body2" color="text.secondary">
        {emptyText}
      </Typography>
    );
  return <>{children()}</>;
};
