import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Box, Button } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import { Form, FormDataConsumer, SaveButton, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import type { AllowedAction, CaseView } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import { ChangedWhileTyping, type FormBase } from './ChangedWhileTyping';
import { problemFieldErrors } from '../../problem/problemMessage';
import { problemStatus } from '../../problem/problem';
import { useProblemText } from '../../common/useProblemNotify';

/** Drafts survive a reload, a 409, navigating away and back (sessionStorage, per case and action). */
export const draftKey = (caseId: unknown, action: string) => `sentinel.draft.${String(caseId)}.${action}`;

interface Draft {
  values: Record<string, unknown>;
  /** The case as the input was typed against it (so a reload, or the form moving, can still say what changed since). */
  base?: FormBase;
}

function readDraft(key: string): Draft | null {
  try {
    const raw = window.sessionStorage.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (v && v.v === 3 && v.values && typeof v.values === 'object') {
      const b = v.base as FormBase | undefined;
      const base = b && Number.isInteger(b.version) && Number.isInteger(b.seq) ? b : undefined;
      return { values: v.values as Record<string, unknown>, base };
    }
    return { values: v };
  } catch {
    return null;
  }
}

function clearDraft(key: string): void {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    /* ignore */
  }
}

/**
 * Writes the draft while the form has input, drops it when the form is back to its defaults. Written at once
 * (no debounce): a form that moves on the page (its action no longer offered) is mounted again from it.
 */
const DraftWriter = ({ storageKey, values, base }: { storageKey: string; values: unknown; base: FormBase | null }) => {
  const serialized = JSON.stringify(values ?? {});
  const baseJson = base ? JSON.stringify(base) : null;
  useEffect(() => {
    try {
      if (baseJson === null) window.sessionStorage.removeItem(storageKey);
      else window.sessionStorage.setItem(storageKey, JSON.stringify({ v: 3, values: JSON.parse(serialized), base: JSON.parse(baseJson) }));
    } catch {
      /* storage full or disabled: the form still holds the values */
    }
  }, [serialized, storageKey, baseJson]);
  return null;
};

/** Reports whether the user changed anything in the form (react-hook-form's dirty state). */
const DirtyWatcher = ({ onChange }: { onChange: (dirty: boolean) => void }) => {
  const { isDirty } = useFormState();
  useEffect(() => onChange(isDirty), [isDirty, onChange]);
  return null;
};

/** Drops empty optional fields so the API receives only what the user filled in. */
function cleanPayload(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v;
  }
  return out;
}

const snapshot = (r: CaseView): FormBase => ({ version: r.version, seq: r.lastEventSeq, stage: r.stage, status: r.status, assigneeId: r.assigneeId });

/** A change shown for at least this long counts as seen: submitting then uses the case's latest version. */
const SEEN_AFTER_MS = 1_000;

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
 * The form of one case action. What is typed is never replaced: when the case changes while someone is
 * typing (the live page shows others' changes within seconds), the form stays, says what changed and what
 * that means for it ("the bank already confirmed the freeze"), and keeps the input. It posts with the version
 * the user has seen; a 409 (a change in the last moments) shows the same explanation. A 403/422 shows the
 * API's translated reason and its field errors on the inputs.
 */
export const ActionForm = ({ action, defaults, transform, children, submitLabel, submitColor = 'primary', onDone, onCancel, submitIcon }: ActionFormProps) => {
  const { run, record, conflict, ownChange, typing, allowed } = useCaseActions();
  const t = useTranslate();
  const problemText = useProblemText();
  const storageKey = draftKey(record.id, action);
  const [draft] = useState(() => readDraft(storageKey));
  const [initial, setInitial] = useState<Record<string, unknown>>(() => ({ ...(defaults?.() ?? {}), ...(draft?.values ?? {}) }));
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [lastStatus, setLastStatus] = useState<number | null>(null);
  // The case as it was when input started (a restored draft: as it was when the draft was typed).
  const [base, setBase] = useState<FormBase | null>(() => (draft ? (draft.base ?? snapshot(record)) : null));
  const restored = useRef(!!draft);
  const recordRef = useRef(record);
  recordRef.current = record;

  const onDirty = useRef((dirty: boolean) => {
    if (dirty) setBase((b) => b ?? snapshot(recordRef.current));
    else if (!restored.current) setBase(null);
  }).current;

  // The reader's own changes (another form, an upload) move the form along: they are not someone else's.
  useEffect(() => {
    if (ownChange) setBase((b) => (b && b.version === ownChange.from ? { ...snapshot(recordRef.current), version: ownChange.to, seq: ownChange.seq } : b));
  }, [ownChange]);

  const hasInput = base !== null;
  const { set: setTyping } = typing;
  useEffect(() => {
    setTyping(action, hasInput);
  }, [action, hasInput, setTyping]);
  useEffect(() => () => setTyping(action, false), [action, setTyping]);

  const moved = base !== null && record.version > base.version;
  const [movedSince, setMovedSince] = useState<number | null>(null);
  useEffect(() => setMovedSince(moved ? Date.now() : null), [moved, record.version]);
  const stillAllowed = allowed(action);

  const reset = () => {
    clearDraft(storageKey);
    restored.current = false;
    setBase(null);
    setInitial(defaults?.() ?? {});
    setGeneration((g) => g + 1);
    setError(null);
    setLastStatus(null);
  };

  const submit = async (values: Record<string, unknown>) => {
    setError(null);
    setLastStatus(null);
    const payload = transform ? transform(values) : cleanPayload(values);
    const seen = moved && movedSince !== null && Date.now() - movedSince >= SEEN_AFTER_MS;
    const version = base && !seen ? base.version : record.version;
    const r = await run(action, payload, { version });
    if (r.ok) {
      reset();
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
      <DirtyWatcher onChange={onDirty} />
      <FormDataConsumer>{({ formData }) => <DraftWriter storageKey={storageKey} values={formData} base={base} />}</FormDataConsumer>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0 }}>{children}</Box>
      {(moved || showConflict) && base && (
        <ChangedWhileTyping
          action={action}
          base={base}
          conflict={showConflict}
          stillAllowed={stillAllowed}
          onContinue={() => {
            setBase(snapshot(record));
            setLastStatus(null);
          }}
          onDiscard={reset}
        />
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
          alwaysEnable={stillAllowed}
          disabled={!stillAllowed}
          color={submitColor}
          variant="contained"
          data-testid={`submit-${action}`}
        />
      </Box>
    </Form>
  );
};
