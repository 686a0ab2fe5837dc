import { Alert, Box, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import { useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { missingItemLabel, tryTranslate } from '../../problem/problemMessage';

/**
 * What the current stage still needs, in full sentences (`exitRule.missing` of the case, translated): a fact
 * ("The bank has not confirmed the freeze yet.") or an evidence type ("Attach the police receipt.").
 */
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
  const sentence = (item: string) =>
    tryTranslate(t, `flow.missing.${item}`) ??
    (tryTranslate(t, `enums.evidenceType.${item}`) ? t('flow.missing.evidence', { type: missingItemLabel(item, t) }) : t('flow.missing.other', { item: missingItemLabel(item, t) }));
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
            <ListItemText primary={sentence(m)} data-testid={`missing-${m}`} />
          </ListItem>
        ))}
      </List>
    </Box>
  );
};
