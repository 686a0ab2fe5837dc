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
import { useDataProvider, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import type { CaseView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../../dataProvider';
import { caseEventsKey } from './CaseActionContext';
import { useEventLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { Hash } from '../../common/Hash';
import { useTimelineValues, type EventWithName } from './timelineValues';
import { LoadState } from '../../common/LoadState';

const fieldLabel = (t: (k: string, o?: Record<string, unknown>) => string, key: string) => t(`resources.cases.fields.${key}`, { _: key });

const DETAIL_GRID = { mt: 0.5, display: 'grid', gridTemplateColumns: 'minmax(110px, max-content) 1fr', columnGap: 1.5, rowGap: 0.25 } as const;

/** Field/value lines of an event's data (what an event recorded, or what a new record holds). */
const Details = ({ entries, text }: { entries: Array<[string, unknown]>; text: (k: string, v: unknown) => string }) => {
  const t = useTranslate();
  if (entries.length === 0) return null;
  return (
    <Box sx={DETAIL_GRID}>
      {entries.map(([k, v]) => (
        <Box key={k} sx={{ display: 'contents' }}>
          <Typography variant="caption" color="text.secondary">
            {fieldLabel(t, k)}
          </Typography>
          <Typography variant="caption" sx={{ wordBreak: 'break-word', fontFamily: k === 'sha256' ? 'monospace' : undefined }}>
            {text(k, v)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
};

/**
 * An event's data: `before`/`after` as a table of changed fields when something changed from a value to
 * another, as plain lines when something new was recorded (no `before`), plus the event's other facts.
 */
const Changes = ({ data, text }: { data: Record<string, unknown>; text: (k: string, v: unknown) => string }) => {
  const t = useTranslate();
  const before = (data.before ?? {}) as Record<string, unknown>;
  const after = (data.after ?? {}) as Record<string, unknown>;
  const changed = Object.keys(before).length > 0;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const others = Object.entries(data).filter(([k]) => !['before', 'after', 'reason'].includes(k));
  if (keys.length === 0 && others.length === 0) return null;
  return (
    <Box sx={{ mt: 0.75 }}>
      {changed ? (
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
      ) : (
        // A new evidence item names its file already: its id would say the same again.
        <Details entries={Object.entries(after).filter(([k]) => !(k === 'evidenceId' && 'fileName' in after))} text={text} />
      )}
      <Details entries={others} text={text} />
    </Box>
  );
};

const EventItem = ({ event, values }: { event: EventWithName; values: ReturnType<typeof useTimelineValues> }) => {
  const t = useTranslate();
  const f = useFormatters();
  const eventLabel = useEventLabel();
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
        <Typography variant="caption" color="text.secondary" data-testid="timeline-actor">
          · {values.actorName(event)}
          {role === 'system' || role === 'bank' ? '' : ` · ${t(`enums.role.${role}`, { _: role })}`}
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
            {t('timeline.reason')}
            {t('app.colon')}
          </Box>
          {reason}
        </Typography>
      )}
      <Changes data={event.data ?? {}} text={values.text} />
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
  const record = useRecordContext<CaseView>();
  const events = [...((data ?? []) as EventWithName[])].sort((a, b) => (order === 'asc' ? a.seq - b.seq : b.seq - a.seq));
  const values = useTimelineValues(record, events);
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
        <LoadState pending={isPending} error={error} empty={events.length === 0} emptyText={t('timeline.empty')}>
          {() => (
            <Box sx={{ position: 'relative', '&:before': { content: '""', position: 'absolute', left: 14, top: 4, bottom: 12, width: 2, bgcolor: 'divider' } }}>
              {events.map((e) => (
                <EventItem key={e.id ?? `${e.caseId}-${e.seq}`} event={e} values={values} />
              ))}
            </Box>
          )}
        </LoadState>
      </CardContent>
    </Card>
  );
};
