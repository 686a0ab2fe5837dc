import { Box, IconButton, Tooltip, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useNotify, useTranslate } from 'react-admin';

export function useCopy() {
  const notify = useNotify();
  return async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      notify('app.copied', { type: 'info' });
    } catch {
      /* clipboard unavailable (insecure context): the value stays selectable */
    }
  };
}

export const CopyButton = ({ value, size = 'small' }: { value: string; size?: 'small' | 'medium' }) => {
  const t = useTranslate();
  const copy = useCopy();
  return (
    <Tooltip title={t('app.copy')}>
      <IconButton size={size} onClick={() => void copy(value)} aria-label={t('app.copy')}>
        <ContentCopyIcon sx={{ fontSize: 15 }} />
      </IconButton>
    </Tooltip>
  );
};

/** A SHA-256 (or other long hex) in monospace: shortened, full on hover, copyable. */
export const Hash = ({ value, chars = 12, full = false }: { value: string | null | undefined; chars?: number; full?: boolean }) => {
  if (!value) return <Typography component="span" variant="body2" color="text.secondary">—</Typography>;
  const short = full || value.length <= chars * 2 ? value : `${value.slice(0, chars)}…${value.slice(-4)}`;
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25, maxWidth: '100%' }}>
      <Tooltip title={<Box component="span" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{value}</Box>}>
        <Typography
          component="span"
          variant="body2"
          sx={{ fontFamily: "'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, monospace", fontSize: '0.78rem', wordBreak: full ? 'break-all' : 'normal', whiteSpace: full ? 'normal' : 'nowrap', color: 'text.secondary' }}
        >
          {short}
        </Typography>
      </Tooltip>
      <CopyButton value={value} />
    </Box>
  );
};

export const Mono = ({ children, nowrap }: { children: React.ReactNode; nowrap?: boolean }) => (
  <Typography component="span" variant="body2" sx={{ fontFamily: "'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, monospace", fontSize: '0.82rem', whiteSpace: nowrap ? 'nowrap' : undefined }}>
    {children}
  </Typography>
);
