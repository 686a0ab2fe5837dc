import { Box, Button, FormControlLabel, Stack, Switch, Typography } from '@mui/material';
import HomeIcon from '@mui/icons-material/HomeOutlined';
import { LinkBase, useGetIdentity, useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { ClaimNextButton } from '../../common/ClaimNextButton';
import { useFlowSettings } from '../../flow/flowSettings';
import { usePerms } from '../../common/usePerms';

/**
 * What the case page says when it holds nothing more for the reader: why (the supervisors review it, it is
 * closed, it is someone else's), and the way on — the next case, or My work — with the setting to go to the
 * next case straight away after finishing one.
 */
export const NextCaseCard = ({ waiting = false }: { waiting?: boolean }) => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const { identity } = useGetIdentity();
  const { can } = usePerms();
  const [flow, setFlow] = useFlowSettings();
  const mine = identity?.id != null && record.assigneeId === String(identity.id);
  let reason: string;
  if (waiting) reason = t('flow.next.while_waiting');
  else if (record.status === 'closed') reason = t('flow.next.closed');
  else if (record.stage === 'review' && mine) reason = t('flow.next.in_review');
  else if (record.stage === 'review') reason = t('flow.next.review_other');
  else if (record.assigneeId && !mine) reason = t('flow.next.someone_else', { name: record.assignee?.name ?? '—' });
  else reason = t('resources.cases.page.no_actions');
  if (!can('cases:act')) return null;
  return (
    <Box sx={{ mt: waiting ? 2 : 0, p: 1.5, borderRadius: 1, bgcolor: '#f4f7fb', border: '1px solid', borderColor: 'divider' }} data-testid="next-case">
      <Typography variant="body2" sx={{ mb: 1.25 }} data-testid={waiting ? 'next-case-reason' : 'no-actions'}>
        {reason}
      </Typography>
      <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <ClaimNextButton size="medium" label={waiting ? 'flow.next.meanwhile' : undefined} variant={waiting ? 'outlined' : 'contained'} />
        <Button component={LinkBase} to="/my-work" startIcon={<HomeIcon />} size="medium">
          {t('my_work.title')}
        </Button>
        <Box sx={{ flex: 1 }} />
        <FormControlLabel
          control={<Switch size="small" checked={flow.autoNext} onChange={(e) => setFlow({ autoNext: e.target.checked })} data-testid="auto-next" />}
          label={<Typography variant="body2">{t('flow.next.auto')}</Typography>}
        />
      </Stack>
    </Box>
  );
};
