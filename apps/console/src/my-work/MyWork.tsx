import { Box, Grid, Stack, Typography } from '@mui/material';
import { Loading, Navigate, Title, useTranslate } from 'react-admin';
import { usePerms } from '../common/usePerms';
import { useTimeZone } from '../hooks/useFormatters';
import { describeTimeZone } from '../format/formatters';
import { ClaimNextCard } from './ClaimNextCard';
import { MyCasesPanel } from './MyCasesPanel';
import { TeamQueuesPanel } from './TeamQueuesPanel';
import { AwaitingReviewPanel, BreachesPanel, TeamLoadPanel } from './SupervisorPanels';
import { useMyTeam, useTeamQueues } from './useMyTeam';
import { CalendarCoverageBanner } from '../calendars/CalendarCoverageBanner';

/**
 * The analyst's home: "Claim next" (the team's most urgent case, or a chosen queue's), their own open cases
 * with their clocks, and the team's queues with their counts. Supervisors see the same with their emphasis
 * first: cases awaiting review, breaches to assign, the team's load. Works on a fresh installation with no
 * queue at all.
 */
export const MyWork = () => {
  const t = useTranslate();
  const { can, isPending: permsPending } = usePerms();
  const { identity, isPending, teamId, teamName } = useMyTeam();
  const { queues, isPending: queuesPending } = useTeamQueues(teamId);
  const tz = useTimeZone();
  if (permsPending || isPending) return <Loading />;
  if (!can('cases:act')) return <Navigate to="/" replace />;
  const supervises = can('cases:supervise');
  return (
    <Box sx={{ mt: 1, display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="my-work">
      <Title title={t('my_work.title')} />
      <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ alignItems: { sm: 'baseline' }, gap: 1.5 }}>
        <Typography variant="h5" component="h1">
          {t('my_work.greeting', { name: identity?.fullName ?? '' })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {[teamName ?? t('my_work.no_team'), describeTimeZone(tz)].join(' · ')}
        </Typography>
      </Stack>
      {/* Supervisors land here: the calendar warning of their dashboard is theirs here too. */}
      {supervises && <CalendarCoverageBanner />}
      {supervises && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 7 }}>
            <AwaitingReviewPanel teamId={teamId} />
          </Grid>
          <Grid size={{ xs: 12, lg: 5 }}>
            <BreachesPanel teamId={teamId} />
          </Grid>
        </Grid>
      )}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 5 }}>
          <ClaimNextCard queues={queues} teamId={teamId} teamName={teamName} />
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>{supervises ? <TeamLoadPanel teamId={teamId} /> : <TeamQueuesPanel queues={queues} isPending={queuesPending} teamName={teamName} />}</Grid>
      </Grid>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: supervises ? 7 : 12 }}>
          <MyCasesPanel />
        </Grid>
        {supervises && (
          <Grid size={{ xs: 12, lg: 5 }}>
            <TeamQueuesPanel queues={queues} isPending={queuesPending} teamName={teamName} />
          </Grid>
        )}
      </Grid>
    </Box>
  );
};

export default MyWork;
