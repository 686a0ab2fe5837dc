import { useState } from 'react';
import { Button, CircularProgress, Tooltip } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useDataProvider, useNavigate, useNotify, useTranslate, type Identifier } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import type { SentinelDataProvider } from '../dataProvider';
import { useProblemNotify } from './useProblemNotify';
import { usePerms } from './usePerms';

/**
 * "Claim next": the API picks the most urgent unassigned case (of the queue, else of the
 * caller's team) and assigns it atomically; we open it, or say that nothing is waiting (204).
 */
export const ClaimNextButton = ({ queueId, size = 'medium' }: { queueId?: Identifier | null; size?: 'small' | 'medium' | 'large' }) => {
  const { can } = usePerms();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const navigate = useNavigate();
  const t = useTranslate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!can('cases:act')) return null;

  const claim = async () => {
    setBusy(true);
    try {
      const claimed = await dp.claimNext(queueId ?? null);
      if (!claimed) {
        notify('app.claim_next.nothing', { type: 'info' });
        return;
      }
      queryClient.setQueryData(['cases', 'getOne', { id: String(claimed.id) }], claimed);
      void queryClient.invalidateQueries({ queryKey: ['cases', 'getList'] });
      void queryClient.invalidateQueries({ queryKey: ['queues'] });
      notify('app.claim_next.claimed', { type: 'success', messageArgs: { reference: claimed.reference } });
      navigate(`/cases/${encodeURIComponent(String(claimed.id))}/show`);
    } catch (e) {
      notifyProblem(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Tooltip title={t('app.claim_next.hint')}>
      <span>
        <Button
          variant="contained"
          color="primary"
          size={size}
          onClick={() => void claim()}
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : <PlayArrowIcon />}
          sx={{ whiteSpace: 'nowrap', px: size === 'large' ? 3 : 2 }}
          data-testid="claim-next"
        >
          {busy ? t('app.claim_next.claiming') : t('app.claim_next.button')}
        </Button>
      </span>
    </Tooltip>
  );
};
