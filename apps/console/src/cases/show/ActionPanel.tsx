import { useRef, useState } from 'react';
import { Alert, Box, Button, Card, CardContent, Dialog, DialogContent, DialogTitle, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { ACTION_FORMS } from './actionForms';
import { EvidenceUploader } from './EvidencePanel';
import { useEnumLabel } from '../../common/labels';
import { usePerms } from '../../common/usePerms';
import type { AllowedAction } from '@sentinel/contracts';
import { allowedOf } from '../caseExtras';
import { freezeMode, groupActions } from './actionGroups';
import { ExitRuleChecklist } from './ExitRuleChecklist';
import { FreezeProblem, FreezeWaiting } from './FreezeWaiting';
import { NextCaseCard } from './NextCaseCard';
import { ReturnBanner } from './ReturnBanner';
import { useShortcut } from '../../shortcuts/ShortcutsProvider';

export { groupActions } from './actionGroups';
export { ExitRuleChecklist } from './ExitRuleChecklist';

const ActionDialog = ({ action, open, onClose }: { action: AllowedAction; open: boolean; onClose: () => void }) => {
  const t = useTranslate();
  const { record } = useCaseActions();
  const Factory = ACTION_FORMS[action];
  return (
    // keepMounted: what was typed survives closing and reopening the dialog.
    <Dialog open={open} onClose={onClose} keepMounted maxWidth="sm" fullWidth>
      <DialogTitle>{t(`actions.${action}.label`)}</DialogTitle>
      <DialogContent sx={{ pt: '8px !important' }}>
        {action === 'add_evidence' ? <EvidenceUploader /> : Factory ? Factory({ record, onDone: onClose, onCancel: onClose }) : null}
      </DialogContent>
    </Dialog>
  );
};

const FIELD = 'input:not([type=hidden]):not([disabled]), textarea:not([disabled]), [role=combobox], [role=radiogroup] input';

/**
 * The next step of the case: the form(s) of the current stage's allowed actions (tabs when several), what the
 * stage still needs in full sentences, the reason a supervisor returned the case, the wait for the bank after
 * a freeze request, and — when nothing is left for the reader — the way to the next case. A form with input
 * in it stays on the page even when the case moves on under it (it then says what changed).
 */
export const ActionPanel = () => {
  const { record, typing } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const open = record.status === 'open';
  const { primary: offered, secondary: offeredSecondary, waitingForBank, byHand } = groupActions(allowedOf(record), record.stage, open, record.freeze);
  // Forms being typed into are kept, whatever the case now allows.
  const kept = typing.actions.filter((a) => !offered.includes(a as AllowedAction) && !byHand.includes(a as AllowedAction)) as AllowedAction[];
  const primary = [...offered, ...kept.filter((a) => !offeredSecondary.includes(a) && a !== 'add_note')];
  const secondary = offeredSecondary;
  const [tab, setTab] = useState<AllowedAction | null>(null);
  const [dialog, setDialog] = useState<AllowedAction | null>(null);
  const { can } = usePerms();
  const panelRef = useRef<HTMLDivElement>(null);
  // A form that outlived its action (input kept) is shown first: it says what changed.
  const active: AllowedAction | undefined = tab && primary.includes(tab) ? tab : (kept.find((a) => primary.includes(a)) ?? primary[0]);
  // Read-only roles (auditors) see the stage's checklist, not an empty "next step".
  const readOnly = !can('cases:act') && primary.length === 0 && secondary.length === 0;
  const mode = open && record.stage === 'freeze' ? freezeMode(record.freeze) : null;
  const nothingToDo = !readOnly && primary.length === 0 && !waitingForBank;

  const activeForm = () => {
    const root = panelRef.current;
    if (!root) return null;
    if (waitingForBank && byHand.length) return root.querySelector<HTMLElement>(`[data-testid=form-${byHand[0]}]`);
    return active ? root.querySelector<HTMLElement>(`[data-testid=form-${active}]`) : null;
  };
  // N: to the first input of the next step; Ctrl+Enter (outside any form): submit the next step.
  useShortcut('openNextStep', () => {
    if (waitingForBank && byHand.length) panelRef.current?.querySelector<HTMLElement>('[data-testid=reveal-confirm_freeze]')?.click();
    const form = activeForm();
    if (!form) return false;
    form.scrollIntoView({ block: 'center', behavior: 'smooth' });
    window.setTimeout(() => (activeForm()?.querySelector<HTMLElement>(FIELD) ?? activeForm()?.querySelector<HTMLElement>('button[type=submit]'))?.focus(), 50);
  });
  useShortcut('submitForm', () => {
    const form = activeForm()?.querySelector('form');
    if (!form) return false;
    form.requestSubmit();
  });

  const renderForm = (a: AllowedAction) => {
    const Factory = ACTION_FORMS[a];
    return a === 'add_evidence' ? <EvidenceUploader /> : Factory ? Factory({ record }) : null;
  };

  return (
    <Card data-testid="action-panel" ref={panelRef} sx={{ borderColor: primary.length || waitingForBank ? 'primary.light' : undefined, borderWidth: primary.length ? 1.5 : 1 }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 1.5, gap: 1 }}>
          <Typography variant="h6" sx={{ flex: 1 }}>
            {readOnly ? label('stage', record.stage) : t('resources.cases.page.next_step')}
          </Typography>
          {open && !readOnly && (
            <Typography variant="body2" color="text.secondary">
              {t('resources.cases.page.stage_current')}
              {t('app.colon')}
              <strong>{label('stage', record.stage)}</strong>
            </Typography>
          )}
        </Stack>
        {!open && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {t('resources.cases.page.closed_banner', { outcome: label('outcome', record.outcome) })}
          </Alert>
        )}
        <ReturnBanner />
        {(mode === 'undeliverable' || mode === 'rejected') && <FreezeProblem mode={mode} />}
        <ExitRuleChecklist />
        {waitingForBank && (
          <FreezeWaiting
            byHand={
              byHand.length ? (
                <Box data-testid={`form-${byHand[0]}`}>
                  <Typography variant="subtitle1" sx={{ mb: 0.5 }}>
                    {t(`actions.${byHand[0]}.label`)}
                  </Typography>
                  {renderForm(byHand[0])}
                </Box>
              ) : null
            }
          />
        )}
        {readOnly ? null : nothingToDo ? (
          <NextCaseCard />
        ) : primary.length > 0 ? (
          <>
            {primary.length > 1 && (
              <Tabs
                value={active}
                onChange={(_, v: AllowedAction) => setTab(v)}
                variant="scrollable"
                sx={{ mb: 2, mt: waitingForBank ? 2 : 0, borderBottom: 1, borderColor: 'divider', minHeight: 40 }}
              >
                {primary.map((a) => (
                  <Tab key={a} value={a} label={t(`actions.${a}.label`)} sx={{ minHeight: 40, textTransform: 'none' }} data-testid={`tab-${a}`} />
                ))}
              </Tabs>
            )}
            {primary.map((a) => (
              // Every form stays mounted (hidden when not selected) so switching tabs loses nothing.
              <Box key={a} sx={{ display: a === active ? 'block' : 'none' }} data-testid={`form-${a}`}>
                {primary.length === 1 && (
                  <Typography variant="subtitle1" sx={{ mb: 0.5 }}>
                    {t(`actions.${a}.label`)}
                  </Typography>
                )}
                {renderForm(a)}
              </Box>
            ))}
          </>
        ) : null}
        {waitingForBank && !readOnly && <NextCaseCard waiting />}
        {secondary.length > 0 && (
          <Box sx={{ mt: 2.5, pt: 2, borderTop: '1px solid', borderColor: 'divider' }}>
            <Typography variant="subtitle2" sx={{ mb: 1 }}>
              {t('resources.cases.page.other_actions')}
            </Typography>
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
              {secondary.map((a) => (
                <Button
                  key={a}
                  size="small"
                  variant="outlined"
                  color={a === 'close_early' ? 'error' : a === 'waive_stage' || a === 'record_freeze_rejection' ? 'warning' : 'primary'}
                  onClick={() => setDialog(a)}
                  data-testid={`open-${a}`}
                >
                  {t(`actions.${a}.label`)}
                </Button>
              ))}
            </Box>
            {secondary.map((a) => (
              <ActionDialog key={a} action={a} open={dialog === a} onClose={() => setDialog(null)} />
            ))}
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
