import { useMemo, useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Grid,
  MenuItem,
  Skeleton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useQuery } from '@tanstack/react-query';
import { LinkBase, Navigate, Title, useDataProvider, useGetList, useTranslate } from 'react-admin';
import { STAGES, type CaseListRow, type SlaBreachRow, type Stage } from '@sentinel/contracts';
import type { SentinelDataProvider, SlaSummaryParams } from '../dataProvider';
import { LoadChart, StackedOpenByStageChart, StageBarsChart, StageLinesChart, type StageChartProps } from './charts';
import { breachRateRows, hasValues, medianRows, medianUnit } from './dashboardData';
import { useEnumLabel } from '../common/labels';
import { useFormatters } from '../hooks/useFormatters';
import { PriorityChip, SlaBadge, StageChip } from '../common/chips';
import { ClaimNextButton } from '../common/ClaimNextButton';
import { usePerms } from '../common/usePerms';
import { AlertItems, useAlertMutations, type AlertRow } from '../layout/AlertBell';
import type { NotificationRow } from '../notifications/types';
import { RetryNotificationButton } from '../notifications/NotificationParts';
import { DateTimeText } from '../common/DateTime';
import { CaseLink } from '../common/CaseLink';
import { SimpleTable } from '../common/SimpleTable';
import { useUserNames } from '../common/useUserNames';
import { AssignInPlace } from '../cases/AssignInPlace';
import { CalendarCoverageBanner } from '../calendars/CalendarCoverageBanner';
import { ExpiringHoldsPanel, RegulatoryDeadlinesPanel } from './DeadlinePanels';

const Panel = ({ title, action, children, minHeight, testId }: { title: string; action?: ReactNode; children: ReactNode; minHeight?: number; testId?: string }) => (
  <Card sx={{ height: '100%' }} data-testid={testId}>
    <CardHeader title={title} action={action} slotProps={{ title: { variant: 'subtitle1' } }} sx={{ pb: 0 }} />
    <CardContent sx={{ minHeight }}>{children}</CardContent>
  </Card>
);

const Empty = ({ text }: { text: string }) => (
  <Typography variant="body2" color="text.secondary" sx={{ py: 3, textAlign: 'center' }}>
    {text}
  </Typography>
);

/** Totals by asking for one row and reading Content-Range (GET /api/cases, /api/notifications). */
function useTotal(resource: string, filter: Record<string, unknown>) {
  const { total, isPending, error } = useGetList(resource, { filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'createdAt', order: 'DESC' } });
  return { total, isPending, error };
}

const Kpi = ({
  label,
  value,
  tone,
  to,
  pending,
  testId,
}: {
  label: string;
  value: number | undefined;
  tone?: 'error' | 'warning' | 'primary';
  to?: string;
  pending?: boolean;
  testId?: string;
}) => {
  const color = tone === 'error' ? 'error.main' : tone === 'warning' ? 'warning.dark' : 'primary.main';
  const body = (
    <CardContent sx={{ py: '14px !important' }}>
      <Typography variant="caption" color="text.secondary" sx={{ textTransform: 'uppercase', letterSpacing: '0.05em', fontWeight: 600 }}>
        {label}
      </Typography>
      {pending ? (
        <Skeleton width={60} height={40} />
      ) : (
        <Typography variant="h4" sx={{ fontWeight: 700, color: value ? color : 'text.secondary', fontVariantNumeric: 'tabular-nums' }} data-testid={testId ? `${testId}-value` : undefined}>
          {value ?? '—'}
        </Typography>
      )}
    </CardContent>
  );
  return (
    <Card sx={{ height: '100%', borderLeft: '4px solid', borderLeftColor: value ? color : 'divider' }} data-testid={testId}>
      {to ? (
        <Box component={LinkBase} to={to} sx={{ color: 'inherit', textDecoration: 'none', display: 'block' }}>
          {body}
        </Box>
      ) : (
        body
      )}
    </Card>
  );
};

type BreachLogRow = SlaBreachRow;

