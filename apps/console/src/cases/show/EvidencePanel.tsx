import { useRef, useState, type DragEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  LinearProgress,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import CloudUploadIcon from '@mui/icons-material/CloudUploadOutlined';
import DownloadIcon from '@mui/icons-material/Download';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import CloseIcon from '@mui/icons-material/Close';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import { useDataProvider, useGetIdentity, useNotify, useTranslate } from 'react-admin';
import { EVIDENCE_TYPES, type EvidenceType, type EvidenceView } from '@sentinel/contracts';
import type { EvidenceUploadResult, SentinelDataProvider } from '../../dataProvider';
import { useCaseActions } from './CaseActionContext';
import { useEnumLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { Hash } from '../../common/Hash';
import { useProblemNotify, useProblemText } from '../../common/useProblemNotify';
import { useUserNames } from '../../common/useUserNames';

interface UploadItem {
  key: string;
  file: File;
  loaded: number;
  total: number;
  status: 'uploading' | 'verifying' | 'done' | 'error';
  result?: EvidenceUploadResult;
  error?: string;
  abort: AbortController;
}

/**
 * Drag-and-drop evidence upload (POST /api/cases/:id/evidence, multipart): a progress bar per
 * file while the bytes travel, then what the server recorded: SHA-256, size and uploader.
 */
export const EvidenceUploader = () => {
  const { record, refreshAll } = useCaseActions();
  const dp = useDataProvider<SentinelDataProvider>();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const problemText = useProblemText();
  const { identity } = useGetIdentity();
  const inputRef = useRef<HTMLInputElement>(null);
  const missingType = (record.exitRule?.missing ?? []).find((m): m is EvidenceType => (EVIDENCE_TYPES as readonly string[]).includes(m));
  const [type, setType] = useState<EvidenceType>(missingType ?? 'transaction_records');
  const [description, setDescription] = useState('');
  const [dragging, setDragging] = useState(false);
  const [items, setItems] = useState<UploadItem[]>([]);

  const update = (key: string, patch: Partial<UploadItem>) => setItems((xs) => xs.map((x) => (x.key === key ? { ...x, ...patch } : x)));

  const upload = async (files: File[]) => {
    const batch = files.map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      file,
      loaded: 0,
      total: file.size,
      status: 'uploading' as const,
      abort: new AbortController(),
    }));
    setItems((xs) => [...batch, ...xs]);
    const chosenType = type;
    const chosenDescription = description.trim() || undefined;
    for (const item of batch) {
      try {
        const result = await dp.uploadEvidence(
          record.id,
          item.file,
          chosenType,
          chosenDescription,
          (loaded, total) => update(item.key, { loaded, total: total || item.file.size, status: total && loaded >= total ? 'verifying' : 'uploading' }),
          item.abort.signal,
        );
        update(item.key, { status: 'done', result, loaded: item.file.size });
      } catch (e) {
        update(item.key, { status: 'error', error: (e as Error)?.name === 'AbortError' ? t('ra.notification.canceled') : problemText(e) });
      }
    }
    setDescription('');
    await refreshAll();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer.files ?? []);
    if (files.length) void upload(files);
  };

  return (
    <Box data-testid="evidence-uploader">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mb: 1.5 }}>
        <TextField
          select
          label={t('evidence.type_for_upload')}
          value={type}
          onChange={(e) => setType(e.target.value as EvidenceType)}
          sx={{ minWidth: 220 }}
        >
          {EVIDENCE_TYPES.map((et) => (
            <MenuItem key={et} value={et}>
              {label('evidenceType', et)}
              {(record.exitRule?.missing ?? []).includes(et) ? ' •' : ''}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={t('evidence.description')} value={description} onChange={(e) => setDescription(e.target.value)} fullWidth />
      </Stack>
      <Box
        role="button"
        tabIndex={0}
        aria-label={t('evidence.drop_here')}
        onClick={() => inputRef.current?.click()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            inputRef.current?.click();
          }
        }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        sx={{
          border: '2px dashed',
          borderColor: dragging ? 'primary.main' : 'divider',
          bgcolor: dragging ? 'rgba(31,78,140,0.06)' : '#fafbfd',
          borderRadius: 2,
          p: 3,
          textAlign: 'center',
          cursor: 'pointer',
          transition: 'all .15s',
          '&:hover, &:focus-visible': { borderColor: 'primary.main', outline: 'none' },
        }}
      >
        <CloudUploadIcon color={dragging ? 'primary' : 'action'} sx={{ fontSize: 36 }} />
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {dragging ? t('evidence.drop_release') : t('evidence.drop_here')}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {t('evidence.accepted')}
        </Typography>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          data-testid="evidence-file-input"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            if (files.length) void upload(files);
          }}
        />
      </Box>
      {items.length > 0 && (
        <Stack spacing={1} sx={{ mt: 1.5 }}>
          {items.map((it) => {
            const pct = it.total ? Math.round((it.loaded / it.total) * 100) : 0;
            return (
              <Box key={it.key} sx={{ p: 1.25, border: '1px solid', borderColor: it.status === 'error' ? 'error.light' : 'divider', borderRadius: 1 }} data-testid="upload-item">
                <Stack direction="row" sx={{ alignItems: 'center', gap: 1 }}>
                  {it.status === 'done' && <CheckCircleIcon color="success" fontSize="small" />}
                  <Typography variant="body2" sx={{ fontWeight: 600, flex: 1 }} noWrap>
                    {it.file.name}
                  </Typography>
                  <Typography variant="caption" color="text.secondary">
                    {it.status === 'uploading'
                      ? `${pct}% · ${f.bytes(it.loaded)} / ${f.bytes(it.total)}`
                      : it.status === 'verifying'
                        ? t('evidence.hashing')
                        : it.status === 'done'
                          ? t('evidence.uploaded', { name: '' }).trim()
                          : ''}
                  </Typography>
                  {(it.status === 'uploading' || it.status === 'verifying') && (
                    <Tooltip title={t('evidence.cancel_upload')}>
                      <IconButton size="small" onClick={() => it.abort.abort()}>
                        <CloseIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  )}
                </Stack>
                {(it.status === 'uploading' || it.status === 'verifying') && (
                  <LinearProgress variant={it.status === 'verifying' ? 'indeterminate' : 'determinate'} value={pct} sx={{ mt: 0.75, height: 6, borderRadius: 3 }} />
                )}
                {it.status === 'done' && it.result && (
                  <Box sx={{ mt: 0.5, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 1.5, rowGap: 0.25, alignItems: 'center' }}>
                    <Typography variant="caption" color="text.secondary">{t('evidence.sha256')}</Typography>
                    <Hash value={it.result.sha256} chars={16} />
                    <Typography variant="caption" color="text.secondary">{t('evidence.size')}</Typography>
                    <Typography variant="body2">{f.bytes(it.result.size)} · {it.result.mediaType}</Typography>
                    <Typography variant="caption" color="text.secondary">{t('evidence.added_by')}</Typography>
                    <Typography variant="body2">
                      {it.result.addedByName ?? identity?.fullName ?? it.result.addedBy} · {f.dateTime(it.result.addedAt)}
                    </Typography>
                  </Box>
                )}
                {it.status === 'error' && (
                  <Alert severity="error" sx={{ mt: 0.75, py: 0 }}>
                    {it.error}
                  </Alert>
                )}
              </Box>
            );
          })}
        </Stack>
      )}
    </Box>
  );
};

