import { Alert, AlertTitle, Box, Button, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { CaseStatus, Stage } from '@sentinel/contracts';
import { useCaseActions } from './CaseActionContext';
import { useChangeText } from './live/useChangeText';
import { useEnumLabel } from '../../common/labels';

/** The case as a form saw it when input started. */
export interface FormBase {
  version: number;
  seq: number;
  stage: Stage;
  status: CaseStatus;
  assigneeId: string | null;
}

/**
 * Shown in a form whose case changed while someone was typing (or whose submit met a 409): what changed, in
 * the reader's language, and the right advice — submit again when the action is still open to them, or why it
 * no longer is (the case moved to another stage, was closed or went to someone else). The input stays.
 */
export const ChangedWhileTyping = ({
  action,
  base,
  conflict,
  stillAllowed,
  onContinue,
  onDiscard,
}: {
  action: string;
  base: FormBase;
  conflict: boolean;
  stillAllowed: boolean;
  onContinue: () => void;
  onDiscard: () => void;
}) => {
  const t = useTranslate();
  const label = useEnumLabel();
  const text = useChangeText();
  const { record, live } = useCaseActions();
  const changes = live.changesSince(base.seq);
  const actionLabel = t(`actions.${action}.label`, { _: action });
  let advice: string;
  if (stillAllowed) advice = t('live.typing.advice_still');
  else if (record.status === 'closed' && base.status !== 'closed') advice = t('live.typing.gone_closed', { action: actionLabel });
  else if (record.stage !== base.stage) advice = t('live.typing.gone_stage', { action: actionLabel, stage: label('stage', record.stage) });
  else if (record.assigneeId !== base.assigneeId)
    advice = record.assignee?.name ? t('live.typing.gone_assignee', { action: actionLabel, name: record.assignee.name }) : t('live.typing.gone_unassigned', { action: actionLabel });
  else advice = t('live.typing.gone_other', { action: actionLabel });

  return (
    <Alert severity="warning" sx={{ mb: 1.5 }} data-testid="conflict-alert">
      <AlertTitle>{conflict ? t('resources.cases.page.conflict_title') : t('live.typing.title')}</AlertTitle>
      {changes.length > 0 ? (
        <Box component="ul" sx={{ m: 0, pl: 2.5, mb: 0.75 }} data-testid="conflict-changes">
          {changes.slice(-5).map((c) => (
            <li key={c.seq}>
              <Typography variant="body2">{text(c)}</Typography>
            </li>
          ))}
        </Box>
      ) : (
        <Typography variant="body2" sx={{ mb: 0.75 }}>
          {t('live.typing.changed_unknown')}
        </Typography>
      )}
      <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="conflict-advice">
        {advice}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
        {stillAllowed && (
          <Button color="inherit" size="small" variant="outlined" onClick={onContinue} data-testid="conflict-continue">
            {t('live.typing.continue')}
          </Button>
        )}
        <Button color="inherit" size="small" onClick={onDiscard} data-testid="conflict-discard">
          {t('live.typing.discard')}
        </Button>
      </Box>
    </Alert>
  );
};