const filterLink = (filter: Record<string, unknown>) => `/cases?filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** Supervisor dashboard: where SLAs break, at a glance. Needs `sla:read` (GET /api/sla/*, /api/stats/*). */
export const Dashboard = () => {
  const { can, isPending } = usePerms();
  if (isPending) return null;
  if (!can('sla:read')) return <Navigate to="/" replace />;
  return <DashboardContent />;
};

const DashboardContent = () => {
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const dp = useDataProvider<SentinelDataProvider>();
  const { can } = usePerms();
  const { markAll } = useAlertMutations();
  const userName = useUserNames();
  const [days, setDays] = useState(30);
  const [bucket, setBucket] = useState<'day' | 'week'>('week');
  const [teamId, setTeamId] = useState('');

  const params = useMemo<SlaSummaryParams>(() => {
    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    return { from: from.toISOString(), to: to.toISOString(), bucket, ...(teamId ? { teamId } : {}) };
  }, [days, bucket, teamId]);

  const summary = useQuery({ queryKey: ['sla', 'summary', days, bucket, teamId], queryFn: () => dp.slaSummary(params), retry: false });
  const load = useQuery({ queryKey: ['stats', 'load'], queryFn: () => dp.statsLoad(), retry: false, refetchInterval: 60_000 });
  const teams = useGetList<{ id: string; name: string }>('teams', { pagination: { page: 1, perPage: 200 }, sort: { field: 'createdAt', order: 'ASC' } });
  const teamFilter = teamId ? { teamId } : {};
  const open = useTotal('cases', { status: 'open', ...teamFilter });
  const nowList = (slaState: 'warning' | 'breached') =>
    ({ filter: { status: 'open', slaState, ...teamFilter }, pagination: { page: 1, perPage: 50 }, sort: { field: 'dueAt', order: 'ASC' as const } });
  const breached = useGetList<CaseListRow>('cases', nowList('breached'), { refetchInterval: 60_000 });
  const warnings = useGetList<CaseListRow>('cases', nowList('warning'), { refetchInterval: 60_000 });
  // GET /api/sla/breaches: every breach of a still-open case, newest first (a list in ra-data-simple-rest form).
  const breachLog = useGetList<BreachLogRow>('sla/breaches', {
    filter: { open: true, ...teamFilter },
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'breachedAt', order: 'DESC' },
  });
  const [breachTab, setBreachTab] = useState<'now' | 'log'>('now');
  const nowRows = [...(breached.data ?? []), ...(warnings.data ?? [])];
  const dead = useGetList<NotificationRow>('notifications', { filter: { status: 'dead' }, pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' } });
  const alerts = useGetList<AlertRow>('alerts', { pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' } }, { enabled: can('alerts:read') });
  const unread = useQuery({ queryKey: ['alerts', 'unread-count'], queryFn: () => dp.alertsUnreadCount(), enabled: can('alerts:read'), retry: false });

  const stageNames = Object.fromEntries(STAGES.map((s) => [s, label('stage', s)]));
  const stageRows = STAGES.map((s) => {
    const row = summary.data?.stages?.find((x) => x.stage === s);
    return { ...row, stage: s as Stage };
  });
  const openByStage = stageRows.map((r) => {
    const warning = r.warning ?? 0;
    const br = r.breached ?? 0;
    return { label: stageNames[r.stage], onTrack: Math.max(0, (r.open ?? 0) - warning - br), warning, breached: br };
  });
  const series = summary.data?.series ?? [];
  const breachRate = breachRateRows(series, { bucket });
  const unit = medianUnit(series);
  const median = medianRows(series, { bucket, unit });
  // `overdue` is part of `open`: the bars stack the rest and the overdue ones.
  const loadRows = [...(load.data ?? [])].sort((a, b) => b.open - a.open).map((r) => ({ name: r.name, open: Math.max(0, r.open - r.overdue), overdue: r.overdue }));
  const Chart = bucket === 'week' ? StageBarsChart : StageLinesChart;
  const axis: Pick<StageChartProps, 'stageNames' | 'formatTick' | 'formatBucket'> = {
    stageNames,
    formatTick: (b) => b.slice(5),
    formatBucket: (b) => t(bucket === 'week' ? 'dashboard.week_of' : 'dashboard.day_window', { date: b, smart_count: 7 }),
  };

  return (
    <Box sx={{ mt: 1 }}>
      <Title title={t('dashboard.title')} />
      <Stack direction={{ xs: 'column', md: 'row' }} sx={{ alignItems: { md: 'center' }, gap: 1.5, mb: 2 }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          {t('dashboard.title')}
        </Typography>
        <TextField
          select
          size="small"
          label={t('dashboard.team')}
          value={teamId}
          onChange={(e) => setTeamId(e.target.value)}
          sx={{ minWidth: 160 }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">{t('dashboard.all_teams')}</MenuItem>
          {(teams.data ?? []).map((tm) => (
            <MenuItem key={tm.id} value={tm.id}>
              {tm.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={t('dashboard.range')} value={days} onChange={(e) => setDays(Number(e.target.value))} sx={{ minWidth: 140 }}>
          {[7, 30, 90].map((d) => (
            <MenuItem key={d} value={d}>
              {t('dashboard.last_days', { smart_count: d })}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label={t('dashboard.bucket')} value={bucket} onChange={(e) => setBucket(e.target.value as 'day' | 'week')} sx={{ minWidth: 110 }}>
          <MenuItem value="day">{t('dashboard.bucket_day')}</MenuItem>
          <MenuItem value="week">{t('dashboard.bucket_week')}</MenuItem>
        </TextField>
        <ClaimNextButton />
      </Stack>

      <CalendarCoverageBanner />
      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Grid size={{ xs: 6, md: 'grow' }}>
          <Kpi testId="kpi-open" label={t('dashboard.open_cases')} value={open.total} pending={open.isPending} to={filterLink({ status: 'open', ...teamFilter })} />
        </Grid>
        <Grid size={{ xs: 6, md: 'grow' }}>
          <Kpi testId="kpi-warnings" label={t('dashboard.warnings_now')} value={warnings.total} tone="warning" pending={warnings.isPending} to={filterLink({ status: 'open', slaState: 'warning', ...teamFilter })} />
        </Grid>
        <Grid size={{ xs: 6, md: 'grow' }}>
          <Kpi testId="kpi-breaches" label={t('dashboard.breaches_now')} value={breached.total} tone="error" pending={breached.isPending} to={filterLink({ status: 'open', slaState: 'breached', ...teamFilter })} />
        </Grid>
        <Grid size={{ xs: 6, md: 'grow' }}>
          <Kpi testId="kpi-dead" label={t('dashboard.dead_notifications')} value={dead.total} tone="error" pending={dead.isPending} to={`/notifications?filter=${encodeURIComponent(JSON.stringify({ status: 'dead' }))}`} />
        </Grid>
        {can('alerts:read') && (
          <Grid size={{ xs: 12, md: 'grow' }}>
            <Kpi testId="kpi-unread-alerts" label={t('dashboard.unread_alerts')} value={unread.data} tone="warning" pending={unread.isPending} to="/alerts" />
          </Grid>
        )}
      </Grid>

      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Panel testId="panel-open-by-stage" title={t('dashboard.open_by_stage')} minHeight={270}>
            {summary.isPending ? (
              <Skeleton variant="rectangular" height={250} />
            ) : summary.error ? (
              <Empty text={t('app.load_failed')} />
            ) : (
              <StackedOpenByStageChart
                xLabel={t('dashboard.cases_axis')}
                data={openByStage}
                names={{ onTrack: label('slaState', 'on_track'), warning: label('slaState', 'warning'), breached: label('slaState', 'breached') }}
              />
            )}
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Panel testId="panel-breach-rate" title={t(bucket === 'week' ? 'dashboard.breach_rate_week' : 'dashboard.breach_rate_day', { smart_count: 7 })} minHeight={270}>
            {summary.isPending ? (
              <Skeleton variant="rectangular" height={250} />
            ) : !hasValues(breachRate) ? (
              <Empty text={summary.error ? t('app.load_failed') : t('dashboard.no_data')} />
            ) : (
              <Chart {...axis} data={breachRate} yMax={100} yLabel={t('dashboard.breach_rate_axis')} formatValue={(v) => f.percent(v / 100)} />
            )}
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Panel testId="panel-median-time" title={t(bucket === 'week' ? 'dashboard.median_time_week' : 'dashboard.median_time_day', { smart_count: 7 })} minHeight={270}>
            {summary.isPending ? (
              <Skeleton variant="rectangular" height={250} />
            ) : !hasValues(median) ? (
              <Empty text={summary.error ? t('app.load_failed') : t('dashboard.no_data')} />
            ) : (
              <Chart
                {...axis}
                data={median}
                yLabel={t(`dashboard.median_axis_${unit}`)}
                formatValue={(v) => t(`dashboard.value_${unit}`, { value: f.number(v) })}
              />
            )}
            {summary.data?.stages?.length ? (
              <Table size="small" sx={{ mt: 1 }}>
                <TableHead>
                  <TableRow>
                    {(['stage', 'open', 'warning', 'breached', 'met', 'breach_rate', 'median', 'p90'] as const).map((k) => (
                      <TableCell key={k} align={k === 'stage' ? 'left' : 'right'}>
                        {t(`dashboard.stage_table.${k}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {stageRows.map((r) => (
                    <TableRow key={r.stage} sx={{ '& td': { whiteSpace: 'nowrap' } }}>
                      <TableCell>
                        <StageChip value={r.stage} />
                      </TableCell>
                      <TableCell align="right">{f.number(r.open ?? 0)}</TableCell>
                      <TableCell align="right">{f.number(r.warning ?? 0)}</TableCell>
                      <TableCell align="right" sx={{ color: r.breached ? 'error.main' : undefined }}>
                        {f.number(r.breached ?? 0)}
                      </TableCell>
                      <TableCell align="right">{f.number(r.met ?? 0)}</TableCell>
                      <TableCell align="right">{f.percent(r.breachRate ?? null)}</TableCell>
                      <TableCell align="right">{r.medianSeconds != null ? f.duration(r.medianSeconds * 1000) : '—'}</TableCell>
                      <TableCell align="right">{r.p90Seconds != null ? f.duration(r.p90Seconds * 1000) : '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Panel testId="panel-load" title={t('dashboard.load')} minHeight={270}>
            {load.isPending ? (
              <Skeleton variant="rectangular" height={250} />
            ) : loadRows.length === 0 ? (
              <Empty text={load.error ? t('app.load_failed') : t('dashboard.no_data')} />
            ) : (
              <LoadChart data={loadRows} xLabel={t('dashboard.cases_axis')} names={{ open: t('dashboard.load_open'), overdue: t('dashboard.load_overdue') }} />
            )}
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Panel
            testId="panel-breaches"
            title={t('dashboard.breaches_list')}
            action={
              <ToggleButtonGroup size="small" exclusive value={breachTab} onChange={(_, v) => v && setBreachTab(v)}>
                <ToggleButton value="now">{t('dashboard.tab_now')}</ToggleButton>
                <ToggleButton value="log">{t('dashboard.tab_log')}</ToggleButton>
              </ToggleButtonGroup>
            }
          >
            {breachTab === 'now' ? (
              breached.isPending || warnings.isPending ? (
                <Skeleton variant="rectangular" height={160} />
              ) : nowRows.length === 0 ? (
                <Empty text={breached.error || warnings.error ? t('app.load_failed') : t('app.empty')} />
              ) : (
                <SimpleTable
                  maxHeight={420}
                  rows={nowRows}
                  rowKey={(c) => c.id}
                  rowProps={() => ({ hover: true })}
                  columns={[
                    { header: t('resources.cases.fields.reference'), cell: (c) => <CaseLink id={String(c.id)}>{c.reference}</CaseLink> },
                    { header: t('resources.cases.fields.priority'), cell: (c) => <PriorityChip value={c.priority} /> },
                    { header: t('resources.cases.fields.stage'), cell: (c) => <StageChip value={c.stage} /> },
                    { header: t('resources.cases.fields.slaState'), cell: (c) => <SlaBadge state={c.slaState} dueAt={c.dueAt} /> },
                    { header: t('resources.cases.fields.assignee'), cell: (c) => <AssignInPlace row={c} /> },
                  ]}
                />
              )
            ) : breachLog.isPending ? (
              <Skeleton variant="rectangular" height={160} />
            ) : !breachLog.data?.length ? (
              <Empty text={breachLog.error ? t('app.load_failed') : t('app.empty')} />
            ) : (
              <SimpleTable
                maxHeight={420}
                rows={breachLog.data}
                rowKey={(b) => b.id}
                rowProps={() => ({ hover: true })}
                columns={[
                  { header: t('resources.cases.fields.reference'), cell: (b) => <CaseLink id={b.caseId}>{b.caseReference}</CaseLink> },
                  { header: t('resources.cases.fields.priority'), cell: (b) => <PriorityChip value={b.priority} /> },
                  { header: t('resources.cases.fields.stage'), cell: (b) => <StageChip value={b.stage} /> },
                  { header: t('dashboard.breached_at'), cell: (b) => <DateTimeText value={b.breachedAt} /> },
                  {
                    header: t('resources.cases.fields.assignee'),
                    cell: (b) =>
                      b.open === false ? (
                        b.assigneeId ? userName(b.assigneeId) : <em>{t('app.unassigned')}</em>
                      ) : (
                        <AssignInPlace row={{ id: b.caseId, caseReference: b.caseReference, assigneeId: b.assigneeId }} assigneeName={b.assigneeId ? userName(b.assigneeId) : null} />
                      ),
                  },
                ]}
              />
            )}
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          {can('alerts:read') && (
            <Panel
              testId="panel-alerts"
              title={t('dashboard.alert_inbox')}
              action={
                <Button size="small" startIcon={<DoneAllIcon />} onClick={() => void markAll()}>
                  {t('app.alerts.read_all')}
                </Button>
              }
            >
              {alerts.isPending ? (
                <Skeleton variant="rectangular" height={160} />
              ) : !alerts.data?.length ? (
                <Empty text={t('app.alerts.none')} />
              ) : (
                <AlertItems alerts={alerts.data} dense />
              )}
              <Box sx={{ textAlign: 'right', mt: 1 }}>
                <Button size="small" component={LinkBase} to="/alerts">
                  {t('app.view_all')}
                </Button>
              </Box>
            </Panel>
          )}
        </Grid>
        <Grid size={12}>
          <Panel testId="panel-dead" title={t('dashboard.dead_list')}>
            {dead.isPending ? (
              <Skeleton variant="rectangular" height={100} />
            ) : !dead.data?.length ? (
              <Empty text={t('app.empty')} />
            ) : (
              <SimpleTable
                rows={dead.data}
                rowKey={(n) => n.id}
                columns={[
                  { header: t('resources.notifications.fields.createdAt'), cell: (n) => <DateTimeText value={n.deadAt ?? n.createdAt} /> },
                  { header: t('resources.notifications.fields.type'), cell: (n) => label('notificationType', n.type) },
                  { header: t('resources.notifications.fields.caseReference'), cell: (n) => <CaseLink id={n.caseId}>{n.caseReference ?? n.caseId.slice(0, 8)}</CaseLink> },
                  { header: t('resources.notifications.fields.bankCode'), cell: (n) => n.bankCode },
                  { header: t('resources.notifications.fields.attemptCount'), cell: (n) => n.attemptCount ?? n.attempts?.length ?? 0 },
                  {
                    header: t('resources.notifications.fields.lastError'),
                    sx: { maxWidth: 320 },
                    cell: (n) => (
                      <Typography variant="caption" sx={{ wordBreak: 'break-word' }}>
                        {n.lastStatusCode ? `HTTP ${n.lastStatusCode} ` : ''}
                        {n.lastError ?? ''}
                      </Typography>
                    ),
                  },
                  { align: 'right', cell: (n) => <RetryNotificationButton notification={n} /> },
                ]}
              />
            )}
          </Panel>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <ExpiringHoldsPanel />
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RegulatoryDeadlinesPanel />
        </Grid>
      </Grid>
    </Box>
  );
};

export default Dashboard;
