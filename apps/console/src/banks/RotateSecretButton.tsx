import { useState } from 'react';
import { Button as MuiButton, CircularProgress, Typography } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import GppBadIcon from '@mui/icons-material/GppBadOutlined';
import { Confirm, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import type { BankRecord } from './BankList';
import { ShownOnceDialog } from '../common/ShownOnceDialog';
import { useProblemNotify } from '../common/useProblemNotify';
import { usePerms } from '../common/usePerms';
import { useFormatters } from '../hooks/useFormatters';

/**
 * POST /api/banks/:id/rotate-secret: the new secret is shown once; the old one lasts the grace period — or, for an
 * emergency rotation (the secret leaked), ends at once.
 */
export const RotateSecretButton = ({ emergency = false }: { emergency?: boolean }) => {
  const record = useRecordContext<BankRecord>();
  const { can } = usePerms();
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notifyProblem = useProblemNotify();
  const f = useFormatters();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ secret: string; previousSecretExpiresAt: string | null } | null>(null);
  if (!record || !can('banks:manage')) return null;
  const rotate = async () => {
    setConfirming(false);
    setBusy(true);
    try {
      setResult(await dp.rotateBankSecret(record.id, emergency));
    } catch (e) {
      notifyProblem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <MuiButton
        size="small"
        color={emergency ? 'error' : 'warning'}
        startIcon={busy ? <CircularProgress size={14} color="inherit" /> : emergency ? <GppBadIcon /> : <AutorenewIcon />}
        disabled={busy}
        onClick={() => setConfirming(true)}
        data-testid={emergency ? 'rotate-secret-emergency' : 'rotate-secret'}
      >
        {t(emergency ? 'resources.banks.page.rotate_emergency' : 'resources.banks.page.rotate')}
      </MuiButton>
      <Confirm
        isOpen={confirming}
        title={emergency ? 'resources.banks.page.rotate_emergency' : 'resources.banks.page.rotate'}
        content={emergency ? 'resources.banks.page.rotate_emergency_confirm' : 'resources.banks.page.rotate_confirm'}
        onConfirm={() => void rotate()}
        onClose={() => setConfirming(false)}
        confirmColor="warning"
      />
      <ShownOnceDialog
        open={!!result}
        title={t('resources.banks.page.rotated')}
        value={result?.secret ?? null}
        extra={
          result?.previousSecretExpiresAt ? (
            <Typography variant="body2" color="text.secondary">
              {t('resources.banks.page.previous_until', { at: f.dateTime(result.previousSecretExpiresAt) })}
            </Typography>
          ) : result && emergency ? (
            <Typography variant="body2" color="text.secondary">
              {t('resources.banks.page.previous_ended')}
            </Typography>
          ) : null
        }
        onClose={() => setResult(null)}
      />
    </>
  );
};
