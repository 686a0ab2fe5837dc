import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import type { SessionView } from '@sentinel/contracts';
import { accountApi } from './accountApi';
import { problemMessage } from '../problem/problemMessage';
import { useFormatters } from '../hooks/useFormatters';

/** The caller's live sessions; any but this one can be ended. */
export const SessionsPanel = () => {
  const t = useTranslate();
  const notify = useNotify();
  const fmt = useFormatters();
  const [rows, setRows] = useState<SessionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

  const load = useCallback(() => {
    accountApi.sessions().then(setRows, (err: unknown) => setError(problemMessage(err, t)));
  }, [t]);
  useEffect(load, [load]);

  const revoke = async (id: string) => {
    setEnding(id);
    try {
      await accountApi.revokeSession(id);
      notify('account.sessions.revoked', { type: 'info' });
      load();
    } catch (err) {
      setError(problemMessage(err, t));
    } finally {
      setEnding(null);
    }
  };

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!rows) return <CircularProgress size={24} aria-label={t('ra.page.loading')} />;
  return (
    <Box data-testid="sessions">
      <Typography variant="body2" color="text.secondary">
        {t('account.sessions.hint')}
      </Typography>
      <List dense>
        {rows.map((s) => (
          <ListItem
            key={s.id}
            divider
            secondaryAction={
              s.current ? (
                <Chip size="small" color="primary" label={t('account.sessions.this_one')} />
              ) : (
                <Button size="small" color="error" disabled={ending === s.id} onClick={() => void revoke(s.id)} startIcon={ending === s.id ? <CircularProgress size={14} color="inherit" /> : undefined}>
                  {t('account.sessions.revoke')}
                </Button>
              )
            }
          >
            <ListItemText
              primary={`${s.userAgent ? s.userAgent.slice(0, 80) : t('account.sessions.unknown_device')}${s.clientIp ? ` · ${s.clientIp}` : ''}`}
              secondary={`${t('account.sessions.started', { time: fmt.dateTime(s.createdAt) })} · ${t('account.sessions.last_seen', { time: fmt.dateTime(s.lastSeenAt) })}`}
            />
          </ListItem>
        ))}
      </List>
      {rows.length <= 1 && (
        <Typography variant="body2" color="text.secondary">
          {t('account.sessions.none')}
        </Typography>
      )}
    </Box>
  );
};
