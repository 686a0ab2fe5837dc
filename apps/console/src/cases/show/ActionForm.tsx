import { useEffect, useState, type ReactNode } from 'react';
import { Alert, AlertTitle, Box, Button, CircularProgress } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { Form, FormDataConsumer, SaveButton, useTranslate } from 'react-admin';
import type { AllowedAction } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import { problemFieldErrors } from '../../problem/problemMessage';
import { problemStatus } from '../../problem/problem';
import { useProblemText } from '../../common/useProblemNotify';

/** Drafts survive a reload, a 409, navigating away and back (sessionStorage, per case and action). */
const draftKey = (caseId: unknown, action: string) => `sentinel.draft.${String(caseId)}.${action}`;

function readDraft(key: string): Record<string, unknown> {
  try {
    const raw = window.sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const DraftWriter = ({ storageKey, values }: { storageKey: string; values: unknown }) => {
  const serialized = JSON.stringify(values ?? {});
  useEffect(() => {
    const h = window.setTimeout(() => {
      try {
        window.sessionStorage.setItem(storageKey, serialized);
      } catch {
        /* storage full or disabled: the form still holds the values */
      }
    }, 250);
    return () => window.clearTimeout(h);
  }, [serialized, storageKey]);
  return null;
};

const DraftSaver = ({ storageKey }: { storageKey: string }) => (
  <FormDataConsumer>{({ formData }) => <DraftWriter storageKey={storageKey} values={formData} />}</FormDataConsumer>
);

/** Drops empty optional fields so the API receives only what the user filled in. */
function cleanPayload(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v;
  }
  return out;
}

export interface ActionFormProps {
  action: AllowedAction;
  /** Values the inputs start with (computed once, when the form opens). */
  defaults?: () => Record<string, unknown>;
  /** Payload from the form values (default: the values without empty fields). */
  transform?: (values: Record<string, unknown>) => Record<string, unknown>;
  children?: ReactNode;
  submitLabel?: string;
  submitColor?: 'primary' | 'secondary' | 'error' | 'warning' | 'success';
  onDone?: () => void;
  onCancel?: () => void;
  submitIcon?: ReactNode;
}

/**
 * The form of one case action. It posts with the case's current `version`; a 403/422 shows the
 * API's translated reason and its field errors on the inputs; a 409 offers Reload, which
 * refreshes the case and keeps what was typed here (the form is not remounted).
 */
export const ActionForm = ({ action, defaults, transform, children, submitLabel, submitColor = 'primary', onDone, onCancel, submitIcon }: ActionFormProps) => {
  const { run, record, conflict, reload, reloading } = useCaseActions();
  const t = useTranslate();
  const problemText = useProblemText();
  const storageKey = draftKey(record.id, action);
  const [initial, setInitial] = useState<Record<string, unknown>>(() => ({ ...(defaults?.() ?? {}), ...readDraft(storageKey) }));
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [lastStatus, setLastStatus] = useState<number | null>(null);

  const submit = async (values: Record<string, unknown>) => {
    setError(null);
    setLastStatus(null);
    const payload = transform ? transform(values) : cleanPayload(values);
    const r = await run(action, payload);
    if (r.ok) {
      try {
        window.sessionStorage.removeItem(storageKey);
      } catch {
        /* ignore */
      }
      setInitial(defaults?.() ?? {});
      setGeneration((g) => g + 1);
      onDone?.();
      return undefined;
    }
    const status = problemStatus(r.error) ?? null;
    setLastStatus(status);
    // Field errors are shown once, under their inputs; any other refusal in the alert above the buttons.
    const fields = problemFieldErrors(r.error);
    if (status !== 409 && !fields) setError(problemText(r.error));
    return fields;
  };

  const showConflict = lastStatus === 409 && conflict != null;

  return (
    <Form key={generation} record={initial} onSubmit={submit} noValidate sanitizeEmptyValues={false}>
      <DraftSaver storageKey={storageKey} />
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0 }}>{children}</Box>
      {showConflict && (
        <Alert
          severity="warning"
          sx={{ mb: 1.5 }}
          data-testid="conflict-alert"
          action={
            <Button color="inherit" size="small" onClick={() => void reload()} disabled={reloading} startIcon={reloading ? <CircularProgress size={14} color="inherit" /> : undefined}>
              {t('app.reload')}
            </Button>
          }
        >
          <AlertTitle>{t('resources.cases.page.conflict_title')}</AlertTitle>
          {t('resources.cases.page.conflict_body')}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mb: 1.5 }} role="alert" data-testid="action-error">
          {error}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
        {onCancel && (
          <Button onClick={onCancel} color="inherit">
            {t('app.cancel')}
          </Button>
        )}
        <SaveButton
          label={submitLabel ?? `actions.${action}.label`}
          icon={submitIcon ?? <CheckIcon />}
          alwaysEnable
          color={submitColor}
          variant="contained"
          data-testid={`submit-${action}`}
        />
      </Box>
    </Form>
  );
};
