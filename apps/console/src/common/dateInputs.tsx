import { useRef } from 'react';
import { IconButton, InputAdornment, Tooltip } from '@mui/material';
import CalendarIcon from '@mui/icons-material/CalendarMonthOutlined';
import EventIcon from '@mui/icons-material/EventOutlined';
import { TextInput, useTranslate, type TextInputProps, type Validator } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { parseDateText, parseWallTimeText } from '../format/formatters';
import { useFormatters } from '../hooks/useFormatters';

/**
 * Date and date-time inputs in the console's one format (`2026-12-02 14:26`, 24-hour, in the user's time
 * zone), whatever the browser's language: the native date pickers show `12/02/2026, 02:26 PM` in an English
 * browser, so the text field holds our format and the native picker only helps to choose (the calendar button).
 */

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const toArray = (v: Validator | Validator[] | undefined): Validator[] => (v == null ? [] : Array.isArray(v) ? v : [v]);

/** What was typed but is not a date-time yet stays in the form as text; this says so under the input. */
const dateTimeTyped: Validator = (value: unknown) =>
  typeof value === 'string' && value !== '' && !ISO_WITH_OFFSET.test(value) ? 'app.dates.datetime_invalid' : undefined;
const dateTyped: Validator = (value: unknown) =>
  typeof value === 'string' && value !== '' && !ISO_WITH_OFFSET.test(value) && !ISO_DATE.test(value) ? 'app.dates.date_invalid' : undefined;

/** A hidden native picker opened by a button: it only fills the text field. */
const PickerButton = ({ type, value, onPick }: { type: 'date' | 'datetime-local'; value: string; onPick: (v: string) => void }) => {
  const t = useTranslate();
  const ref = useRef<HTMLInputElement>(null);
  const open = () => {
    const input = ref.current;
    if (!input) return;
    input.value = value;
    try {
      if (typeof input.showPicker === 'function') input.showPicker();
      else input.focus();
    } catch {
      input.focus();
    }
  };
  return (
    <InputAdornment position="end" sx={{ position: 'relative' }}>
      <Tooltip title={t('app.dates.pick')}>
        <IconButton size="small" edge="end" onClick={open} aria-label={t('app.dates.pick')} tabIndex={-1}>
          {type === 'date' ? <CalendarIcon fontSize="small" /> : <EventIcon fontSize="small" />}
        </IconButton>
      </Tooltip>
      <input
        ref={ref}
        type={type}
        tabIndex={-1}
        aria-hidden
        onChange={(e) => e.target.value && onPick(e.target.value)}
        style={{ position: 'absolute', right: 0, bottom: 0, width: 1, height: 1, opacity: 0, border: 0, padding: 0, pointerEvents: 'none' }}
      />
    </InputAdornment>
  );
};

/**
 * A date-time typed in the user's time zone (not the browser's) as `YYYY-MM-DD HH:mm`, stored as ISO 8601 with
 * that zone's offset, as the API takes times. The zone is named under the input.
 */
export const ZonedDateTimeInput = (props: Omit<TextInputProps, 'type' | 'format' | 'parse'>) => {
  const f = useFormatters();
  const t = useTranslate();
  const form = useFormContext();
  const value: unknown = form.watch(props.source);
  const wall = typeof value === 'string' && ISO_WITH_OFFSET.test(value) ? f.toWall(value) : '';
  return (
    <TextInput
      {...props}
      validate={[...toArray(props.validate), dateTimeTyped]}
      format={(v: unknown) => (typeof v === 'string' && ISO_WITH_OFFSET.test(v) ? f.toWall(v).replace('T', ' ') : typeof v === 'string' ? v : '')}
      parse={(text: string) => (text.trim() === '' ? null : (parseWallTimeText(text, f.timeZone) ?? text))}
      placeholder={t('app.dates.datetime_placeholder')}
      helperText={props.helperText ?? t('app.dates.in_zone', { zone: f.zoneDescription })}
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: { inputMode: 'numeric', autoComplete: 'off', spellCheck: false },
        input: {
          endAdornment: (
            <PickerButton
              type="datetime-local"
              value={wall}
              onPick={(v) => form.setValue(props.source, f.fromWall(v), { shouldDirty: true, shouldValidate: true, shouldTouch: true })}
            />
          ),
        },
      }}
    />
  );
};

/** A date filter (`createdFrom` / `createdTo`): the start or the end of that day in the user's time zone. */
export const ZonedDateFilterInput = ({ end, ...props }: Omit<TextInputProps, 'type' | 'format' | 'parse'> & { end?: boolean }) => {
  const f = useFormatters();
  const t = useTranslate();
  const form = useFormContext();
  const toIso = (day: string) => f.fromWall(`${day}T${end ? '23:59:59' : '00:00:00'}`);
  const value: unknown = form.watch(props.source);
  const day = typeof value === 'string' && ISO_WITH_OFFSET.test(value) ? f.toWall(value).slice(0, 10) : '';
  return (
    <TextInput
      {...props}
      validate={[...toArray(props.validate), dateTyped]}
      format={(v: unknown) => (typeof v === 'string' && ISO_WITH_OFFSET.test(v) ? f.toWall(v).slice(0, 10) : typeof v === 'string' ? v : '')}
      parse={(text: string) => {
        if (text.trim() === '') return null;
        const d = parseDateText(text);
        return d ? toIso(d) : text;
      }}
      placeholder={t('app.dates.date_placeholder')}
      helperText={false}
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: { inputMode: 'numeric', autoComplete: 'off', spellCheck: false, size: 10 },
        input: { endAdornment: <PickerButton type="date" value={day} onPick={(v) => form.setValue(props.source, toIso(v), { shouldDirty: true })} /> },
      }}
    />
  );
};

export { PickerButton };
