import { useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { SelectInput, TextInput, required, useTranslate } from 'react-admin';
import { REGULATORY_KINDS, type RegulatoryClockView } from '@sentinel/contracts';
import { ActionForm } from './ActionForm';
import { useCaseActions } from './CaseActionContext';
import { URGENCY_COLOR, urgencyOf } from './timeLeft';
import { enumChoices } from '../../common/labels';
import { ZonedDateTimeInput } from '../../common/dateInputs';
import { useFormatters } from '../../hooks/useFormatters';

const RUNNING = ['on_track', 'warning', 'breached'];

const DueChip = ({ clock }: { clock: RegulatoryClockView }) => {
  const t = useTranslate();
  const f = useFormatters();
  if (!RUNNING.includes(clock.state)) return <Chip size="small" label={t(`enums.regulatoryState.${clock.state}`)} />;
  const now = Date.now();
  const left = Date.parse(clock.dueAt) - now;
  const urgency = clock.state === 'breached' ? 'overdue' : urgencyOf(clock.dueAt, clock.warnAt, now);
  return (
    <Chip
      size="small"
      color={URGENCY_COLOR[urgency]}
      data-urgency={urgency}
      label={left > 0 ? t('regulatory.due_in', { left: f.duration(left) }) : t('regulatory.overdue_by', { late: f.duration(-left) })}
    />
  );
};

/**
 * Deadlines owed to regulators and card schemes (docs/api.md "Regulatory clocks"), beside the stage clocks: time
 * left coloured, the filing and cancelling forms for a running clock, and starting one by hand. They run on after the case closes.
 */
export const RegulatoryPanel = () => {
  const { record, allowed } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  /** The open form: starting a clock, or filing / cancelling one clock. */
  const [open, setOpen] = useState<{ clockId: string; action: 'record_regulatory_filing' | 'cancel_regulatory_clock' } | 'start' | null>(null);
  const clocks = record.regulatoryClocks ?? [];
  const close = () => setOpen(null);
  if (!clocks.length && !allowed('start_regulatory_clock')) return null;
  return (
    <Card data-testid="regulatory-panel">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography variant="h6">{t('regulatory.title')}</Typography>
          {allowed('start_regulatory_clock') && open !== 'start' && (
            <Button size="small" variant="outlined" onClick={() => setOpen('start')}>
              {t('actions.start_regulatory_clock.label')}
            </Button>
          )}
        </Stack>
        {open === 'start' && (
          <Box sx={{ mb: 2 }}>
            <ActionForm action="start_regulatory_clock" defaults={() => ({ kind: 'pboc_major_event', startedAt: new Date().toISOString() })} onDone={close} onCancel={close}>
              <SelectInput source="kind" label="regulatory.fields.kind" choices={enumChoices('regulatoryKind', REGULATORY_KINDS)} validate={required()} fullWidth />
              <ZonedDateTimeInput source="startedAt" label="regulatory.fields.startedAt" fullWidth />
            </ActionForm>
          </Box>
        )}
        <Stack spacing={1}>
          {clocks.map((k) => (
            <Box key={k.id} data-testid={`regulatory-${k.kind}`} sx={{ p: 1.25, bgcolor: '#f7f8fb', borderRadius: 1 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="subtitle2">{t(`enums.regulatoryKind.${k.kind}`)}</Typography>
                <DueChip clock={k} />
                {k.automatic && <Chip size="small" variant="outlined" label={t('regulatory.automatic')} />}
              </Stack>
              <Typography variant="caption" color="text.secondary" component="div">
                {t('regulatory.due', { at: f.dateTime(k.dueAt) })}
                {k.filedAt ? ` · ${t('regulatory.filed', { at: f.dateTime(k.filedAt), reference: k.reference ?? '' })}` : ''}
                {k.cancelledAt ? ` · ${t('regulatory.cancelled', { at: f.dateTime(k.cancelledAt), reason: k.cancelReason ?? '' })}` : ''}
              </Typography>
              {RUNNING.includes(k.state) && open === null && (
                <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
                  {allowed('record_regulatory_filing') && (
                    <Button size="small" onClick={() => setOpen({ clockId: k.id, action: 'record_regulatory_filing' })}>
                      {t('actions.record_regulatory_filing.label')}
                    </Button>
                  )}
                  {allowed('cancel_regulatory_clock') && (
                    <Button size="small" color="warning" onClick={() => setOpen({ clockId: k.id, action: 'cancel_regulatory_clock' })}>
                      {t('actions.cancel_regulatory_clock.label')}
                    </Button>
                  )}
                </Stack>
              )}
              {open !== null && open !== 'start' && open.clockId === k.id && (
                <Box sx={{ mt: 1 }}>
                  {open.action === 'record_regulatory_filing' ? (
                    <ActionForm action="record_regulatory_filing" defaults={() => ({ clockId: k.id, filedAt: new Date().toISOString() })} onDone={close} onCancel={close}>
                      <ZonedDateTimeInput source="filedAt" label="regulatory.fields.filedAt" validate={required()} fullWidth />
                      <TextInput source="reference" label="regulatory.fields.reference" validate={required()} fullWidth autoComplete="off" />
                    </ActionForm>
                  ) : (
                    <ActionForm action="cancel_regulatory_clock" submitColor="warning" defaults={() => ({ clockId: k.id })} onDone={close} onCancel={close}>
                      <TextInput source="reason" label="regulatory.fields.cancelReason" multiline minRows={2} validate={required()} fullWidth />
                    </ActionForm>
                  )}
                </Box>
              )}
            </Box>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
};
