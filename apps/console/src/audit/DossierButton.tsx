import { useState } from 'react';
import { Button, CircularProgress } from '@mui/material';
import PdfIcon from '@mui/icons-material/PictureAsPdfOutlined';
import { useDataProvider, useLocaleState, useTranslate } from 'react-admin';
import type { SentinelDataProvider } from '../dataProvider';
import { usePerms } from '../common/usePerms';
import { useProblemNotify } from '../common/useProblemNotify';
import { saveBlob } from './files';

/** The case's dossier (PDF, in the console's language) for those who may export the audit trail. */
export const DossierButton = ({ caseId, reference }: { caseId: string; reference: string }) => {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const dp = useDataProvider<SentinelDataProvider>();
  const problem = useProblemNotify();
  const { can } = usePerms();
  const [busy, setBusy] = useState(false);
  if (!can('audit:export')) return null;
  const lang = locale === 'zh-CN' ? 'zh-CN' : 'en';
  const download = async () => {
    setBusy(true);
    try {
      saveBlob(await dp.downloadFile(`/cases/${encodeURIComponent(caseId)}/dossier.pdf?lang=${lang}`), `${reference}-dossier-${lang}.pdf`);
    } catch (e) {
      problem(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="outlined" size="small" onClick={download} disabled={busy} startIcon={busy ? <CircularProgress size={14} /> : <PdfIcon />} data-testid="dossier-download">
      {busy ? t('audit.dossier.downloading') : t('audit.dossier.download')}
    </Button>
  );
};
