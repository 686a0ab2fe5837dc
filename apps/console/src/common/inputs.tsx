import { useMemo, useState } from 'react';
import { Box, Button, Checkbox, Chip, FormControlLabel, FormHelperText, FormLabel, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { useFormState } from 'react-hook-form';
import AddIcon from '@mui/icons-material/Add';
import {
  AutocompleteInput,
  SearchInput,
  SelectInput,
  useGetList,
  useInput,
  useTranslate,
  ValidationError,
  type AutocompleteInputProps,
  type SearchInputProps,
  type SelectInputProps,
} from 'react-admin';
import { CASE_HOLDER_ROLES, type Role } from '@sentinel/contracts';
import { UNASSIGNED } from '../dataProvider';
import { usePerms } from './usePerms';
import { PickerButton } from './dateInputs';
import { parseDateText } from '../format/formatters';

/** SearchInput whose placeholder is a translation key (react-admin passes placeholders through untranslated). */
export const TranslatedSearchInput = ({ placeholder, ...props }: SearchInputProps) => {
  const t = useTranslate();
  return <SearchInput {...props} placeholder={placeholder ? t(placeholder, { _: placeholder }) : undefined} />;
};

export { ZonedDateFilterInput, ZonedDateTimeInput } from './dateInputs';

interface BankRow {
  id: string;
  code: string;
  name: string;
  active?: boolean;
}

export function useBankChoices() {
  const { data, isPending } = useGetList<BankRow>('banks', {
    pagination: { page: 1, perPage: 500 },
    sort: { field: 'createdAt', order: 'ASC' },
  });
  const choices = useMemo(
    () =>
      (data ?? [])
        .map((b) => ({ id: b.code, name: b.name ? `${b.code} · ${b.name}` : b.code }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    [data],
  );
  return { choices, isPending };
}

/** A bank chosen by its code (cases, queues and notifications refer to banks by code). */
export const BankCodeInput = (props: Omit<SelectInputProps, 'choices'>) => {
  const { choices, isPending } = useBankChoices();
  return <SelectInput {...props} choices={choices} isPending={isPending} translateChoice={false} />;
};

interface UserRow {
  id: string;
  name: string;
  email?: string;
  role: Role;
  active: boolean;
  teamId?: string | null;
}

/** Active users who may hold cases (analysts and supervisors), for pickers. Needs `users:read`. */
export function useCaseHolders() {
  const { can } = usePerms();
  const enabled = can('users:read');
  const { data, isPending } = useGetList<UserRow>(
    'users',
    {
      pagination: { page: 1, perPage: 1000 },
      sort: { field: 'name', order: 'ASC' },
      filter: { active: true, role: [...CASE_HOLDER_ROLES] },
    },
    { enabled },
  );
  const holders = useMemo(
    () =>
      (data ?? [])
        .filter((u) => u.active !== false && CASE_HOLDER_ROLES.includes(u.role))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [data],
  );
  return { holders, isPending: enabled && isPending, enabled };
}

/** Assignee filter of case lists: me, unassigned, and (with `users:read`) anyone who holds cases. */
export const AssigneeFilterInput = (props: Omit<AutocompleteInputProps, 'choices'>) => {
  const t = useTranslate();
  const { holders } = useCaseHolders();
  const choices = useMemo(
    () => [
      { id: 'me', name: t('app.me') },
      { id: UNASSIGNED, name: t('app.unassigned') },
      ...holders.map((u) => ({ id: u.id, name: u.name })),
    ],
    [holders, t],
  );
  return <AutocompleteInput {...props} choices={choices} translateChoice={false} />;
};

/** Picker of a user who may hold cases, with "leave unassigned" as its first option. */
export const CaseHolderInput = (props: Omit<AutocompleteInputProps, 'choices'> & { allowUnassign?: boolean }) => {
  const t = useTranslate();
  const { allowUnassign, ...rest } = props;
  const { holders, isPending } = useCaseHolders();
  const roleLabel = (r: string) => t(`enums.role.${r}`, { _: r });
  const choices = useMemo(
    () => [
      ...(allowUnassign ? [{ id: UNASSIGNED, name: t('resources.cases.list.unassign') }] : []),
      ...holders.map((u) => ({ id: u.id, name: t('app.name_with_role', { name: u.name, role: roleLabel(u.role) }) })),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [holders, allowUnassign, t],
  );
  return <AutocompleteInput {...rest} choices={choices} translateChoice={false} isPending={isPending} />;
};

export function supportedTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/London', 'America/New_York'];
  }
}

export const TimeZoneInput = (props: Omit<AutocompleteInputProps, 'choices'>) => {
  const choices = useMemo(() => {
    const zones = supportedTimeZones();
    if (!zones.includes('UTC')) zones.unshift('UTC');
    return zones.map((z) => ({ id: z, name: z }));
  }, []);
  return <AutocompleteInput {...props} choices={choices} translateChoice={false} />;
};

/** The first message of a field or of any item under it (`holidays.3`), as react-hook-form nests them. */
function nestedError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { message?: unknown } & Record<string, unknown>;
  if (typeof e.message === 'string' && e.message) return e.message;
  for (const v of Object.values(e)) {
    const m = nestedError(v);
    if (m) return m;
  }
  return undefined;
}

/**
 * A list of calendar dates (`YYYY-MM-DD`), kept sorted and unique, shown by year as chips (each with its
 * weekday in the tooltip). Dates are typed in the console's format or chosen on the calendar button.
 */
export const DateListInput = ({ source, label, helperText }: { source: string; label?: string; helperText?: string }) => {
  const t = useTranslate();
  const { field } = useInput({ source, defaultValue: [] });
  const { errors } = useFormState({ name: source });
  const [draft, setDraft] = useState('');
  const values: string[] = Array.isArray(field.value) ? field.value : [];
  const parsed = parseDateText(draft);
  const add = (date: string | null) => {
    if (!date) return;
    field.onChange([...new Set([...values, date])].sort());
    setDraft('');
  };
  const byYear = new Map<string, string[]>();
  for (const d of values) byYear.set(d.slice(0, 4), [...(byYear.get(d.slice(0, 4)) ?? []), d]);
  const error = nestedError(source.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), errors));
  const weekday = (d: string) => t(`enums.weekday.${WEEKDAYS[(new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7]}`);
  return (
    <Box sx={{ mb: 2, width: '100%' }} data-testid={`dates-${source}`}>
      <FormLabel sx={{ display: 'block', mb: 1, fontSize: '0.85rem' }}>{label ?? source}</FormLabel>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <TextField
          size="small"
          value={draft}
          placeholder={t('app.dates.date_placeholder')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add(parsed);
            }
          }}
          error={draft !== '' && !parsed && draft.length >= 8}
          slotProps={{
            htmlInput: { 'aria-label': `${label ?? source}${t('app.colon')}${t('resources.calendars.page.add_date')}`, inputMode: 'numeric', size: 12 },
            input: { endAdornment: <PickerButton type="date" value={parsed ?? ''} onPick={(v) => add(v)} /> },
          }}
        />
        <Button size="small" startIcon={<AddIcon />} onClick={() => add(parsed)} disabled={!parsed}>
          {t('resources.calendars.page.add_date')}
        </Button>
      </Stack>
      {values.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('resources.calendars.page.no_dates')}
        </Typography>
      ) : (
        <Stack spacing={1}>
          {[...byYear.entries()].map(([year, dates]) => (
            <Box key={year} data-testid={`dates-${source}-${year}`}>
              <Typography variant="caption" color="text.secondary" sx={{ fontWeight: 700 }}>
                {t('resources.calendars.page.year_dates', { year, smart_count: dates.length })}
              </Typography>
              <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mt: 0.25 }}>
                {dates.map((d) => (
                  <Tooltip key={d} title={weekday(d)} enterDelay={500}>
                    <Chip size="small" label={d} onDelete={() => field.onChange(values.filter((x) => x !== d))} sx={{ fontVariantNumeric: 'tabular-nums' }} />
                  </Tooltip>
                ))}
              </Box>
            </Box>
          ))}
        </Stack>
      )}
      {(error || helperText) && <FormHelperText error={!!error}>{error ? <ValidationError error={error} /> : helperText}</FormHelperText>}
    </Box>
  );
};

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type WorkingHours = Partial<Record<(typeof WEEKDAYS)[number], [string, string]>>;

