import { Box, Card, CardContent, Step, StepLabel, Stepper, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import SkipNextIcon from '@mui/icons-material/SkipNext';
import { useTranslate } from 'react-admin';
import { STAGES, type ClockView, type Stage } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import { ClockStateChip } from '../../common/chips';
import { useEnumLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { useCountdown } from '../../hooks/useCountdown';

/** The clock of the stage's latest entry (a reopened case has several per stage). */
function latestClock(clocks: ClockView[] | undefined, stage: Stage): ClockView | undefined {
  return (clocks ?? []).filter((c) => c.stage === stage).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt)).at(-1);
}

const RUNNING = new Set(['on_track', 'warning', 'breached']);

const ClockLine = ({ clock }: { clock: ClockView }) => {
  const t = useTranslate();
  const f = useFormatters();
  const running = RUNNING.has(clock.state);
  const cd = useCountdown(running ? clock.dueAt : null);
  return (
    <Box sx={{ mt: 0.5, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 0.25 }}>
      <ClockStateChip state={clock.state} breachedAt={clock.breachedAt} />
      <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
        {clock.metAt ? t('resources.cases.page.clock_met', { at: f.dateTime(clock.metAt) }) : t('resources.cases.page.clock_due', { at: f.dateTime(clock.dueAt) })}
      </Typography>
      {running && cd.remainingMs != null && (
        <Typography
          variant="body2"
          sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: cd.overdue ? 'error.main' : clock.state === 'warning' ? 'warning.dark' : 'text.primary' }}
          data-testid={`countdown-${clock.stage}`}
        >
          {cd.overdue ? `−${cd.clock}` : cd.clock}
        </Typography>
      )}
      {clock.target && (
        <Typography variant="caption" color="text.secondary">
          SLA {f.isoDuration(clock.target)}
        </Typography>
      )}
    </Box>
  );
};

/** The five stages in order, each with its clock: state, due time and a live countdown. */
export const StageStepper = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const currentIndex = STAGES.indexOf(record.stage);
  const open = record.status === 'open';
  return (
    <Card>
      <CardContent sx={{ pb: '12px !important', overflowX: 'auto' }}>
        <Stepper activeStep={open ? currentIndex : STAGES.length} alternativeLabel sx={{ minWidth: 720 }}>
          {STAGES.map((stage, i) => {
            const clock = latestClock(record.clocks, stage);
            const waived = (record.waivedStages ?? []).includes(stage) || clock?.state === 'waived';
            const done = waived || clock?.state === 'met' || (i < currentIndex && !!clock);
            const current = open && i === currentIndex;
            return (
              <Step key={stage} completed={done && !current}>
                <StepLabel
                  icon={waived ? <SkipNextIcon color="disabled" /> : done && !current ? <CheckCircleIcon color="success" /> : undefined}
                  error={current && clock?.state === 'breached'}
                  optional={
                    clock ? (
                      <ClockLine clock={clock} />
                    ) : (
                      <Typography variant="caption" color="text.secondary">
                        {waived ? t('resources.cases.page.stage_waived') : t('resources.cases.page.stage_not_started')}
                      </Typography>
                    )
                  }
                >
                  <Typography variant="body2" sx={{ fontWeight: current ? 700 : 500 }}>
                    {label('stage', stage)}
                    {waived ? ` · ${t('resources.cases.page.stage_waived')}` : ''}
                  </Typography>
                </StepLabel>
              </Step>
            );
          })}
        </Stepper>
      </CardContent>
    </Card>
  );
};
