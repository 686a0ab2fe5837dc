import { Box, Chip, Tooltip, Typography, type ChipProps } from '@mui/material';
import AccessTimeIcon from '@mui/icons-material/AccessTime';
import { useTranslate } from 'react-admin';
import type { ClockState, NotificationStatus, Priority, SlaState, Stage } from '@sentinel/contracts';
import { useEnumLabel } from './labels';
import { useCountdown } from '../hooks/useCountdown';
import { useFormatters } from '../hooks/useFormatters';
import { NOTIFICATION_COLORS, PRIORITY_COLORS, STAGE_COLORS, clockChipColors } from './palette';


export const PriorityChip = ({ value, overridden }: { value: Priority | null | undefined; overridden?: boolean }) => {
  const label = useEnumLabel();
  const t = useTranslate();
  if (!value) return null;
  const c = PRIORITY_COLORS[value] ?? PRIORITY_COLORS.p4;
  const chip = (
    <Chip
      size="small"
      label={`${label('priority', value)}${overridden ? ' *' : ''}`}
      sx={{ bgcolor: c.bg, color: c.fg, border: `1px solid ${c.fg}33` }}
    />
  );
  return overridden ? <Tooltip title={t('resources.cases.fields.priorityOverridden')}>{chip}</Tooltip> : chip;
};


export const StageChip = ({ value, size = 'small' }: { value: Stage | null | undefined; size?: ChipProps['size'] }) => {
  const label = useEnumLabel();
  if (!value) return null;
  const color = STAGE_COLORS[value] ?? '#455a64';
  return (
    <Chip
      size={size}
      variant="outlined"
      label={label('stage', value)}
      sx={{ color, borderColor: `${color}66`, bgcolor: `${color}0d` }}
    />
  );
};

export const clockColor = clockChipColors;

/**
 * SLA badge: the state the API computed (on track / warning / breached) and a live countdown
 * to `dueAt` (or how long it is overdue).
 */
export const SlaBadge = ({
  state,
  dueAt,
  showCountdown = true,
  stacked = false,
}: {
  state: SlaState | ClockState | null | undefined;
  dueAt: string | null | undefined;
  showCountdown?: boolean;
  /** Chip above the countdown (narrow table cells). */
  stacked?: boolean;
}) => {
  const label = useEnumLabel();
  const t = useTranslate();
  const f = useFormatters();
  const cd = useCountdown(showCountdown ? dueAt : null);
  if (!state) return <Typography variant="body2" color="text.secondary">—</Typography>;
  const c = clockColor(state);
  const countdown = cd.remainingMs == null ? '' : cd.overdue ? t('app.countdown.overdue', { time: cd.short }) : t('app.countdown.due_in', { time: cd.short });
  return (
    <Tooltip title={dueAt ? `${t('resources.cases.fields.dueAt')}${t('app.colon')}${f.dateTime(dueAt)}` : ''}>
      <Box sx={{ display: 'inline-flex', flexDirection: stacked ? 'column' : 'row', alignItems: stacked ? 'flex-start' : 'center', gap: stacked ? 0.25 : 0.75, whiteSpace: 'nowrap' }}>
        <Chip size="small" label={label(['met', 'waived', 'cancelled'].includes(state) ? 'clockState' : 'slaState', state)} sx={{ bgcolor: c.bg, color: c.fg }} />
        {countdown && (
          <Typography
            component="span"
            variant="caption"
            sx={{ color: cd.overdue ? 'error.main' : 'text.secondary', fontVariantNumeric: 'tabular-nums', display: 'inline-flex', alignItems: 'center', gap: 0.25 }}
          >
            <AccessTimeIcon sx={{ fontSize: 13 }} />
            {countdown}
          </Typography>
        )}
      </Box>
    </Tooltip>
  );
};

/** A clock's state; a clock that breached and was met afterwards says so ("Met late"), in the breach colour. */
export const ClockStateChip = ({ state, breachedAt }: { state: ClockState | null | undefined; breachedAt?: string | null }) => {
  const label = useEnumLabel();
  const t = useTranslate();
  if (!state) return null;
  const late = state === 'met' && !!breachedAt;
  const c = clockColor(late ? 'breached' : state);
  return <Chip size="small" label={late ? t('app.met_late') : label('clockState', state)} sx={{ bgcolor: c.bg, color: c.fg }} />;
};

export const StatusChip = ({ status, outcome }: { status: string | null | undefined; outcome?: string | null }) => {
  const label = useEnumLabel();
  if (!status) return null;
  if (status === 'closed') {
    return <Chip size="small" label={outcome ? `${label('caseStatus', status)} · ${label('outcome', outcome)}` : label('caseStatus', status)} sx={{ bgcolor: '#eef0f3', color: '#374151' }} />;
  }
  return <Chip size="small" label={label('caseStatus', status)} sx={{ bgcolor: '#e8f0fb', color: '#1f4e8c' }} />;
};


export const NotificationStatusChip = ({ status }: { status: NotificationStatus | null | undefined }) => {
  const label = useEnumLabel();
  if (!status) return null;
  const c = NOTIFICATION_COLORS[status] ?? NOTIFICATION_COLORS.pending;
  return <Chip size="small" label={label('notificationStatus', status)} sx={{ bgcolor: c.bg, color: c.fg }} />;
};
