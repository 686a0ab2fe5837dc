import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { ACTION_FORMS } from './actionForms';
import { useFormatters } from '../../hooks/useFormatters';

export const NotesPanel = () => {
  const { record, allowed } = useCaseActions();
  const t = useTranslate();
  const f = useFormatters();
  const notes = [...(record.notes ?? [])].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('resources.cases.page.notes')} <Chip size="small" label={notes.length} sx={{ ml: 0.5 }} />
        </Typography>
        {allowed('add_note') && <Box sx={{ mb: 1.5 }}>{ACTION_FORMS.add_note?.({ record })}</Box>}
        <Stack spacing={1} sx={{ maxHeight: 360, overflowY: 'auto' }}>
          {notes.map((n) => (
            <Box key={n.id} sx={{ p: 1.25, bgcolor: '#f7f8fb', borderRadius: 1 }}>
              <Typography variant="caption" color="text.secondary">
                {n.authorName} · {f.dateTime(n.createdAt)}
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {n.text}
              </Typography>
            </Box>
          ))}
          {notes.length === 0 && (
            <Typography variant="body2" color="text.secondary">
              {t('app.empty')}
            </Typography>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
