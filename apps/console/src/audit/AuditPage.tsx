import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AuditCheckpoint, AuditVerifyResult } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { DateTimeText } from '../common/DateTime';
import { SimpleTable } from '../common/SimpleTable';
import { usePerms } from '../common/usePerms';
import { useProblemNotify } from '../common/useProblemNotify';
import { formatBytes, saveBlob } from './files';

type Scope = 'cases' | 'system' | 'all';

/** The auditor's workbench (docs/api.md "Audit"): export with progress and cancel, verify, signed checkpoints. */
export const AuditPage = () => {
  const t = useTranslate();
  return (
    <Box sx={{ p: 2, display: 'grid', gap: 2, maxWidth: 1200 }}>
      <Title title={t('audit.title')} />
      <ExportCard />
      <VerifyCard />
      <CheckpointsCard />
    </Box>
  );
};

const ExportCard = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const problem = useProblemNotify();
  const [scope, setScope] = useState<Scope>('cases');
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [caseId, setCaseId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<{ bytes: number; events: number } | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    const query: Record<string, string> = { format, scope };
    if (caseId.trim()) query.caseId = caseId.trim();
    if (from) query.from = new Date(from).toISOString();
    if (to) query.to = new Date(to).toISOString();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setProgress({ bytes: 0, events: 0 });
    try {
      const res = await dp.openAuditExport(query, ctrl.signal);
      const reader = res.body!.getReader();
      const parts: Uint8Array[] = [];
      let bytes = 0;
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.length;
        for (const b of value) if (b === 10) lines++;
        setProgress({ bytes, events: format === 'csv' ? Math.max(0, lines - 1) : lines });
      }
      const events = format === 'csv' ? Math.max(0, lines - 1) : lines;
      const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? `sentinel-audit.${format}`;
      saveBlob(new Blob(parts as BlobPart[], { type: res.headers.get('Content-Type') ?? 'application/octet-stream' }), name);
      notify(t('audit.export.done', { events, bytes: formatBytes(bytes) }), { type: 'success' });
    } catch (e) {
      if ((e as Error).name === 'AbortError') notify(t('audit.export.cancelled'), { type: 'info' });
      else problem(e);
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  return (
    <Card variant="outlined" data-testid="audit-export">
      <CardContent>
        <Typography variant="h6">{t('audit.export.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('audit.export.help')}
        </Typography>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
          <TextField select size="small" label={t('audit.export.scope')} value={scope} onChange={(e) => setScope(e.target.value as Scope)} sx={{ minWidth: 200 }}>
            <MenuItem value="cases">{t('audit.export.scope_cases')}</MenuItem>
            <MenuItem value="system">{t('audit.export.scope_system')}</MenuItem>
            <MenuItem value="all">{t('audit.export.scope_all')}</MenuItem>
          </TextField>
          <TextField select size="small" label={t('audit.export.format')} value={format} onChange={(e) => setFormat(e.target.value as 'jsonl' | 'csv')} sx={{ minWidth: 140 }}>
            <MenuItem value="jsonl">JSON Lines</MenuItem>
            <MenuItem value="csv">CSV</MenuItem>
          </TextField>
          <TextField size="small" label={t('audit.export.case_id')} value={caseId} onChange={(e) => setCaseId(e.target.value)} sx={{ minWidth: 320 }} disabled={scope === 'system'} />
          <TextField size="small" type="datetime-local" label={t('audit.export.from')} value={from} onChange={(e) => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField size="small" type="datetime-local" label={t('audit.export.to')} value={to} onChange={(e) => setTo(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        </Stack>
        {progress ? (
          <Stack spacing={1}>
            <LinearProgress />
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Typography variant="body2" data-testid="audit-export-progress">
                {t('audit.export.progress', { bytes: formatBytes(progress.bytes), events: progress.events })}
              </Typography>
              <Button size="small" onClick={() => abort.current?.abort()}>
                {t('audit.export.cancel')}
              </Button>
            </Stack>
          </Stack>
        ) : (
          <Button variant="contained" onClick={start}>
            {t('audit.export.start')}
          </Button>
        )}
      </CardContent>
    </Card>
  );
};

const VerifyCard = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const problem = useProblemNotify();
  const [deep, setDeep] = useState(true);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerifyResult | null>(null);

  const run = async () => {
    setRunning(true);
    try {
      setResult(await dp.verifyAudit({ scope: 'all', deep: String(deep) }));
    } catch (e) {
      problem(e);
    } finally {
      setRunning(false);
    }
  };
  const failedCases = result ? new Set(result.failures.map((f) => f.caseId ?? 'system')).size : 0;

  return (
    <Card variant="outlined" data-testid="audit-verify">
      <CardContent>
        <Typography variant="h6">{t('audit.verify.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('audit.verify.help')}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
          <FormControlLabel control={<Checkbox checked={deep} onChange={(e) => setDeep(e.target.checked)} />} label={t('audit.verify.deep')} />
          <Button variant="contained" onClick={run} disabled={running}>
            {running ? t('audit.verify.running') : t('audit.verify.run')}
          </Button>
        </Stack>
        {running && <LinearProgress sx={{ mb: 2 }} />}
        {result && (
          <Box data-testid="audit-verify-result">
            <Alert severity={result.ok ? 'success' : 'error'} sx={{ mb: 1 }}>
              {result.ok
                ? t('audit.verify.ok', { cases: result.casesChecked, events: result.eventsChecked })
                : t('audit.verify.failed', { count: result.failures.length, cases: failedCases, events: result.eventsChecked })}
            </Alert>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {result.checkpoint ? (
                <>
                  {t('audit.verify.against', { seq: result.checkpoint.seq })}
                  <DateTimeText value={result.checkpoint.at} />
                </>
              ) : result.checkpoint === null ? (
                t('audit.verify.no_checkpoint')
              ) : null}
            </Typography>
            {result.failures.length > 0 && (
              <SimpleTable
                rows={result.failures.slice(0, 200)}
                rowKey={(_, i) => i}
                columns={[
                  { header: t('audit.verify.case'), cell: (f) => (f.caseId ? <Link to={`/cases/${f.caseId}/show`}>{f.caseId.slice(0, 8)}</Link> : t('audit.verify.system')) },
                  { header: t('audit.verify.seq'), cell: (f) => f.seq },
                  {
                    header: t('audit.verify.reason'),
                    cell: (f) => (
                      <>
                        {/* the reason's code in the reader's language; the verifier's own sentence below, as evidence */}
                        {t(`audit.verify.reasons.${f.reason.split(':')[0]}`, { _: '' })}
                        <Box component="div" sx={{ fontFamily: 'monospace', fontSize: '0.75rem', color: 'text.secondary' }}>
                          {f.reason}
                        </Box>
                      </>
                    ),
                  },
                ]}
              />
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};

const CheckpointsCard = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const problem = useProblemNotify();
  const { can } = usePerms();
  const [rows, setRows] = useState<AuditCheckpoint[] | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => dp.listCheckpoints().then(setRows, problem), [dp, problem]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async () => {
    setBusy(true);
    try {
      const c = await dp.createCheckpoint();
      notify(t('audit.checkpoints.created', { seq: c.seq }), { type: 'success' });
      await load();
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  const save = async (path: string, name: string) => {
    try {
      saveBlob(await dp.downloadFile(path), name);
    } catch (e) {
      problem(e);
    }
  };
  const status = (c: AuditCheckpoint) =>
    c.signatureValid === null ? (
      <Chip size="small" label={t('audit.checkpoints.other_key')} />
    ) : c.signatureValid ? (
      <Chip size="small" color="success" label={t('audit.checkpoints.valid')} />
    ) : (
      <Chip size="small" color="error" label={t('audit.checkpoints.invalid')} />
    );

  return (
    <Card variant="outlined" data-testid="audit-checkpoints">
      <CardContent>
        <Typography variant="h6">{t('audit.checkpoints.title')}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('audit.checkpoints.help')}
        </Typography>
        <Stack direction="row" spacing={2} sx={{ mb: 2 }}>
          {can('users:manage') && (
            <Button variant="outlined" onClick={create} disabled={busy}>
              {t('audit.checkpoints.create')}
            </Button>
          )}
          <Button onClick={() => save('/audit/public-key', 'sentinel-audit-public-key.pem')}>{t('audit.checkpoints.public_key')}</Button>
        </Stack>
        {busy && <LinearProgress sx={{ mb: 1 }} />}
        {rows === null ? (
          <LinearProgress />
        ) : rows.length === 0 ? (
          <Typography variant="body2">{t('audit.checkpoints.none')}</Typography>
        ) : (
          <SimpleTable
            rows={rows}
            rowKey={(c) => c.id}
            rowProps={() => ({ 'data-testid': 'checkpoint-row' })}
            columns={[
              { header: t('audit.checkpoints.seq'), cell: (c) => `#${c.seq}` },
              { header: t('audit.checkpoints.at'), cell: (c) => <DateTimeText value={c.at} seconds /> },
              { header: t('audit.checkpoints.cases'), cell: (c) => c.caseCount },
              { header: t('audit.checkpoints.hash'), sx: { fontFamily: 'monospace', fontSize: '0.8rem' }, cell: (c) => `${c.hash.slice(0, 16)}…` },
              { header: t('audit.checkpoints.by'), cell: (c) => (c.createdBy === 'system' ? t('audit.checkpoints.system') : c.createdBy.slice(0, 8)) },
              { header: t('audit.checkpoints.signature'), cell: status },
              {
                cell: (c) => (
                  <>
                    <Button size="small" onClick={() => saveBlob(new Blob([JSON.stringify(c, null, 2)], { type: 'application/json' }), `sentinel-checkpoint-${c.seq}.json`)}>
                      {t('audit.checkpoints.json')}
                    </Button>
                    <Button size="small" onClick={() => save(`/audit/checkpoints/${c.id}/leaves`, `sentinel-checkpoint-${c.seq}-leaves.jsonl`)}>
                      {t('audit.checkpoints.leaves')}
                    </Button>
                  </>
                ),
              },
            ]}
          />
        )}
      </CardContent>
    </Card>
  );
};
