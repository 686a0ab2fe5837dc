import { useState } from 'react';
import { Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { CheckboxGroupInput, SelectInput, TextInput, required, useTranslate } from 'react-admin';
import { FREEZE_SCOPES, HOLD_KINDS, type HoldView } from '@sentinel/contracts';
import { ActionForm } from './ActionForm';
import { useCaseActions } from './CaseActionContext';
import { URGENCY_COLOR, urgencyOf } from './timeLeft';
import { enumChoices } from '../../common/labels';
import { ZonedDateTimeInput } from '../../common/dateInputs';
import { useFormatters } from '../../hooks/useFormatters';

type Open = { holdId: string; action: 'renew_hold' | 'release_hold' } | 'place' | null;

/** Time left on a hold, coloured as it runs out (past its alarm: warning; lapsed: error). */
export const TimeLeft = ({ hold }: { hold: HoldView }) => {
  const t = useTranslate();
  const f = useFormatters();
  if (hold.status !== 'active') return <Chip size="small" label={t(`enums.holdStatus.${hold.status}`)} />;
  if (!hold.expiresAt) return <Chip size="small" color="success" label={t('holds.no_expiry')} />;
  const now = Date.now();
  const left = Date.parse(hold.expiresAt) - now;
  const urgency = urgencyOf(hold.expiresAt, hold.warnAt, now);
  return (
    <Chip
      size="small"
      color={URGENCY_COLOR[urgency]}
      data-testid={`hold-left-${hold.id}`}
      data-urgency={urgency}
      label={left > 0 ? t('holds.expires_in', { left: f.duration(left) }) : t('holds.lapsed')}
    />
  );
};

/**
 * The case's holds and police orders (docs/api.md "Holds and police orders"): what is in force until when, the
 * time left coloured as it runs out, and — as the API allows — place, renew and lift.
 */
export const HoldsPanel = () => {
  const { record, allowed } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const [open, setOpen] = useState<Open>(null);
  const holds = record.holds ?? [];
  const close = () => setOpen(null);
  return (
    <Card data-testid="holds-panel">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography variant="h6">
            {t('holds.title')} <Chip size="small" label={holds.filter((h) => h.status === 'active').length} sx={{ ml: 0.5 }} />
          </Typography>
          {allowed('place_hold') && open !== 'place' && (
            <Button size="small" variant="outlined" onClick={() => setOpen('place')}>
              {t('actions.place_hold.label')}
            </Button>
          )}
        </Stack>
        {open === 'place' && (
          <Box sx={{ mb: 2 }}>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {t('actions.place_hold.hint')}
            </Typography>
            <ActionForm action="place_hold" defaults={() => ({ kind: 'police_stop_payment', scope: ['settlement'], placedAt: new Date().toISOString() })} onDone={close} onCancel={close}>
              <SelectInput source="kind" label="holds.fields.kind" choices={enumChoices('holdKind', HOLD_KINDS)} validate={required()} fullWidth />
              <CheckboxGroupInput source="scope" label="holds.fields.scope" choices={enumChoices('freezeScope', FREEZE_SCOPES)} validate={required()} />
              <TextInput source="instructionNumber" label="holds.fields.instructionNumber" fullWidth autoComplete="off" />
              <TextInput source="issuingAuthority" label="holds.fields.issuingAuthority" fullWidth />
              <ZonedDateTimeInput source="placedAt" label="holds.fields.placedAt" validate={required()} fullWidth />
              <ZonedDateTimeInput source="expiresAt" label="holds.fields.expiresAt" helperText="holds.fields.expiresAt_hint" fullWidth />
            </ActionForm>
          </Box>
        )}
        <Stack spacing={1}>
          {holds.map((h) => (
            <Box key={h.id} data-testid={`hold-${h.id}`} sx={{ p: 1.25, bgcolor: '#f7f8fb', borderRadius: 1 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="subtitle2">{t(`enums.holdKind.${h.kind}`)}</Typography>
                <TimeLeft hold={h} />
                {h.scope.map((s) => (
                  <Chip key={s} size="small" variant="outlined" label={t(`enums.freezeScope.${s}`)} />
                ))}
              </Stack>
              <Typography variant="caption" color="text.secondary" component="div">
                {h.instructionNumber ? `${h.instructionNumber} · ${h.issuingAuthority ?? ''} · ` : ''}
                {t('holds.placed', { at: f.dateTime(h.placedAt), by: h.placedByName ?? '' })}
                {h.expiresAt ? ` · ${t('holds.until', { at: f.dateTime(h.expiresAt) })}` : ''}
                {h.renewals.length ? ` · ${t('holds.renewals', { smart_count: h.renewals.length })}` : ''}
                {h.releasedAt ? ` · ${t('holds.released', { at: f.dateTime(h.releasedAt), reason: h.releaseReason ?? '' })}` : ''}
              </Typography>
              {h.status === 'active' && (
                <Stack direction="row" spacing={1} sx={{ mt: 0.5 }}>
                  {allowed('renew_hold') && h.expiresAt && (
                    <Button size="small" onClick={() => setOpen({ holdId: h.id, action: 'renew_hold' })}>
                      {t('actions.renew_hold.label')}
                    </Button>
                  )}
                  {allowed('release_hold') && (
                    <Button size="small" color="warning" onClick={() => setOpen({ holdId: h.id, action: 'release_hold' })}>
                      {t('actions.release_hold.label')}
                    </Button>
                  )}
                </Stack>
              )}
              {open !== null && open !== 'place' && open.holdId === h.id && (
                <Box sx={{ mt: 1 }}>
                  {open.action === 'renew_hold' ? (
                    <ActionForm action="renew_hold" defaults={() => ({ holdId: h.id })} onDone={close} onCancel={close}>
                      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                        {t('actions.renew_hold.hint')}
                      </Typography>
                      <ZonedDateTimeInput source="expiresAt" label="holds.fields.newExpiresAt" helperText="holds.fields.newExpiresAt_hint" fullWidth />
                      <TextInput source="instructionNumber" label="holds.fields.instructionNumber" fullWidth autoComplete="off" />
                    </ActionForm>
                  ) : (
                    <ActionForm action="release_hold" submitColor="warning" defaults={() => ({ holdId: h.id })} onDone={close} onCancel={close}>
                      <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
                    </ActionForm>
                  )}
                </Box>
              )}
            </Box>
          ))}
          {holds.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              {t('holds.none')}
            </Typography>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
