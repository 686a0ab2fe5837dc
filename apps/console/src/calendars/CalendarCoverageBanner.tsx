import { useMemo } from 'react';
import { Alert, AlertTitle, Button, Stack } from '@mui/material';
import { LinkBase, useGetList, useTranslate } from 'react-admin';
import { consoleConfig } from '../config';
import { usePerms } from '../common/usePerms';
import { holidayCoverageGaps, type CalendarDates } from './holidayCoverage';

/** Re-evaluated once per page load and whenever the calendars change; a month boundary is not worth a timer. */
function useCoverageGaps(calendarId?: string) {
  const { can } = usePerms();
  const { data } = useGetList<CalendarDates>(
    'calendars',
    { pagination: { page: 1, perPage: 200 }, sort: { field: 'id', order: 'ASC' } },
    { enabled: can('settings:read') },
  );
  return useMemo(() => {
    const now = new Date();
    return (data ?? [])
      .filter((c) => !calendarId || c.id === calendarId)
      .flatMap((c) => holidayCoverageGaps(c, now, consoleConfig.holidayWarningFromMonth));
  }, [data, calendarId]);
}

/**
 * Warns that a calendar lacks the holidays and make-up working days of this year, or (from October, configurable)
 * of next year, so business-day SLAs would be computed without them. Shown on the calendar screens, the
 * supervisor's dashboard and the admin's landing page; admins get a link to the calendar's import.
 */
export const CalendarCoverageBanner = ({ calendarId }: { calendarId?: string }) => {
  const t = useTranslate();
  const { can } = usePerms();
  const gaps = useCoverageGaps(calendarId);
  if (gaps.length === 0) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }} data-testid="holiday-warnings">
      {gaps.map((g) => (
        <Alert
          key={`${g.calendarId}-${g.year}`}
          severity={g.when === 'current' ? 'error' : 'warning'}
          data-testid="holiday-warning"
          data-calendar={g.calendarId}
          data-year={g.year}
          action={
            can('sla:manage') && !calendarId ? (
              <Button color="inherit" size="small" sx={{ whiteSpace: 'nowrap' }} component={LinkBase} to={`/calendars/${encodeURIComponent(g.calendarId)}`}>
                {t('resources.calendars.coverage.open')}
              </Button>
            ) : undefined
          }
        >
          <AlertTitle>{t(`resources.calendars.coverage.${g.when}_title`, { year: g.year, name: g.calendarName })}</AlertTitle>
          {t(`resources.calendars.coverage.${g.when}_body`, { year: g.year })}{' '}
          {can('sla:manage') ? t(calendarId ? 'resources.calendars.coverage.admin_hint_here' : 'resources.calendars.coverage.admin_hint', { year: g.year }) : t('resources.calendars.coverage.ask_admin')}
        </Alert>
      ))}
    </Stack>
  );
};
