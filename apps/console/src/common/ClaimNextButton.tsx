import { Button, CircularProgress, Tooltip } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useTranslate, type Identifier } from 'react-admin';
import { usePerms } from './usePerms';
import { useClaimNext } from '../flow/useClaimNext';

/**
 * "Claim next" (shortcut C): the API picks the most urgent unassigned case — of `queueId` when given, else of
 * the queue the user chose on My work, else of their team — and assigns it atomically; the console opens it,
 * or says that nothing is waiting (204).
 */
export const ClaimNextButton = ({
  queueId,
  size = 'medium',
  label,
  variant = 'contained',
  testId = 'claim-next',
}: {
  queueId?: Identifier | null;
  size?: 'small' | 'medium' | 'large';
  label?: string;
  variant?: 'contained' | 'outlined';
  testId?: string;
}) => {
  const { can } = usePerms();
  const t = useTranslate();
  const { claim, busy } = useClaimNext();
  if (!can('cases:act')) return null;
  return (
    <Tooltip title={t('app.claim_next.hint')}>
      <span>
        <Button
          variant={variant}
          color="primary"
          size={size}
          onClick={() => void claim(queueId !== undefined ? { queueId } : {})}
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : <PlayArrowIcon />}
          sx={{ whiteSpace: 'nowrap', px: size === 'large' ? 3 : 2 }}
          data-testid={testId}
        >
          {busy ? t('app.claim_next.claiming') : t(label ?? 'app.claim_next.button')}
        </Button>
      </span>
    </Tooltip>
  );
};
