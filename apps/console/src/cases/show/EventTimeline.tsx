import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Collapse,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import LinkIcon from '@mui/icons-material/Link';
import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useTranslate, type Identifier } from 'react-admin';
import type { CaseEventView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../../dataProvider';
import { caseEventsKey } from './CaseActionContext';
import { useEnumLabel, useEventLabel, type EnumName } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { Hash } from '../../common/Hash';
import { useUserNames } from '../../common/useUserNames';

/** Enums a value of this key may belong to, tried in order (an `outcome` may be a case's or a contact's). */
const ENUM_KEYS: Record<string, EnumName[]> = {
  stage: ['stage'],
  closedFromStage: ['stage'],
  status: ['caseStatus', 'notificationStatus'],
  outcome: ['outcome', 'contactOutcome'],
  priority: ['priority'],
  misuseType: ['misuseType'],
  channel: ['channel', 'contactChannel', 'noticeChannel'],
  type: ['evidenceType', 'notificationType'],
  notifiedBy: ['notifiedBy'],
  slaState: ['slaState'],
  state: ['clockState'],
  role: ['role'],
  reasons: ['priorityReason'],
  confirmedVia: ['confirmedVia'],
  via: ['eventVia'],
  derivedPriority: ['priority'],
  waivedStage: ['stage'],
  waivedStages: ['stage'],
};

/** Data keys holding user ids (shown as the user's name). */
const USER_KEYS = new Set(['assigneeId', 'userId', 'recordedBy', 'addedBy', 'removedBy']);

function useValueText() {
  const label = useEnumLabel();
  const f = useFormatters();
  const t = useTranslate();
  const userName = useUserNames();
  const text = (key: string, v: unknown): string => {
    if (v === null || v === undefined) return '—';
    if (typeof v === 'boolean') return t(v ? 'ra.boolean.true' : 'ra.boolean.false');
    // Lists of codes or ids (priority reasons, waived stages, notification ids): each item on its own terms.
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? v.map((x) => text(key, x)).join(t('app.list_separator')) : '—';
    if (typeof v === 'number' && key.endsWith('Ms')) return f.duration(v);
    if (typeof v === 'string' && USER_KEYS.has(key)) return userName(v);
    if (typeof v === 'string') {
      for (const e of ENUM_KEYS[key] ?? []) {
        const l = label(e, v);
        if (l !== v) return l;
      }
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return f.dateTime(v, true);
      return v;
    }
    if (typeof v === 'object' && v && 'minor' in v && 'currency' in v) return f.money(v as { minor: number; currency: string });
    if (typeof v === 'object' && v && 'name' in v && 'id' in v) return String((v as { name: unknown }).name);
    return JSON.stringify(v);
  };
  return text;
}

const fieldLabel = (t: (k: string, o?: Record<string, unknown>) => string, key: string) => t(`resources.cases.fields.${key}`, { _: key });

const Changes = ({ data }: { data: Record<string, unknown> }) => {
  const t = useTranslate();
  const text = useValueText();
  const before = (data.before ?? {}) as Record<string, unknown>;
  const after = (data.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const others = Object.entries(data).filter(([k]) => !['before', 'after', 'reason'].includes(k));
  if (keys.length === 0 && others.length === 0) return null;
  return (
    <Box sx={{ mt: 0.75 }}>
      {keys.length > 0 && (
        <Table size="small" sx={{ '& td, & th': { py: 0.25, fontSize: '0.8rem' }, maxWidth: 720 }}>
          <TableHead>
            <TableRow>
              <TableCell>{t('timeline.field')}</TableCell>
              <TableCell>{t('timeline.before')}</TableCell>
              <TableCell>{t('timeline.after')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {keys.map((k) => (
              <TableRow key={k}>
                <TableCell sx={{ color: 'text.secondary' }}>{fieldLabel(t, k)}</TableCell>
                <TableCell sx={{ wordBreak: 'break-word' }}>{k in before ? text(k, before[k]) : '—'}</TableCell>
                <TableCell sx={{ wordBreak: 'break-word', fontWeight: 600 }}>{k in after ? text(k, after[k]) : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {others.length > 0 && (
        <Box sx={{ mt: 0.5, display: 'grid', gridTemplateColumns: 'minmax(100px, max-content) 1fr', columnGap: 1.5 }}>
          {others.map(([k, v]) => (
            <Box key={k} sx={{ display: 'contents' }}>
              <Typography variant="caption" color="text.secondary">
                {fieldLabel(t, k)}
              </Typography>
              <Typography variant="caption" sx={{ wordBreak: 'break-word' }}>
                {text(k, v)}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
};

const EventItem = ({ event }: { event: CaseEventView & { actor: { id: string; role: string; name?: string } } }) => {
  const t = useTranslate();
  const f = useFormatters();
  const eventLabel = useEventLabel();
  const userName = useUserNames();
  const [showHash, setShowHash] = useState(false);
  const reason = typeof event.data?.reason === 'string' ? event.data.reason : null;
  const role = event.actor.role;
  const danger = /breached|dead|rejected/.test(event.action);
  return (
    <Box sx={{ position: 'relative', pl: 4, pb: 2 }} data-testid="timeline-event">
      <Box
        sx={{
          position: 'absolute',
          left: 9,
          top: 6,
          width: 12,
          height: 12,
          borderRadius: '50%',
          bgcolor: danger ? 'error.main' : event.action.startsWith('sla.warning') ? 'warning.main' : 'primary.main',
          border: '2px solid #fff',
          boxShadow: '0 0 0 1px #c9d2de',
        }}
      />
      <Stack direction="row" sx={{ alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
        <Chip size="small" label={`#${event.seq}`} sx={{ height: 18, fontSize: '0.7rem' }} />
        <Typography variant="body2" sx={{ fontWeight: 700 }}>
          {eventLabel(event.action)}
        </Typography>
        <Typography variant="caption" color="text.secondary" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {f.dateTime(event.at, true)}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          · {userName(event.actor.id, event.actorName ?? undefined)} ({t(`enums.role.${role}`, { _: role })})
        </Typography>
        <Box sx={{ flex: 1 }} />
        <Button size="small" startIcon={<LinkIcon />} onClick={() => setShowHash((s) => !s)} sx={{ py: 0, minWidth: 0 }}>
          <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '0.75rem' }}>
            {event.hash.slice(0, 10)}
          </Box>
        </Button>
      </Stack>
      {reason && (
        <Typography variant="body2" sx={{ mt: 0.25, whiteSpace: 'pre-wrap' }}>
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {t('timeline.reason')}:
          </Box>{' '}
          {reason}
        </Typography>
      )}
      <Changes data={event.data ?? {}} />
      <Collapse in={showHash} unmountOnExit>
        <Box sx={{ mt: 0.75, p: 1, bgcolor: '#f7f8fb', borderRadius: 1, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 1.5, alignItems: 'center' }}>
          <Typography variant="caption" color="text.secondary">
            {t('timeline.hash')}
          </Typography>
          <Hash value={event.hash} full />
          <Typography variant="caption" color="text.secondary">
            {t('timeline.prev_hash')}
          </Typography>
          <Hash value={event.prevHash} full />
        </Box>
      </Collapse>
    </Box>
  );
};

/** GET /api/cases/:id/events: the whole audit trail of the case, hash-chained. */
export const EventTimeline = ({ caseId, headHash, lastEventSeq }: { caseId: Identifier; headHash?: string; lastEventSeq?: number }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const { data, isPending, error } = useQuery({
    queryKey: caseEventsKey(caseId),
    queryFn: () => dp.getCaseEvents(caseId),
  });
  const events = [...(data ?? [])].sort((a, b) => (order === 'asc' ? a.seq - b.seq : b.seq - a.seq));
  return (
    <Card>
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ alignItems: { sm: 'center' }, gap: 1, mb: 1.5 }}>
          <Box sx={{ flex: 1 }}>
            <Typography variant="h6">
              {t('timeline.title')} {data && <Chip size="small" label={data.length} sx={{ ml: 0.5 }} />}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {t('timeline.subtitle')}
              {headHash && lastEventSeq ? ` · ${t('timeline.head', { seq: lastEventSeq, hash: `${headHash.slice(0, 12)}…` })}` : ''}
            </Typography>
          </Box>
          <ToggleButtonGroup size="small" exclusive value={order} onChange={(_, v) => v && setOrder(v)}>
            <ToggleButton value="desc">{t('timeline.newest_first')}</ToggleButton>
            <ToggleButton value="asc">{t('timeline.oldest_first')}</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        {isPending ? (
          <Typography variant="body2" color="text.secondary">
            {t('app.loading')}
          </Typography>
        ) : error ? (
          <Typography variant="body2" color="error">
            {t('app.load_failed')}
          </Typography>
        ) : events.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {t('timeline.empty')}
          </Typography>
        ) : (
          <Box sx={{ position: 'relative', '&:before': { content: '""', position: 'absolute', left: 14, top: 4, bottom: 12, width: 2, bgcolor: 'divider' } }}>
            {events.map((e) => (
              <EventItem key={e.id ?? `${e.caseId}-${e.seq}`} event={e} />
            ))}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