/** Working hours per weekday: `{ mon: ["09:00", "18:00"], … }`; a missing day is closed. */
export const WorkingHoursInput = ({ source, label }: { source: string; label?: string }) => {
  const t = useTranslate();
  const { field, fieldState } = useInput({ source, defaultValue: {} });
  const value: WorkingHours = field.value && typeof field.value === 'object' ? field.value : {};
  const set = (day: (typeof WEEKDAYS)[number], next: [string, string] | null) => {
    const copy: WorkingHours = { ...value };
    if (next) copy[day] = next;
    else delete copy[day];
    field.onChange(copy);
  };
  return (
    <Box sx={{ mb: 2 }}>
      <FormLabel sx={{ display: 'block', mb: 1, fontSize: '0.85rem' }}>{label ?? source}</FormLabel>
      <Stack spacing={1.25} sx={{ pt: 0.5 }}>
        {WEEKDAYS.map((day) => {
          const hours = value[day];
          return (
            <Stack key={day} direction="row" spacing={1.5} sx={{ alignItems: 'center', minHeight: 40 }}>
              <FormControlLabel
                sx={{ width: 180, m: 0 }}
                control={<Checkbox size="small" checked={!!hours} onChange={(e) => set(day, e.target.checked ? ['09:00', '18:00'] : null)} />}
                label={t(`enums.weekday.${day}`)}
              />
              {hours ? (
                <>
                  <TextField
                    size="small"
                    label={t('resources.calendars.page.from')}
                    value={hours[0]}
                    onChange={(e) => set(day, [e.target.value, hours[1]])}
                    slotProps={{ inputLabel: { shrink: true }, htmlInput: { pattern: '([01]\\d|2[0-3]):[0-5]\\d', inputMode: 'numeric', placeholder: '09:00' } }}
                    sx={{ width: 110 }}
                  />
                  <TextField
                    size="small"
                    label={t('resources.calendars.page.to')}
                    value={hours[1]}
                    onChange={(e) => set(day, [hours[0], e.target.value])}
                    slotProps={{ inputLabel: { shrink: true }, htmlInput: { pattern: '([01]\\d|2[0-4]):[0-5]\\d', inputMode: 'numeric', placeholder: '18:00' } }}
                    sx={{ width: 110 }}
                  />
                </>
              ) : (
                <Typography variant="body2" color="text.secondary">
                  {t('resources.calendars.page.closed')}
                </Typography>
              )}
            </Stack>
          );
        })}
      </Stack>
      {fieldState.error?.message && (
        <FormHelperText error>
          <ValidationError error={fieldState.error.message} />
        </FormHelperText>
      )}
    </Box>
  );
};
