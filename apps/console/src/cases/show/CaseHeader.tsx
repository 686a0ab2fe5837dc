import { Box, Card, CardContent, Divider, Stack, Typography } from '@mui/material';
import { LinkBase, useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { PriorityChip, SlaBadge, StageChip, StatusChip } from '../../common/chips';
import { useEnumLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { Mono } from '../../common/Hash';
import { DossierButton } from '../../audit/DossierButton';

const Item = ({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) => (
  <Box sx={{ minWidth: 0 }} data-testid={testId}>
    <Typography variant="caption" color="text.secondary" component="div" sx={{ textTransform: 'uppercase', letterSpacing: '0.05em', fontSize: '0.68rem' }}>
      {label}
    </Typography>
    <Box sx={{ fontSize: '0.9rem', minHeight: 22, display: 'flex', alignItems: 'center' }}>{children}</Box>
  </Box>
);

export const CaseHeader = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const field = (name: string) => t(`resources.cases.fields.${name}`);
  const merchant = record.merchantName ?? record.terminal?.merchantName ?? '—';
  return (
    <Card>
      <CardContent sx={{ pb: '16px !important' }}>
        <Stack direction={{ xs: 'column', md: 'row' }} sx={{ alignItems: { md: 'center' }, gap: 1.5, mb: 2 }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
              <Typography variant="h5" component="h1" data-testid="case-reference">
                {record.reference}
              </Typography>
              <PriorityChip value={record.priority} overridden={record.priorityOverridden} />
              <StatusChip status={record.status} outcome={record.outcome} />
              {record.status === 'open' && <StageChip value={record.stage} size="medium" />}
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              {label('misuseType', record.misuseType)} · {merchant}
            </Typography>
          </Box>
          {record.status === 'open' && (
            <Box>
              <SlaBadge state={record.slaState} dueAt={record.dueAt} />
            </Box>
          )}
          <DossierButton caseId={String(record.id)} reference={record.reference} />
        </Stack>
        <Divider sx={{ mb: 1.5 }} />
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: 'repeat(2, 1fr)', sm: 'repeat(3, 1fr)', lg: 'repeat(6, 1fr)' }, gap: 2 }}>
          <Item label={field('sn')} testId="case-sn">
            <Mono>{record.sn}</Mono>
          </Item>
          <Item label={field('merchantId')}>
            <Mono>{record.terminal?.merchantId ?? '—'}</Mono>
          </Item>
          <Item label={field('bankCode')}>{record.bankCode ?? record.terminal?.bankCode ?? '—'}</Item>
          <Item label={field('assignee')} testId="case-assignee">
            {record.assignee?.name ?? <em style={{ color: '#5b6475' }}>{t('app.unassigned')}</em>}
          </Item>
          <Item label={field('amountAtRisk')}>{record.amountAtRisk ? f.money(record.amountAtRisk) : '—'}</Item>
          <Item label={field('createdAt')}>{f.dateTime(record.createdAt)}</Item>
          {record.status === 'closed' && (
            <>
              <Item label={field('outcome')}>{label('outcome', record.outcome)}</Item>
              <Item label={field('closedAt')}>{f.dateTime(record.closedAt)}</Item>
              {record.closedFromStage && <Item label={field('stage')}>{t('resources.cases.page.closed_from', { stage: label('stage', record.closedFromStage) })}</Item>}
              {record.duplicateOfCaseId && (
                <Item label={t('resources.cases.page.duplicate_of')}>
                  <LinkBase to={`/cases/${record.duplicateOfCaseId}/show`}>{t('app.open')}</LinkBase>
                </Item>
              )}
            </>
          )}
        </Box>
      </CardContent>
    </Card>
  );
};
