import { useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import UploadIcon from '@mui/icons-material/UploadFileOutlined';
import { useTranslate } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { WEEKDAYS } from '../common/inputs';
import { parseHolidayFile, planImport, type DayType, type HolidayFile, type ImportPlan } from './holidayFile';

const MAX_FILE_BYTES = 1024 * 1024;

interface Loaded {
  fileName: string;
  file: HolidayFile;
}

const weekdayOf = (d: string) => WEEKDAYS[(new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7];

/**
 * Import of a year's holidays and make-up working days from an ICS or CSV file (holidayFile.ts): read in the
 * browser, previewed (each day's type can be changed), then put into the form; the form's Save sends the
 * calendar with PUT /api/calendars/:id like any other edit. The file's years replace the same years of the
 * calendar; other years are kept.
 */
export const HolidayImport = () => {
  const t = useTranslate();
  const form = useFormContext();
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [types, setTypes] = useState<Record<string, DayType>>({});
  const [applied, setApplied] = useState<ImportPlan['years'] | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setReadError(null);
    if (file.size > MAX_FILE_BYTES) {
      setReadError(t('resources.calendars.import.too_large', { name: file.name }));
      return;
    }
    setReading(true);
    try {
      const text = await file.text();
      const parsed = parseHolidayFile(file.name, text);
      setTypes(Object.fromEntries(parsed.entries.map((e) => [e.date, e.type])));
      setLoaded({ fileName: file.name, file: parsed });
    } catch {
      setReadError(t('resources.calendars.import.unreadable', { name: file.name }));
    } finally {
      setReading(false);
      if (input.current) input.current.value = '';
    }
  };

  const entries = (loaded?.file.entries ?? []).map((e) => ({ ...e, type: types[e.date] ?? e.type }));
  const current = {
    holidays: (form.getValues('holidays') as string[] | undefined) ?? [],
    extraWorkingDays: (form.getValues('extraWorkingDays') as string[] | undefined) ?? [],
  };
  const plan = loaded ? planImport(current, entries) : null;
  const problems = loaded?.file.problems ?? [];

  const apply = () => {
    if (!plan) return;
    form.setValue('holidays', plan.holidays, { shouldDirty: true, shouldValidate: true });
    form.setValue('extraWorkingDays', plan.extraWorkingDays, { shouldDirty: true, shouldValidate: true });
    setApplied(plan.years);
    setLoaded(null);
  };

  return (
    <Box sx={{ mb: 2, width: '100%' }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
        <Button
          variant="outlined"
          startIcon={reading ? <CircularProgress size={16} /> : <UploadIcon />}
          disabled={reading}
          onClick={() => input.current?.click()}
          data-testid="import-holidays"
        >
          {t('resources.calendars.import.button')}
        </Button>
        <Typography variant="caption" color="text.secondary">
          {t('resources.calendars.import.formats')}
        </Typography>
        <input
          ref={input}
          type="file"
          hidden
          accept=".ics,.csv,text/calendar,text/csv"
          data-testid="holiday-file"
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </Stack>
      {readError && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {readError}
        </Alert>
      )}
      {applied && (
        <Alert severity="info" sx={{ mt: 1 }} data-testid="import-pending">
          {applied.map((y) => t('resources.calendars.import.applied_year', { year: y.year, holidays: y.holidays, working: y.workingDays })).join(t('app.list_separator'))}
          {t('resources.calendars.import.save_to_apply')}
        </Alert>
      )}
      <Dialog open={!!loaded} onClose={() => setLoaded(null)} maxWidth="md" fullWidth>
        <DialogTitle>{t('resources.calendars.import.preview_title', { name: loaded?.fileName ?? '' })}</DialogTitle>
        <DialogContent dividers data-testid="import-preview">
          {plan && plan.years.length > 0 && (
            <Stack spacing={0.75} sx={{ mb: 2 }}>
              {plan.years.map((y) => (
                <Stack key={y.year} direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} data-testid={`import-year-${y.year}`}>
                  <Chip size="small" color="primary" label={y.year} />
                  <Typography variant="body2">
                    {t('resources.calendars.import.year_summary', { holidays: y.holidays, working: y.workingDays })}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {t('resources.calendars.import.year_changes', { added: y.added, removed: y.removed, kept: y.kept, year: y.year })}
                  </Typography>
                </Stack>
              ))}
            </Stack>
          )}
          {problems.length > 0 && (
            <Alert severity="error" sx={{ mb: 2 }} data-testid="import-problems">
              {problems.map((p, i) => (
                <div key={i}>
                  {p.line > 0 ? `${t('resources.calendars.import.line', { line: p.line })}${t('app.colon')}` : ''}
                  {t(`resources.calendars.import.problem.${p.code}`, { detail: p.detail ?? '' })}
                </div>
              ))}
            </Alert>
          )}
          {entries.length > 0 && (
            <Box sx={{ maxHeight: 360, overflowY: 'auto' }}>
              <Table size="small" stickyHeader>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('resources.calendars.import.date')}</TableCell>
                    <TableCell>{t('resources.calendars.import.weekday')}</TableCell>
                    <TableCell>{t('resources.calendars.import.name')}</TableCell>
                    <TableCell>{t('resources.calendars.import.type')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {entries.map((e) => (
                    <TableRow key={e.date} data-testid="import-row">
                      <TableCell sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{e.date}</TableCell>
                      <TableCell>{t(`enums.weekday.${weekdayOf(e.date)}`)}</TableCell>
                      <TableCell>{e.name || '—'}</TableCell>
                      <TableCell sx={{ py: 0.25 }}>
                        <TextField
                          select
                          size="small"
                          variant="standard"
                          value={e.type}
                          onChange={(ev) => setTypes((m) => ({ ...m, [e.date]: ev.target.value as DayType }))}
                          slotProps={{ htmlInput: { 'aria-label': `${e.date} ${t('resources.calendars.import.type')}` } }}
                        >
                          <MenuItem value="holiday">{t('resources.calendars.import.holiday')}</MenuItem>
                          <MenuItem value="working_day">{t('resources.calendars.import.working_day')}</MenuItem>
                        </TextField>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setLoaded(null)}>{t('app.cancel')}</Button>
          <Button variant="contained" onClick={apply} disabled={problems.length > 0 || entries.length === 0} data-testid="import-apply">
            {t('resources.calendars.import.apply')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
};
