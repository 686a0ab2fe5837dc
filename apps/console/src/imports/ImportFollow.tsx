import { useEffect, useState } from 'react';
import { Alert, Box, LinearProgress, Stack, Typography } from '@mui/material';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ImportView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { SimpleTable } from '../common/SimpleTable';
import { KNOWN_FIELD_CODES } from '../problem/problem';
import { useProblemText } from '../common/useProblemNotify';
import { importProgress } from './importProgress';

/** How often a running import is asked for its counts. */
export const IMPORT_POLL_MS = 1_000;
const KNOWN = new Set<string>(KNOWN_FIELD_CODES);

/** Follows an import (GET /api/imports/:id every second while it runs): progress, counts, then the refused rows. */
interface ImportFollowProps {
  start: ImportView;
  /** the browser's count of the file's data rows (the bar's total while it runs) */
  fileRows: number | null;
  /** called once the import is no longer running */
  onEnded?: () => void;
}

export const ImportFollow = ({ start, fileRows, onEnded }: ImportFollowProps) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const problemText = useProblemText();
  const [view, setView] = useState<ImportView>(start);
  const [pollError, setPollError] = useState<unknown>(null);

  const ended = view.status !== 'running';
  useEffect(() => {
    if (ended) onEnded?.();
  }, [ended, onEnded]);

  useEffect(() => {
    if (view.status !== 'running') return;
    let cancelled = false;
    const timer = setTimeout(() => {
      dp.getImport(view.id).then(
        (v) => {
          if (cancelled) return;
          setPollError(null);
          setView(v);
        },
        (e: unknown) => {
          if (cancelled) return;
          setPollError(e);
          setView((v) => ({ ...v }));
        },
      );
    }, IMPORT_POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [dp, view]);

  const p = importProgress(view, fileRows);
  const codeText = (code: string) => (KNOWN.has(code) ? t(`errors.field.${code}`) : code);
  return (
    <Stack spacing={1.5} data-testid="import-status" data-status={view.status}>
      <Box>
        <LinearProgress
          variant={p.percent === null ? 'indeterminate' : 'determinate'}
          value={p.percent ?? undefined}
          color={view.status === 'failed' ? 'error' : view.failed > 0 && !p.running ? 'warning' : 'primary'}
          aria-label={t('imports.progress')}
        />
        <Typography variant="body2" sx={{ mt: 0.75, fontVariantNumeric: 'tabular-nums' }} data-testid="import-counts">
          {p.total === null ? t('imports.counts_open', { handled: p.handled }) : t('imports.counts', { handled: p.handled, total: p.total })}
          {t('app.list_separator')}
          {t('imports.imported', { n: view.done - view.skipped })}
          {t('app.list_separator')}
          {t('imports.skipped', { n: view.skipped })}
          {t('app.list_separator')}
          <span data-testid="import-failed">{t('imports.failed', { n: view.failed })}</span>
        </Typography>
      </Box>
      {view.status === 'running' && pollError != null && <Alert severity="warning">{problemText(pollError)}</Alert>}
      {view.status === 'done' && (
        <Alert severity={view.failed > 0 ? 'warning' : 'success'} data-testid="import-done">
          {view.failed > 0 ? t('imports.done_with_errors', { smart_count: view.failed }) : t('imports.done')}
        </Alert>
      )}
      {view.status === 'failed' && (
        <Alert severity="error" data-testid="import-aborted">
          {t('imports.aborted')}
        </Alert>
      )}
      {view.errors.length > 0 && (
        <Box>
          <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
            {t('imports.errors_title')}
            {view.failed > 0 && view.errors.length < view.failed ? ` ${t('imports.errors_kept', { kept: view.errors.length })}` : ''}
          </Typography>
          <SimpleTable
            maxHeight={420}
            rows={view.errors}
            rowKey={(e, i) => `${e.row}-${e.field}-${i}`}
            rowProps={() => ({ 'data-testid': 'import-error' })}
            columns={[
              { header: t('imports.row'), cell: (e) => e.row, align: 'right', sx: { width: 80, fontVariantNumeric: 'tabular-nums' } },
              { header: t('imports.field'), cell: (e) => <code>{e.field}</code> },
              { header: t('imports.problem'), cell: (e) => codeText(e.code) },
            ]}
          />
        </Box>
      )}
    </Stack>
  );
};
