import { Box, Button, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { LinkBase, useTranslate } from 'react-admin';
import type { QueueRow } from '../queues/types';
import { Panel, EmptyText } from './Panel';
import { QueueCountChips } from '../queues/QueueCountChips';
import { QueueFilterSummary } from '../queues/QueueFilterSummary';
import { ClaimNextButton } from '../common/ClaimNextButton';
import { usePerms } from '../common/usePerms';

/**
 * The queues of the person's team with their counts, each with its own "claim from here". Without queues it
 * says that claim next takes from the whole team; only people who may create queues are offered to.
 */
export const TeamQueuesPanel = ({ queues, isPending, teamName }: { queues: QueueRow[]; isPending: boolean; teamName: string | null }) => {
  const t = useTranslate();
  const { can } = usePerms();
  const mayCreate = can('queues:manage');
  return (
    <Panel
      title={teamName ? t('my_work.queues.title_team', { team: teamName }) : t('my_work.queues.title')}
      count={isPending ? null : queues.length}
      testId="team-queues"
      action={
        mayCreate && queues.length > 0 ? (
          <Button size="small" component={LinkBase} to="/queues/create" startIcon={<AddIcon />}>
            {t('my_work.queues.create')}
          </Button>
        ) : undefined
      }
    >
      {isPending ? (
        <EmptyText>{t('app.loading')}</EmptyText>
      ) : queues.length === 0 ? (
        <Box data-testid="team-queues-empty">
          <EmptyText>{teamName ? t('my_work.queues.none') : t('my_work.queues.none_no_team')}</EmptyText>
          {mayCreate && (
            <Button size="small" variant="outlined" component={LinkBase} to="/queues/create" startIcon={<AddIcon />}>
              {t('my_work.queues.create')}
            </Button>
          )}
        </Box>
      ) : (
        <Stack spacing={1}>
          {queues.map((q) => (
            <Box key={q.id} sx={{ display: 'flex', alignItems: 'center', gap: 1.5, p: 1, border: '1px solid', borderColor: 'divider', borderRadius: 1 }} data-testid="team-queue">
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <Typography variant="body2" component={LinkBase} to={`/queues/${encodeURIComponent(q.id)}/show`} sx={{ fontWeight: 600, color: 'primary.main', textDecoration: 'none' }}>
                  {q.name}
                </Typography>
                <Box sx={{ mt: 0.25 }}>
                  <QueueFilterSummary filter={q.filter} />
                </Box>
                <Box sx={{ mt: 0.5 }}>
                  <QueueCountChips queue={q} />
                </Box>
              </Box>
              <ClaimNextButton queueId={q.id} size="small" variant="outlined" label="my_work.queues.claim_here" testId={`claim-queue-${q.id}`} />
            </Box>
          ))}
        </Stack>
      )}
    </Panel>
  );
};
