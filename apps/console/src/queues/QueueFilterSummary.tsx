import { Box, Chip, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useEnumLabel, type EnumName } from '../common/labels';

const KEYS: Array<[string, EnumName | null]> = [
  ['stage', 'stage'],
  ['priority', 'priority'],
  ['slaState', 'slaState'],
  ['bankCode', null],
];

/** The saved filter of a queue, in words. */
export const QueueFilterSummary = ({ filter }: { filter: Record<string, unknown> | null | undefined }) => {
  const t = useTranslate();
  const label = useEnumLabel();
  const parts = KEYS.filter(([k]) => filter?.[k] != null && filter[k] !== '').map(([k, e]) => {
    const v = filter![k];
    const values = Array.isArray(v) ? v.map(String) : [String(v)];
    return `${t(`resources.queues.fields.filter.${k}`)}${t('app.colon')}${values.map((x) => (e ? label(e, x) : x)).join(t('app.list_separator'))}`;
  });
  if (parts.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('resources.queues.page.filter_none')}
      </Typography>
    );
  }
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {parts.map((p) => (
        <Chip key={p} size="small" variant="outlined" label={p} />
      ))}
    </Box>
  );
};
