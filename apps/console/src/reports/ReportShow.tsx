import { Box, Button, Card, CardContent, Grid, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { LinkBase, Loading, ShowBase, Title, useShowContext, useTranslate } from 'react-admin';
import type { ReportView } from '@sentinel/contracts';
import { useEnumLabel } from '../common/labels';
import { useFormatters } from '../hooks/useFormatters';
import { Mono } from '../common/Hash';
import { RevealableReporterField } from './RevealableReporterField';

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: '190px 1fr', gap: 1, py: 0.4, alignItems: 'baseline' }}>
    <Typography variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Box sx={{ fontSize: '0.875rem', minWidth: 0, wordBreak: 'break-word' }}>{children ?? '—'}</Box>
  </Box>
);

/** A report as received: immutable, shown in full (free text, reporter, suspicious transactions). */
const ReportDetails = () => {
  const { record, isPending } = useShowContext<ReportView>();
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  if (isPending || !record) return <Loading />;
  const fl = (k: string) => t(`resources.reports.fields.${k}`);
  const tx = (k: string) => t(`resources.reports.transactions.${k}`);
  const bool = (v: boolean | undefined) => (v == null ? '—' : t(v ? 'ra.boolean.true' : 'ra.boolean.false'));
  const loc = record.lastKnownLocation;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 1 }}>
      <Title title={`${t('resources.reports.name', { smart_count: 1 })} · ${record.sn}`} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardContent>
              <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
                <Typography variant="h6" sx={{ flex: 1 }}>
                  {label('misuseType', record.misuseType)}
                </Typography>
                {record.caseId && (
                  <Button variant="outlined" size="small" component={LinkBase} to={`/cases/${record.caseId}/show`}>
                    {record.caseReference ?? fl('caseId')}
                  </Button>
                )}
              </Box>
              <Row label={fl('receivedAt')}>{f.dateTime(record.receivedAt, true)}</Row>
              <Row label={fl('channel')}>{label('channel', record.channel)}</Row>
              <Row label={fl('sn')}>
                <Mono>{record.sn}</Mono>
              </Row>
              <Row label={fl('merchantId')}>{record.merchantId}</Row>
              <Row label={fl('merchantName')}>{record.merchantName}</Row>
              <Row label={fl('terminalId')}>{record.terminalId}</Row>
              <Row label={fl('terminalModel')}>{record.terminalModel}</Row>
              <Row label={fl('bankCode')}>{record.bankCode}</Row>
              <Row label={fl('amountAtRisk')}>{record.amountAtRisk ? f.money(record.amountAtRisk) : '—'}</Row>
              <Row label={fl('occurredAt')}>{record.occurredAt ? f.dateTime(record.occurredAt) : '—'}</Row>
              <Row label={fl('submittedBy')}>{record.submittedBy ? t(`enums.role.${record.submittedBy.role}`, { _: record.submittedBy.role }) : '—'}</Row>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card sx={{ height: '100%' }}>
            <CardContent>
              <Typography variant="h6" sx={{ mb: 1 }}>
                {fl('reporter')}
              </Typography>
              <Row label={fl('reporter.name')}>{record.reporter?.name}</Row>
              <Row label={fl('reporter.relationship')}>{record.reporter?.relationship ? label('reporterRelationship', record.reporter.relationship) : '—'}</Row>
              <Row label={fl('reporter.phone')}>
                <RevealableReporterField reportId={record.id} field="phone" value={record.reporter?.phone} />
              </Row>
              <Row label={fl('reporter.email')}>
                <RevealableReporterField reportId={record.id} field="email" value={record.reporter?.email} />
              </Row>
              <Row label={fl('deviceWithMerchant')}>{bool(record.deviceWithMerchant)}</Row>
              <Row label={fl('registeredMcc')}>{record.registeredMcc}</Row>
              <Row label={fl('observedMcc')}>{record.observedMcc}</Row>
              <Row label={fl('lastKnownLocation')}>
                {loc ? [loc.address, loc.lat != null && loc.lon != null ? `${loc.lat}, ${loc.lon}` : null].filter(Boolean).join(' · ') : '—'}
              </Row>
              <Row label={fl('lastGoodTransactionAt')}>{record.lastGoodTransactionAt ? f.dateTime(record.lastGoodTransactionAt) : '—'}</Row>
              <Row label={fl('firstSuspiciousAt')}>{record.firstSuspiciousAt ? f.dateTime(record.firstSuspiciousAt) : '—'}</Row>
              <Row label={fl('policeReceiptNumber')}>{record.policeReceiptNumber}</Row>
              <Row label={fl('policeStopPaymentInstruction')}>{record.policeStopPaymentInstruction}</Row>
            </CardContent>
          </Card>
        </Grid>
      </Grid>
      {record.description && (
        <Card>
          <CardContent>
            <Typography variant="h6" sx={{ mb: 1 }}>
              {fl('description')}
            </Typography>
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
              {record.description}
            </Typography>
          </CardContent>
        </Card>
      )}
      <Card>
        <CardContent>
          <Typography variant="h6" sx={{ mb: 1 }}>
            {fl('transactions')} ({record.transactions?.length ?? 0})
          </Typography>
          {record.transactions?.length ? (
            <Box sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{tx('at')}</TableCell>
                    <TableCell align="right">{tx('amount')}</TableCell>
                    <TableCell>{tx('maskedPan')}</TableCell>
                    <TableCell>{tx('entryMode')}</TableCell>
                    <TableCell>{tx('rrn')}</TableCell>
                    <TableCell>{tx('authCode')}</TableCell>
                    <TableCell>{tx('location')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {record.transactions.map((x, i) => (
                    <TableRow key={`${x.at}-${i}`}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{f.dateTime(x.at, true)}</TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {f.money(x.amount)}
                      </TableCell>
                      <TableCell>
                        <Mono>{x.maskedPan}</Mono>
                      </TableCell>
                      <TableCell>{x.entryMode ? label('entryMode', x.entryMode) : '—'}</TableCell>
                      <TableCell>{x.rrn ?? '—'}</TableCell>
                      <TableCell>{x.authCode ?? '—'}</TableCell>
                      <TableCell>{x.location?.address ?? (x.location?.lat != null ? `${x.location.lat}, ${x.location.lon}` : '—')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary">
              —
            </Typography>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};

export const ReportShow = () => (
  <ShowBase>
    <ReportDetails />
  </ShowBase>
);
