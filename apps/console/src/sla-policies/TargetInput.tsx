import { useEffect, useState } from 'react';
import { FormHelperText, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { FieldTitle, ValidationError, required, useInput, useTranslate, type Validator } from 'react-admin';
import { parseIsoDuration } from '../format/formatters';
import { isWholeTarget, joinTarget, splitTarget, targetUnitKey, type TargetUnit } from '../format/slaTarget';

const UNITS_SHOWN: TargetUnit[] = ['minutes', 'hours', 'days'];

/** A target as people say it: "2 working days", "1 hour" (the calendar decides whether time is working time). */
export function useTargetText() {
  const t = useTranslate();
  return (iso: string | null | undefined, plain: boolean): string => {
    const parts = splitTarget(iso, plain);
    if (!parts) return t('sla_target.iso', { value: iso ?? '' });
    return t(targetUnitKey(parts.unit, plain), { smart_count: parts.amount });
  };
}

/**
 * SLA target entered as a whole number and a unit (minutes, hours, days; working ones on a business calendar),
 * stored as the ISO 8601 duration the API takes. A target no single unit can say (`P1DT4H` on a business
 * calendar, set through the API) is shown as it is, and replaced as soon as a number and unit are chosen.
 */
export const TargetInput = ({ source, plain }: { source: string; plain: boolean }) => {
  const t = useTranslate();
  const targetText = useTargetText();
  const wholeTarget: Validator = (v: unknown) => {
    if (typeof v !== 'string' || v === '' || isWholeTarget(v, plain)) return undefined;
    // A valid target no single unit can say (set through the API) is kept as it is.
    if (splitTarget(v, plain) === null && parseIsoDuration(v)) return undefined;
    return 'resources.sla-policies.page.target_invalid';
  };
  const { field, fieldState, isRequired, id } = useInput({ source, validate: [required(), wholeTarget] });
  const value = typeof field.value === 'string' ? field.value : '';
  const parsed = splitTarget(value, plain);
  const [amount, setAmount] = useState<string>(parsed ? String(parsed.amount) : '');
  const [unit, setUnit] = useState<TargetUnit>(parsed?.unit ?? 'hours');

  // The record arrives after the first render, and a calendar change re-reads days and hours.
  useEffect(() => {
    const p = splitTarget(value, plain);
    if (p && joinTarget(amount, unit) !== value) {
      setAmount(String(p.amount));
      setUnit(p.unit);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, plain]);

  const change = (nextAmount: string, nextUnit: TargetUnit) => {
    setAmount(nextAmount);
    setUnit(nextUnit);
    field.onChange(nextAmount.trim() === '' ? null : joinTarget(nextAmount, nextUnit));
  };
  const units = parsed?.unit === 'seconds' ? (['seconds', ...UNITS_SHOWN] as TargetUnit[]) : UNITS_SHOWN;
  const error = fieldState.error?.message;
  const unrepresentable = value !== '' && parsed === null && /^P/.test(value);
  return (
    <Stack sx={{ mt: 1.5, mb: 2, width: '100%' }} spacing={0.5}>
      <Stack direction="row" spacing={1.5}>
        <TextField
          id={id}
          name={source}
          type="number"
          label={<FieldTitle label="resources.sla-policies.fields.target" source={source} resource="sla-policies" isRequired={isRequired} />}
          value={unrepresentable ? '' : amount}
          onChange={(e) => change(e.target.value, unit)}
          onBlur={field.onBlur}
          error={!!error}
          slotProps={{ htmlInput: { min: 1, step: 1, inputMode: 'numeric', 'data-testid': 'target-amount' }, inputLabel: { shrink: true } }}
          sx={{ width: 160 }}
        />
        <TextField
          select
          label={t('resources.sla-policies.page.unit')}
          value={unit}
          onChange={(e) => change(amount, e.target.value as TargetUnit)}
          slotProps={{ htmlInput: { 'data-testid': 'target-unit' } }}
          sx={{ minWidth: 220 }}
        >
          {units.map((u) => (
            <MenuItem key={u} value={u}>
              {t(`sla_target.unit_${u}_${plain ? 'plain' : 'working'}`)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error ? (
        <FormHelperText error sx={{ mx: 1.75 }}>
          <ValidationError error={error} />
        </FormHelperText>
      ) : (
        <FormHelperText sx={{ mx: 1.75 }}>
          {unrepresentable ? t('resources.sla-policies.page.target_unrepresentable', { value }) : t(plain ? 'resources.sla-policies.page.target_help_plain' : 'resources.sla-policies.page.target_help_working')}
        </FormHelperText>
      )}
      {value && !error && !unrepresentable && (
        <Typography variant="body2" color="text.secondary" data-testid="target-summary" sx={{ mx: 1.75 }}>
          {t('resources.sla-policies.page.target_summary', { target: targetText(value, plain), iso: value })}
        </Typography>
      )}
    </Stack>
  );
};
