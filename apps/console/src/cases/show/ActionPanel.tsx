import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Dialog,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Stack,
  Tab,
  Tabs,
  Typography,
} from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import { useTranslate } from 'react-admin';
import type { AllowedAction, Stage } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import { ACTION_FORMS } from './actionForms';
import { EvidenceUploader } from './EvidencePanel';
import { missingItemLabel } from '../../problem/problemMessage';
import { useEnumLabel } from '../../common/labels';
import { usePerms } from '../../common/usePerms';

/**
 * Which allowed actions belong to the "next step" of each stage. This only groups what the API
 * already allows (`allowedActions`); it never adds an action the API did not list.
 */
const STAGE_ACTIONS: Record<Stage, AllowedAction[]> = {
  freeze: ['confirm_freeze', 'request_freeze', 'record_freeze_rejection', 'record_freeze_notice'],
  police_report: ['record_police_report'],
  merchant_contact: ['log_merchant_contact'],
  evidence: ['add_evidence', 'submit_for_review'],
  review: ['resolve'],
};
const LEADING: AllowedAction[] = ['claim', 'reopen'];
/** Shown elsewhere on the page (notes panel, evidence list). */
const ELSEWHERE: AllowedAction[] = ['add_note', 'remove_evidence'];
const SECONDARY_ORDER: AllowedAction[] = [
  'assign',
  'release',
  'set_priority',
  'record_freeze_notice',
  'log_merchant_contact',
  'add_evidence',
  'request_freeze',
  'record_freeze_rejection',
  'waive_stage',
  'close_early',
];

export function groupActions(allowed: readonly string[], stage: Stage, open: boolean) {
  const has = (a: AllowedAction) => allowed.includes(a);
  const primary: AllowedAction[] = [...LEADING.filter(has), ...(open ? STAGE_ACTIONS[stage] ?? [] : []).filter(has)];
  const secondary = SECONDARY_ORDER.filter((a) => has(a) && !primary.includes(a) && !ELSEWHERE.includes(a));
  const extra = (allowed as AllowedAction[]).filter((a) => !primary.includes(a) && !secondary.includes(a) && !ELSEWHERE.includes(a));
  return { primary, secondary: [...secondary, ...extra] };
}

export const ExitRuleChecklist = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const rule = record.exitRule;
  if (!rule || record.status !== 'open') return null;
  if (rule.met) {
    return (
      <Alert severity="success" icon={<CheckCircleIcon fontSize="inherit" />} sx={{ mb: 2 }}>
        {t('exitRule.met')}
      </Alert>
    );
  }
  return (
    <Box sx={{ mb: 2, p: 1.5, border: '1px dashed', borderColor: 'warning.main', borderRadius: 1, bgcolor: '#fffaf2' }} data-testid="exit-rule">
      <Typography variant="subtitle2" sx={{ color: 'warning.dark' }}>
        {t('exitRule.title')} · {t('exitRule.missing_count', { smart_count: rule.missing.length })}
      </Typography>
      <List dense disablePadding>
        {rule.missing.map((m) => (
          <ListItem key={m} disableGutters sx={{ py: 0 }}>
            <ListItemIcon sx={{ minWidth: 30 }}>
              <RadioButtonUncheckedIcon fontSize="small" color="warning" />
            </ListItemIcon>
            <ListItemText primary={missingItemLabel(m, t)} />
          </ListItem>
        ))}
      </List>
    </Box>
  );
};

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

export const ActionPanel = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const open = record.status === 'open';
  const { primary, secondary } = groupActions(record.allowedActions ?? [], record.stage, open);
  const [tab, setTab] = useState(0);
  const [dialog, setDialog] = useState<AllowedAction | null>(null);
  const { can } = usePerms();
  const active = Math.min(tab, Math.max(primary.length - 1, 0));
  // Read-only roles (auditors) see the stage's checklist, not an empty "next step".
  const readOnly = !can('cases:act') && primary.length === 0 && secondary.length === 0;

  return (
    <Card data-testid="action-panel" sx={{ borderColor: primary.length ? 'primary.light' : undefined, borderWidth: primary.length ? 1.5 : 1 }}>
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
        <ExitRuleChecklist />
        {readOnly ? null : primary.length === 0 ? (
          <Typography variant="body2" color="text.secondary" data-testid="no-actions">
            {t('resources.cases.page.no_actions')}
          </Typography>
        ) : (
          <>
            {primary.length > 1 && (
              <Tabs value={active} onChange={(_, v: number) => setTab(v)} variant="scrollable" sx={{ mb: 2, borderBottom: 1, borderColor: 'divider', minHeight: 40 }}>
                {primary.map((a) => (
                  <Tab key={a} label={t(`actions.${a}.label`)} sx={{ minHeight: 40, textTransform: 'none' }} data-testid={`tab-${a}`} />
                ))}
              </Tabs>
            )}
            {primary.map((a, i) => {
              const Factory = ACTION_FORMS[a];
              // Every form stays mounted (hidden when not selected) so switching tabs loses nothing.
              return (
                <Box key={a} sx={{ display: i === active ? 'block' : 'none' }} data-testid={`form-${a}`}>
                  {primary.length === 1 && (
                    <Typography variant="subtitle1" sx={{ mb: 0.5 }}>
                      {t(`actions.${a}.label`)}
                    </Typography>
                  )}
                  {a === 'add_evidence' ? <EvidenceUploader /> : Factory ? Factory({ record }) : null}
                </Box>
              );
            })}
          </>
        )}
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
                  color={a === 'close_early' ? 'error' : a === 'waive_stage' ? 'warning' : 'primary'}
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
