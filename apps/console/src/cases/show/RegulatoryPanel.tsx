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
 * left coloured, the filing form for a running clock, and starting one by hand. They run on after the case closes.
 */
export const RegulatoryPanel = () => {
  const { record, allowed } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const [filing, setFiling] = useState<string | 'start' | null>(null);
  const clocks = record.regulatoryClocks ?? [];
  const close = () => setFiling(null);
  if (!clocks.length && !allowed('start_regulatory_clock')) return null;
  return (
    <Card data-testid="regulatory-panel">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography variant="h6">{t('regulatory.title')}</Typography>
          {allowed('start_regulatory_clock') && filing !== 'start' && (
            <Button size="small" variant="outlined" onClick={() => setFiling('start')}>
              {t('actions.start_regulatory_clock.label')}
            </Button>
          )}
        </Stack>
        {filing === 'start' && (
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
              </Typography>
              {RUNNING.includes(k.state) && allowed('record_regulatory_filing') && filing !== k.id && (
                <Button size="small" sx={{ mt: 0.5 }} onClick={() => setFiling(k.id)}>
                  {t('actions.record_regulatory_filing.label')}
                </Button>
              )}
              {filing === k.id && (
                <Box sx={{ mt: 1 }}>
                  <ActionForm action="record_regulatory_filing" defaults={() => ({ clockId: k.id, filedAt: new Date().toISOString() })} onDone={close} onCancel={close}>
                    <ZonedDateTimeInput source="filedAt" label="regulatory.fields.filedAt" validate={required()} fullWidth />
                    <TextInput source="reference" label="regulatory.fields.reference" validate={required()} fullWidth autoComplete="off" />
                  </ActionForm>
                </Box>
              )}
            </Box>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
};