const RemoveEvidenceDialog = ({ evidence, onClose }: { evidence: EvidenceView | null; onClose: () => void }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const { refreshAll } = useCaseActions();
  const problemText = useProblemText();
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!evidence) return;
    setBusy(true);
    setError(null);
    try {
      await dp.removeEvidence(evidence.id, reason.trim());
      notify('actions.remove_evidence.done', { type: 'success' });
      setReason('');
      onClose();
      await refreshAll();
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={!!evidence} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {t('actions.remove_evidence.label')}
        {t('app.colon')}
        {evidence?.fileName}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {t('actions.remove_evidence.hint')}
        </Typography>
        <TextField label={t('resources.cases.fields.reason')} value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} fullWidth required />
        {error && (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('app.cancel')}</Button>
        <Button color="error" variant="contained" disabled={busy || !reason.trim()} onClick={() => void submit()}>
          {t('evidence.remove')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

export const EvidencePanel = ({ showUploader }: { showUploader: boolean }) => {
  const { record, allowed } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const dp = useDataProvider<SentinelDataProvider>();
  const notifyProblem = useProblemNotify();
  const userName = useUserNames();
  const [removing, setRemoving] = useState<EvidenceView | null>(null);
  const evidence = record.evidence ?? [];

  const download = async (e: EvidenceView) => {
    try {
      const blob = await dp.downloadEvidence(e.id);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = e.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      notifyProblem(err);
    }
  };

  return (
    <Card>
      <CardContent>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('resources.cases.page.evidence')} <Chip size="small" label={evidence.filter((e) => !e.removedAt).length} sx={{ ml: 0.5 }} />
        </Typography>
        {evidence.length === 0 ? (
          <Typography variant="body2" color="text.secondary" sx={{ mb: showUploader ? 2 : 0 }}>
            {t('evidence.none')}
          </Typography>
        ) : (
          <Box sx={{ overflowX: 'auto', mb: showUploader ? 2 : 0 }}>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('resources.cases.fields.type')}</TableCell>
                  <TableCell>{t('resources.cases.fields.description')}</TableCell>
                  <TableCell>{t('evidence.sha256')}</TableCell>
                  <TableCell>{t('evidence.added_by')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {evidence.map((e) => (
                  <TableRow key={e.id} sx={e.removedAt ? { opacity: 0.55 } : undefined}>
                    <TableCell>
                      <Chip size="small" variant="outlined" label={label('evidenceType', e.type)} />
                    </TableCell>
                    <TableCell sx={{ maxWidth: 260 }}>
                      <Typography variant="body2" noWrap title={e.fileName} sx={{ fontWeight: 600, textDecoration: e.removedAt ? 'line-through' : undefined }}>
                        {e.fileName}
                      </Typography>
                      <Typography variant="caption" color="text.secondary" component="div">
                        {f.bytes(e.size)} · {e.mediaType}
                        {e.description ? ` · ${e.description}` : ''}
                      </Typography>
                      {e.removedAt && (
                        <Typography variant="caption" color="error" component="div">
                          {t('evidence.removed_by', { at: f.dateTime(e.removedAt), by: userName(e.removedBy), reason: e.removalReason ?? '' })}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>
                      <Hash value={e.sha256} chars={8} />
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <Typography variant="body2">{userName(e.addedBy, (e as EvidenceView & { addedByName?: string }).addedByName)}</Typography>
                      <Typography variant="caption" color="text.secondary">
                        {f.dateTime(e.addedAt)}
                      </Typography>
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={t('evidence.download')}>
                        <IconButton size="small" onClick={() => void download(e)} aria-label={t('evidence.download')}>
                          <DownloadIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                      {!e.removedAt && allowed('remove_evidence') && (
                        <Tooltip title={t('evidence.remove')}>
                          <IconButton size="small" onClick={() => setRemoving(e)} aria-label={t('evidence.remove')}>
                            <DeleteOutlineIcon fontSize="small" />
                          </IconButton>
                        </Tooltip>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
        {showUploader && <EvidenceUploader />}
        <RemoveEvidenceDialog evidence={removing} onClose={() => setRemoving(null)} />
      </CardContent>
    </Card>
  );
};
