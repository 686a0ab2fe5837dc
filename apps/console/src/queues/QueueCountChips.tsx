import { Box, Chip, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { queueCounts, type QueueRow } from './types';

export const QueueCountChips = ({ queue, size = 'small' }: { queue: QueueRow; size?: 'small' | 'medium' }) => {
  const t = useTranslate();
  const c = queueCounts(queue);
  const f = (k: string) => t(`resources.queues.fields.${k}`);
  return (
    <Box sx={{ display: 'flex', gap: 0.75, flexWrap: 'wrap' }}>
      <Tooltip title={f('open')}>
        <Chip size={size} label={`${f('open')} ${c.open}`} sx={{ bgcolor: '#e8f0fb', color: '#1f4e8c' }} />
      </Tooltip>
      <Tooltip title={f('unassigned')}>
        <Chip size={size} label={`${f('unassigned')} ${c.unassigned}`} variant="outlined" />
      </Tooltip>
      <Tooltip title={f('warning')}>
        <Chip size={size} label={`${f('warning')} ${c.warning}`} sx={{ bgcolor: c.warning ? '#fff3e0' : '#f4f6fa', color: c.warning ? '#b35400' : '#6b7280' }} />
      </Tooltip>
      <Tooltip title={f('breached')}>
        <Chip size={size} label={`${f('breached')} ${c.breached}`} sx={{ bgcolor: c.breached ? '#fdecea' : '#f4f6fa', color: c.breached ? '#b71c1c' : '#6b7280' }} />
      </Tooltip>
    </Box>
  );
};
