import { Box, Button, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { LinkBase, useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { useEnumLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';

export const ReportsPanel = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const reports = [...(record.reports ?? [])].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('resources.cases.page.reports')} <Chip size="small" label={reports.length} sx={{ ml: 0.5 }} />
        </Typography>
        <Stack spacing={1.25}>
          {reports.map((r) => (
            <Box key={r.id} sx={{ p: 1.25, border: '1px solid', borderColor: 'divider', borderRadius: 1 }}>
              <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {label('channel', r.channel)}
                </Typography>
                <Chip size="small" variant="outlined" label={label('misuseType', r.misuseType)} />
                {r.deviceWithMerchant === false && <Chip size="small" color="error" variant="outlined" label={`${t('resources.reports.fields.deviceWithMerchant')}${t('app.colon')}${t('ra.boolean.false')}`} />}
                <Box sx={{ flex: 1 }} />
                <Button size="small" component={LinkBase} to={`/reports/${r.id}/show`}>
                  {t('app.details')}
                </Button>
              </Stack>
              <Typography variant="caption" color="text.secondary" component="div">
                {f.dateTime(r.receivedAt)}
                {r.reporter?.name ? ` · ${r.reporter.name}` : ''}
                {r.reporter?.relationship ? t('app.in_parentheses', { text: label('reporterRelationship', r.reporter.relationship) }) : ''}
                {r.amountAtRisk ? ` · ${f.money(r.amountAtRisk)}` : ''}
                {r.transactions?.length ? ` · ${t('app.suspicious_transactions', { smart_count: r.transactions.length })}` : ''}
              </Typography>
              {r.description && (
                <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap', display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
                  {r.description}
                </Typography>
              )}
            </Box>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
};
