import { Box, Card, CardContent, Chip, Divider, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useCaseActions } from './CaseActionContext';
import { useEnumLabel } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { NotificationStatusChip } from '../../common/chips';
import { Mono } from '../../common/Hash';
import { useUserNames } from '../../common/useUserNames';
import type { NotificationStatus } from '@sentinel/contracts';

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: '150px 1fr', gap: 1, py: 0.25, alignItems: 'baseline' }}>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Box sx={{ fontSize: '0.875rem', minWidth: 0, wordBreak: 'break-word' }}>{children ?? '—'}</Box>
  </Box>
);

/** What each stage recorded so far: freeze, police report, merchant contacts. */
export const StageRecords = () => {
  const { record } = useCaseActions();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const userName = useUserNames();
  const fz = record.freeze;
  const pr = record.policeReport;
  const contacts = record.merchantContacts ?? [];
  const field = (n: string) => t(`resources.cases.fields.${n}`);
  return (
    <Card>
      <CardContent>
        <Typography variant="subtitle1" sx={{ mb: 0.5 }}>
          {t('resources.cases.page.freeze')}
        </Typography>
        {fz ? (
          <>
            <Row label={field('bankCode')}>{fz.bankCode ?? '—'}</Row>
            <Row label={t('resources.cases.page.freeze_requested')}>
              {fz.requestedAt ? (
                <Stack direction="row" sx={{ gap: 1, alignItems: 'center' }}>
                  {f.dateTime(fz.requestedAt)}
                  {fz.notificationStatus && <NotificationStatusChip status={fz.notificationStatus as NotificationStatus} />}
                </Stack>
              ) : (
                '—'
              )}
            </Row>
            {fz.confirmedAt && (
              <Row label={t('resources.cases.page.freeze_confirmed')}>
                {f.dateTime(fz.confirmedAt)} · <Mono>{fz.bankReference ?? ''}</Mono>{' '}
                <Typography component="span" variant="caption" color="text.secondary">
                  ({fz.confirmedVia === 'callback' ? t('resources.cases.page.via_callback') : t('resources.cases.page.via_analyst')})
                </Typography>
              </Row>
            )}
            {fz.rejectedAt && (
              <Row label={t('resources.cases.page.freeze_rejected')}>
                <Typography component="span" color="error.main" variant="body2">
                  {f.dateTime(fz.rejectedAt)} · {fz.rejectionReason}
                </Typography>
              </Row>
            )}
            {fz.notice && (
              <Row label={t('resources.cases.page.freeze_notice')}>
                {f.dateTime(fz.notice.notifiedAt)} · {label('noticeChannel', fz.notice.channel)} · {label('notifiedBy', fz.notice.notifiedBy)}
                {fz.notice.appealInstructionsGiven ? ` · ${field('appealInstructionsGiven')}` : ''}
              </Row>
            )}
            {fz.unfreezeRequestedAt && <Row label={t('resources.cases.page.unfreeze_requested')}>{f.dateTime(fz.unfreezeRequestedAt)}</Row>}
            {fz.unfrozenAt && <Row label={t('resources.cases.page.unfrozen')}>{f.dateTime(fz.unfrozenAt)}</Row>}
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            —
          </Typography>
        )}
        <Divider sx={{ my: 1.5 }} />
        <Typography variant="subtitle1" sx={{ mb: 0.5 }}>
          {t('resources.cases.page.police_report')}
        </Typography>
        {pr ? (
          <>
            <Row label={field('agency')}>{pr.agency}</Row>
            <Row label={field('reportNumber')}>
              <Mono>{pr.reportNumber}</Mono>
            </Row>
            <Row label={field('filedAt')}>{f.dateTime(pr.filedAt)}</Row>
            {pr.officer && <Row label={field('officer')}>{pr.officer}</Row>}
            <Row label={t('evidence.added_by')}>
              {userName(pr.recordedBy, pr.recordedByName ?? undefined)} · {f.dateTime(pr.recordedAt)}
            </Row>
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {(record.waivedStages ?? []).includes('police_report') ? t('resources.cases.page.stage_waived') : '—'}
          </Typography>
        )}
        <Divider sx={{ my: 1.5 }} />
        <Typography variant="subtitle1" sx={{ mb: 0.5 }}>
          {t('resources.cases.page.merchant_contacts')} {contacts.length > 0 && <Chip size="small" label={contacts.length} />}
        </Typography>
        {contacts.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            —
          </Typography>
        ) : (
          <Stack spacing={1}>
            {contacts.map((c) => (
              <Box key={c.id} sx={{ pl: 1.5, borderLeft: '3px solid', borderColor: c.outcome === 'reached' ? 'success.main' : 'divider' }}>
                <Typography variant="body2" sx={{ fontWeight: 600 }}>
                  {f.dateTime(c.contactedAt)} · {label('contactChannel', c.channel)} · {label('contactOutcome', c.outcome)}
                </Typography>
                {c.findings && (
                  <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                    {c.findings}
                  </Typography>
                )}
                <Typography variant="caption" color="text.secondary">
                  {userName(c.recordedBy, c.recordedByName ?? undefined)}
                </Typography>
              </Box>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
