import { useEffect, useState } from 'react';
import { Alert, AlertTitle, Box, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import ErrorIcon from '@mui/icons-material/ErrorOutlineOutlined';
import { useWatch } from 'react-hook-form';
import { LinkBase, TextInput, useGetList, useGetOne, useTranslate } from 'react-admin';
import { SN_MAX_LENGTH, type CaseListRow } from '@sentinel/contracts';
import { snPreview } from './reportPayload';
import { StageChip } from '../common/chips';
import { Mono } from '../common/Hash';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(h);
  }, [value, ms]);
  return v;
}

const validateSn = (value: unknown) => (value && !snPreview(String(value)).valid ? 'intake.sn_invalid' : undefined);

/**
 * The SN as typed, and under it the SN as it will be stored (docs/api.md "Conventions": NFKC, whitespace
 * removed, upper case; valid form 6–32 of A–Z, 0–9 and -), updated with every key press.
 */
export const SnInput = () => {
  const t = useTranslate();
  const typed = useWatch({ name: 'sn' }) as string | undefined;
  const { sn, valid } = snPreview(typed);
  return (
    <Box>
      <TextInput
        source="sn"
        label="resources.reports.fields.sn"
        validate={validateSn}
        isRequired
        fullWidth
        autoComplete="off"
        autoFocus
        slotProps={{ htmlInput: { maxLength: SN_MAX_LENGTH * 4, spellCheck: false, 'data-testid': 'sn-input' } }}
        helperText={false}
      />
      {typed ? (
        <Typography
          variant="body2"
          sx={{ mt: 0.5, mb: 2, ml: 1.5, display: 'flex', alignItems: 'center', gap: 0.75, color: valid ? 'success.dark' : 'error.main' }}
          data-testid="sn-preview"
        >
          {valid ? <CheckCircleIcon fontSize="small" /> : <ErrorIcon fontSize="small" />}
          {valid ? t('intake.sn_stored_as') : t('intake.sn_not_valid')}
          <Mono>{sn || '∅'}</Mono>
        </Typography>
      ) : (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5, mb: 2, ml: 1.5 }}>
          {t('intake.sn_help')}
        </Typography>
      )}
    </Box>
  );
};

const TeamName = ({ id }: { id: string }) => {
  const { data } = useGetOne<{ id: string; name: string }>('teams', { id }, { staleTime: 5 * 60_000 });
  return <>{data?.name ?? '…'}</>;
};

/**
 * Before submitting: an open case of the same SN (searched by the normalised SN) is named, since the report
 * will be added to it instead of opening a second case.
 */
export const DuplicateWarning = ({ myTeamId }: { myTeamId: string | null }) => {
  const t = useTranslate();
  const typed = useWatch({ name: 'sn' }) as string | undefined;
  const { sn, valid } = snPreview(typed);
  const settled = useDebounced(sn, 300);
  const ready = valid && settled === sn;
  const { data, isFetching } = useGetList<CaseListRow>(
    'cases',
    { filter: { q: settled, status: 'open' }, pagination: { page: 1, perPage: 20 }, sort: { field: 'createdAt', order: 'DESC' } },
    { enabled: ready, staleTime: 5_000 },
  );
  const matches = ready ? (data ?? []).filter((r) => r.sn === sn) : [];
  if (!matches.length) {
    return ready && isFetching ? (
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
        {t('intake.checking_duplicates')}
      </Typography>
    ) : null;
  }
  return (
    <Alert severity="warning" sx={{ mb: 2 }} data-testid="duplicate-warning">
      <AlertTitle>{t('intake.duplicate_title', { sn })}</AlertTitle>
      {matches.map((c) => (
        <Box key={c.id} sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 0.5 }}>
          <Typography variant="body2" component={LinkBase} to={`/cases/${encodeURIComponent(String(c.id))}/show`} target="_blank" sx={{ fontWeight: 700 }}>
            {c.reference}
          </Typography>
          <StageChip value={c.stage} />
          <Typography variant="body2">{c.assignee?.name ?? t('app.unassigned')}</Typography>
          {c.teamId && myTeamId && c.teamId !== myTeamId && (
            <Typography variant="body2" color="text.secondary">
              · {t('intake.other_team')} <TeamName id={c.teamId} />
            </Typography>
          )}
        </Box>
      ))}
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        {t('intake.duplicate_body')}
      </Typography>
    </Alert>
  );
};
