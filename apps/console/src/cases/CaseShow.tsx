import { Box, Card, CardContent, Grid, Typography } from '@mui/material';
import { Loading, ShowBase, Title, useNavigate, useShowContext, useTranslate } from 'react-admin';
import type { CaseView } from '@sentinel/contracts';
import { CaseActionProvider } from './show/CaseActionContext';
import { CaseHeader } from './show/CaseHeader';
import { StageStepper } from './show/StageStepper';
import { ActionPanel } from './show/ActionPanel';
import { groupActions } from './show/actionGroups';
import { StageRecords } from './show/StageRecords';
import { EvidencePanel } from './show/EvidencePanel';
import { TerminalCard } from './show/TerminalCard';
import { ReportsPanel } from './show/ReportsPanel';
import { NotesPanel } from './show/NotesPanel';
import { HoldsPanel } from './show/HoldsPanel';
import { RegulatoryPanel } from './show/RegulatoryPanel';
import { CaseNotifications } from './show/CaseNotifications';
import { EventTimeline } from './show/EventTimeline';
import { LiveNotice } from './show/LiveNotice';
import { useProblemText } from '../common/useProblemNotify';
import { allowedOf } from './caseExtras';
import { useShortcut } from '../shortcuts/ShortcutsProvider';
import { neighbourId } from '../shortcuts/shortcuts';
import { rememberedCaseList } from '../shortcuts/navList';

/** J / K on a case page: the next / previous case of the list the user came from. */
function useCaseNeighbours(id: string | undefined) {
  const navigate = useNavigate();
  const go = (step: 1 | -1) => {
    if (!id) return false;
    const next = neighbourId(rememberedCaseList(), id, step);
    if (!next || next === id) return false;
    navigate(`/cases/${encodeURIComponent(next)}/show`);
  };
  useShortcut('nextItem', () => go(1));
  useShortcut('previousItem', () => go(-1));
}

/**
 * The case page: everything about the case on one page, with the one or two actions that move it on (from
 * the case's `allowedActions`) at the top. It stays current by itself (polling while visible) and says what
 * others changed.
 */
const CaseWorkspace = () => {
  const { record, isPending, error, refetch } = useShowContext<CaseView>();
  const t = useTranslate();
  const problemText = useProblemText();
  useCaseNeighbours(record ? String(record.id) : undefined);
  if (isPending) return <Loading />;
  if (error || !record) {
    return (
      <Card sx={{ mt: 2 }}>
        <CardContent>
          <Typography color="error">{error ? problemText(error) : t('ra.page.not_found')}</Typography>
        </CardContent>
      </Card>
    );
  }
  const { primary } = groupActions(allowedOf(record), record.stage, record.status === 'open', record.freeze);
  const uploaderInNextStep = primary.includes('add_evidence');
  const canUpload = allowedOf(record).includes('add_evidence');
  return (
    <CaseActionProvider record={record} refetch={refetch}>
      <Title title={t('resources.cases.page.title', { reference: record.reference })} />
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 1 }}>
        <LiveNotice />
        <CaseHeader />
        <StageStepper />
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 7 }} sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            <ActionPanel />
            <StageRecords />
            <EvidencePanel showUploader={canUpload && !uploaderInNextStep} />
          </Grid>
          <Grid size={{ xs: 12, lg: 5 }} sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            <RegulatoryPanel />
            <HoldsPanel />
            <TerminalCard terminal={record.terminal} />
            <ReportsPanel />
            <NotesPanel />
            <CaseNotifications />
          </Grid>
        </Grid>
        <EventTimeline caseId={record.id} headHash={record.headHash} lastEventSeq={record.lastEventSeq} />
      </Box>
    </CaseActionProvider>
  );
};

export const CaseShow = () => (
  <ShowBase>
    <CaseWorkspace />
  </ShowBase>
);
