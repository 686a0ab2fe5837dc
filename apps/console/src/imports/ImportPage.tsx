import { useCallback, useRef, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, CircularProgress, LinearProgress, Stack, Typography } from '@mui/material';
import UploadIcon from '@mui/icons-material/UploadFileOutlined';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import type { ImportView } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { usePerms } from '../common/usePerms';
import { useProblemText } from '../common/useProblemNotify';
import { IMPORT_PERMISSION } from '../accessControl';
import { formatBytes } from '../audit/files';
import type { ProblemError } from '../problem/problem';
import { summariseCsv, type CsvSummary } from './csvFile';
import { ImportFollow } from './ImportFollow';
import { ImportHelp } from './ImportHelp';

/** The largest file POST /api/imports takes (larger ones: `npm run import` on the server). */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

interface Chosen {
  file: File;
  summary: CsvSummary;
}

/**
 * The admin's historical import (docs/api.md "Historical import"): a CSV chosen and previewed (columns, rows), sent
 * with POST /api/imports (upload progress), then followed until done (ImportFollow). The API checks the header and
 * judges every row; the console only shows what it says.
 */
export const ImportPage = () => {
  const t = useTranslate();
  const { can, isPending } = usePerms();
  if (isPending) return null;
  return (
    <Box sx={{ p: 2, display: 'grid', gap: 2, maxWidth: 1100 }}>
      <Title title={t('imports.title')} />
      {can(IMPORT_PERMISSION) ? <ImportCard /> : <Alert severity="warning">{t('errors.status.403')}</Alert>}
    </Box>
  );
};

const ImportCard = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const problemText = useProblemText();
  const input = useRef<HTMLInputElement>(null);
  const [reading, setReading] = useState(false);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [started, setStarted] = useState<ImportView | null>(null);
  const [running, setRunning] = useState(false);
  const ended = useCallback(() => setRunning(false), []);
  const [error, setError] = useState<string | null>(null);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setStarted(null);
    setChosen(null);
    if (file.size > MAX_FILE_BYTES) {
      setError(t('imports.too_large', { name: file.name }));
      return;
    }
    setReading(true);
    try {
      setChosen({ file, summary: await summariseCsv(file) });
    } catch {
      setError(t('imports.unreadable', { name: file.name }));
    } finally {
      setReading(false);
      if (input.current) input.current.value = '';
    }
  };

  const upload = async () => {
    if (!chosen) return;
    setError(null);
    setSent(0);
    try {
      const view = await dp.startImport(chosen.file, (loaded, total) => setSent(total > 0 ? Math.round((loaded / total) * 100) : 0));
      setRunning(view.status === 'running');
      setStarted(view);
    } catch (e) {
      // A refused header (unknown or repeated column, no externalId): the API's words name the columns.
      const fileError = (e as ProblemError | null)?.body?.fieldMessages?.file;
      setError(fileError ? t('imports.file_refused', { detail: fileError }) : problemText(e));
    } finally {
      setSent(null);
    }
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {t('imports.intro')}
          </Typography>
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Button
              variant="outlined"
              startIcon={reading ? <CircularProgress size={16} /> : <UploadIcon />}
              disabled={reading || sent !== null || running}
              onClick={() => input.current?.click()}
              data-testid="import-choose"
            >
              {t('imports.choose')}
            </Button>
            <input ref={input} type="file" hidden accept=".csv,text/csv" data-testid="import-file" onChange={(e) => void choose(e.target.files?.[0])} />
            {chosen && (
              <Typography variant="body2" data-testid="import-preview">
                {t('imports.chosen', { name: chosen.file.name, size: formatBytes(chosen.file.size), smart_count: chosen.summary.rows })}
              </Typography>
            )}
          </Stack>
          {chosen && chosen.summary.header.length > 0 && (
            <Typography variant="caption" color="text.secondary" data-testid="import-columns">
              {t('imports.columns', { n: chosen.summary.header.length })}
              <Box component="span" sx={{ fontFamily: 'monospace' }}>
                {chosen.summary.header.join(', ')}
              </Box>
            </Typography>
          )}
          {chosen && !started && (
            <Box>
              <Button variant="contained" onClick={() => void upload()} disabled={sent !== null || chosen.summary.rows === 0} data-testid="import-start">
                {t('imports.start')}
              </Button>
              {sent !== null && <LinearProgress variant="determinate" value={sent} sx={{ mt: 1 }} aria-label={t('imports.uploading')} />}
            </Box>
          )}
          {error && (
            <Alert severity="error" data-testid="import-error-message">
              {error}
            </Alert>
          )}
          {started && <ImportFollow key={started.id} start={started} fileRows={chosen?.summary.rows ?? null} onEnded={ended} />}
          <ImportHelp />
        </Stack>
      </CardContent>
    </Card>
  );
};
