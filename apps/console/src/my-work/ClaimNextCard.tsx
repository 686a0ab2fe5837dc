import { Box, Card, CardContent, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import type { CaseListRow } from '@sentinel/contracts';
import type { QueueRow } from '../queues/types';
import { queueCounts } from '../queues/types';
import { ClaimNextButton } from '../common/ClaimNextButton';
import { useFlowSettings } from '../flow/flowSettings';
import { UNASSIGNED } from '../dataProvider';
import { quietRefresh } from '../common/polling';
import { Kbd } from '../shortcuts/ShortcutHelp';

/** The stages claim-next takes from (docs/domain.md "Teams and queues": never a case in review). */
const CLAIMABLE_STAGES = ['freeze', 'police_report', 'merchant_contact', 'evidence'];

/**
 * The big "Claim next" of My work: from the team's most urgent case, or from a queue the person chooses (the
 * choice is remembered), with how many cases are waiting there.
 */
export const ClaimNextCard = ({ queues, teamId, teamName }: { queues: QueueRow[]; teamId: string | null; teamName: string | null }) => {
  const t = useTranslate();
  const [flow, setFlow] = useFlowSettings();
  const chosen = flow.claimFrom ? queues.find((q) => q.id === flow.claimFrom) : undefined;
  const { total: teamWaiting } = useGetList<CaseListRow>(
    'cases',
    {
      filter: { status: 'open', assigneeId: UNASSIGNED, stage: CLAIMABLE_STAGES, ...(teamId ? { teamId } : {}) },
      pagination: { page: 1, perPage: 1 },
      sort: { field: 'dueAt', order: 'ASC' },
    },
    { ...quietRefresh, enabled: !chosen },
  );
  const waiting = chosen ? queueCounts(chosen).unassigned : teamWaiting;
  const teamLabel = teamName ? t('my_work.claim.from_team', { team: teamName }) : t('my_work.claim.from_all');
  return (
    <Card sx={{ height: '100%', borderColor: 'primary.light', borderWidth: 1.5 }} data-testid="claim-card">
      <CardContent>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          {t('my_work.claim.title')}
        </Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: 2, alignItems: { sm: 'center' } }}>
          <ClaimNextButton size="large" queueId={chosen ? chosen.id : null} />
          <TextField
            select
            size="small"
            label={t('my_work.claim.from')}
            value={chosen ? chosen.id : ''}
            onChange={(e) => setFlow({ claimFrom: e.target.value || null })}
            sx={{ minWidth: 260 }}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'claim-from' } }}
          >
            <MenuItem value="">{teamLabel}</MenuItem>
            {queues.map((q) => (
              <MenuItem key={q.id} value={q.id}>
                {q.name}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
        <Typography variant="body2" sx={{ mt: 1.5 }} data-testid="claim-waiting">
          {waiting == null ? t('app.loading') : waiting === 0 ? t('my_work.claim.nothing_waiting') : t('my_work.claim.waiting', { smart_count: waiting })}
        </Typography>
        <Box sx={{ mt: 1.5, display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="caption" color="text.secondary">
            <Kbd>C</Kbd>
            {t('my_work.claim.shortcut')}
          </Typography>
          <FormControlLabel
            control={<Switch size="small" checked={flow.autoNext} onChange={(e) => setFlow({ autoNext: e.target.checked })} />}
            label={<Typography variant="body2">{t('flow.next.auto')}</Typography>}
          />
        </Box>
      </CardContent>
    </Card>
  );
};
