import { useEffect, useState } from 'react';
import { Box, CircularProgress } from '@mui/material';
import { useQueryClient, type Query } from '@tanstack/react-query';
import { RefreshIconButton } from 'react-admin';

/** A refresh of data already on screen is shown only when it takes longer than this. */
const SLOW_MS = 800;

/**
 * The app bar's progress indicator: on for first loads, saves and anything slow, but not for the quiet
 * refreshes of lists and case pages that keep the screen current every few seconds. Same class names as
 * react-admin's LoadingIndicator (RaLoadingIndicator-loader) so tools that wait for it keep working.
 */
export const QuietLoadingIndicator = () => {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let slowTimer: ReturnType<typeof setTimeout> | null = null;
    const compute = () => {
      const fetching = client.getQueryCache().findAll({ fetchStatus: 'fetching' });
      const firstLoad = fetching.some((q: Query) => q.state.data === undefined);
      const mutating = client.isMutating() > 0;
      if (firstLoad || mutating) {
        setBusy(true);
        return;
      }
      if (fetching.length === 0) {
        if (slowTimer) clearTimeout(slowTimer);
        slowTimer = null;
        setBusy(false);
        return;
      }
      if (!slowTimer) {
        slowTimer = setTimeout(() => {
          slowTimer = null;
          if (client.getQueryCache().findAll({ fetchStatus: 'fetching' }).length > 0) setBusy(true);
        }, SLOW_MS);
      }
    };
    const unsubQ = client.getQueryCache().subscribe(compute);
    const unsubM = client.getMutationCache().subscribe(compute);
    compute();
    return () => {
      unsubQ();
      unsubM();
      if (slowTimer) clearTimeout(slowTimer);
    };
  }, [client]);
  return (
    <Box className="RaLoadingIndicator-root" sx={{ position: 'relative', display: 'inline-flex', alignItems: 'center' }}>
      <RefreshIconButton className="RaLoadingIndicator-loadedIcon" />
      {busy && (
        <CircularProgress
          className="app-loader RaLoadingIndicator-loader"
          color="inherit"
          size={16}
          thickness={6}
          sx={{ position: 'absolute', left: 12, pointerEvents: 'none' }}
        />
      )}
    </Box>
  );
};
