import { useState } from 'react';
import {
  Alert,
  Box,
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAddAlt';
import DoNotDisturbIcon from '@mui/icons-material/DoNotDisturbOn';
import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Form,
  ReferenceInput,
  AutocompleteInput,
  SelectInput,
  TextInput,
  required,
  useDataProvider,
  useListContext,
  useTranslate,
  useUnselectAll,
  useResourceContext,
  FormDataConsumer,
} from 'react-admin';
import { EARLY_CLOSE_OUTCOMES, type BulkResult } from '@sentinel/contracts';
import { UNASSIGNED, type SentinelDataProvider } from '../dataProvider';
import { CaseHolderInput } from '../common/inputs';
import { enumChoices } from '../common/labels';
import { useProblemText } from '../common/useProblemNotify';
import { usePerms } from '../common/usePerms';

type BulkAction = 'assign' | 'close_early';
const EMPTY = {};

/** One dialog for both bulk actions of POST /api/cases/bulk: form, progress, then per-case results. */
const BulkDialog = ({ action, open, onClose }: { action: BulkAction; open: boolean; onClose: () => void }) => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const { selectedIds, data } = useListContext();
  const resource = useResourceContext() ?? 'cases';
  const unselectAll = useUnselectAll(resource);
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refOf = (id: unknown) => data?.find((r) => r.id === id)?.reference ?? String(id);

  const submit = async (values: Record<string, unknown>) => {
    setRunning(true);
    setError(null);
    try {
      const payload =
        action === 'assign'
          ? { assigneeId: values.assigneeId === UNASSIGNED ? null : values.assigneeId }
          : {
              outcome: values.outcome,
              reason: values.reason,
              ...(values.outcome === 'duplicate' && values.duplicateOfCaseId ? { duplicateOfCaseId: values.duplicateOfCaseId } : {}),
            };
      const r = await dp.bulk(selectedIds, action, payload);
      setResults(r);
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      void queryClient.invalidateQueries({ queryKey: ['queues'] });
    } catch (e) {
      setError(problemText(e));
    } finally {
      setRunning(false);
    }
  };

  const close = () => {
    if (running) return;
    if (results) unselectAll();
    setResults(null);
    setError(null);
    onClose();
  };

  const ok = results?.filter((r) => r.ok).length ?? 0;
  const failed = (results?.length ?? 0) - ok;
  const title = t(action === 'assign' ? 'resources.cases.list.bulk_reassign' : 'resources.cases.list.bulk_close_early');

  return (
    <Dialog open={open} onClose={close} maxWidth="sm" fullWidth>
      <DialogTitle>
        {title} · {t('ra.action.bulk_actions', { smart_count: selectedIds.length })}
      </DialogTitle>
      {results ? (
        <>
          <DialogContent>
            <Alert severity={failed ? 'warning' : 'success'} sx={{ mb: 1 }}>
              {t('resources.cases.list.bulk_done', { ok, failed })}
            </Alert>
            {failed > 0 && (
              <List dense>
                {results
                  .filter((r) => !r.ok)
                  .map((r) => (
                    <ListItem key={r.id} disableGutters>
                      <ListItemText
                        primary={refOf(r.id)}
                        secondary={problemText({ status: r.status, message: r.detail ?? '', body: { code: r.code } })}
                      />
                    </ListItem>
                  ))}
              </List>
            )}
          </DialogContent>
          <DialogActions>
            <MuiButton variant="contained" onClick={close}>
              {t('app.close')}
            </MuiButton>
          </DialogActions>
        </>
      ) : (
        <Form onSubmit={(v: Record<string, unknown>) => void submit(v)} record={EMPTY} id={`bulk-${action}`}>
          <DialogContent>
            {action === 'assign' ? (
              <CaseHolderInput source="assigneeId" label="resources.cases.list.new_assignee" allowUnassign validate={required()} fullWidth />
            ) : (
              <>
                <SelectInput source="outcome" choices={enumChoices('outcome', EARLY_CLOSE_OUTCOMES)} validate={required()} fullWidth />
                <FormDataConsumer>
                  {({ formData }) =>
                    formData.outcome === 'duplicate' ? (
                      <ReferenceInput source="duplicateOfCaseId" reference="cases" sort={{ field: 'createdAt', order: 'DESC' }}>
                        <AutocompleteInput optionText="reference" filterToQuery={(q: string) => ({ q })} validate={required()} fullWidth />
                      </ReferenceInput>
                    ) : null
                  }
                </FormDataConsumer>
                <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
              </>
            )}
            {running && (
              <Box sx={{ mt: 1 }}>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
                  {t('resources.cases.list.bulk_running', { smart_count: selectedIds.length })}
                </Typography>
                <LinearProgress />
              </Box>
            )}
            {error && (
              <Alert severity="error" sx={{ mt: 1 }}>
                {error}
              </Alert>
            )}
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={close} disabled={running}>
              {t('app.cancel')}
            </MuiButton>
            <MuiButton type="submit" variant="contained" disabled={running} color={action === 'close_early' ? 'error' : 'primary'}>
              {title}
            </MuiButton>
          </DialogActions>
        </Form>
      )}
    </Dialog>
  );
};

export const BulkReassignButton = () => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="resources.cases.list.bulk_reassign" onClick={() => setOpen(true)}>
        <PersonAddIcon />
      </Button>
      <BulkDialog action="assign" open={open} onClose={() => setOpen(false)} />
    </>
  );
};

export const BulkCloseEarlyButton = () => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="resources.cases.list.bulk_close_early" onClick={() => setOpen(true)} color="error">
        <DoNotDisturbIcon />
      </Button>
      <BulkDialog action="close_early" open={open} onClose={() => setOpen(false)} />
    </>
  );
};

/** Bulk buttons for supervisors (`cases:supervise`); nothing for anyone else. */
export function useCaseBulkActions() {
  const { can } = usePerms();
  if (!can('cases:supervise')) return false as const;
  return (
    <>
      <BulkReassignButton />
      <BulkCloseEarlyButton />
    </>
  );
}
