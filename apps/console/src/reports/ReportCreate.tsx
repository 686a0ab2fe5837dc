import { useState } from 'react';
import { Alert, AlertTitle, Box, Button, Card, CardContent, Grid, Stack, Typography } from '@mui/material';
import SendIcon from '@mui/icons-material/Send';
import {
  ArrayInput,
  Form,
  LinkBase,
  RadioButtonGroupInput,
  SaveButton,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  Title,
  useDataProvider,
  useNavigate,
  useNotify,
  useTranslate,
} from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { ENTRY_MODES, MISUSE_TYPES, REPORTER_RELATIONSHIPS, type CaseListRow, type CreateReportResponse } from '@sentinel/contracts';
import type { SentinelDataProvider } from '../dataProvider';
import { enumChoices } from '../common/labels';
import { BankCodeInput, ZonedDateTimeInput } from '../common/inputs';
import { useProblemNotify } from '../common/useProblemNotify';
import { problemStatus } from '../problem/problem';
import { problemFieldErrors } from '../problem/problemMessage';
import { DuplicateWarning, SnInput } from './SnIntakeInputs';
import { formErrorsFromApi, STAFF_CHANNELS, toReportRequest, type ReportFormValues } from './reportPayload';
import { useMyTeam } from '../my-work/useMyTeam';

const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY', 'SGD', 'GBP'].map((c) => ({ id: c, name: c }));

/** One key per filled-in form: a double click or a retry after a lost answer never files two reports. */
function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return `console-${crypto.randomUUID()}`;
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Card>
    <CardContent>
      <Typography variant="h6" component="h2" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);

/** The report went to a case the reader may not open (another team's): say where it is. */
const FiledElsewhere = ({ result, team, onAnother }: { result: CreateReportResponse; team: string | null; onAnother: () => void }) => {
  const t = useTranslate();
  return (
    <Card sx={{ mt: 2 }} data-testid="report-filed-elsewhere">
      <CardContent>
        <Alert severity="success">
          <AlertTitle>{t('intake.done_title')}</AlertTitle>
          {team ? t('intake.elsewhere_team', { reference: result.caseReference, team }) : t('intake.elsewhere', { reference: result.caseReference })}
        </Alert>
        <Stack direction="row" sx={{ gap: 1, mt: 2 }}>
          <Button variant="outlined" component={LinkBase} to={`/reports/${encodeURIComponent(result.id)}/show`}>
            {t('intake.open_report')}
          </Button>
          <Button onClick={onAnother}>{t('intake.another')}</Button>
        </Stack>
      </CardContent>
    </Card>
  );
};

/**
 * "New report" for analysts and supervisors: a merchant's or cardholder's call entered while on the phone.
 * Only the staff channels; the SN shown as it will be stored; an open case of that SN named before
 * submitting; one Idempotency-Key per form; then the case (opened or linked) is opened.
 */
export const ReportCreate = () => {
  const t = useTranslate();
  const dp = useDataProvider<SentinelDataProvider>();
  const notify = useNotify();
  const notifyProblem = useProblemNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { teamId } = useMyTeam();
  const [key, setKey] = useState(newIdempotencyKey);
  const [formId, setFormId] = useState(0);
  const [elsewhere, setElsewhere] = useState<{ result: CreateReportResponse; team: string | null } | null>(null);

  /** The team of a case the reader may not open, when a list still names it (else null: "another team"). */
  const teamOf = async (caseId: string, sn: string): Promise<string | null> => {
    try {
      const { data } = await dp.getList<CaseListRow>('cases', { filter: { q: sn, status: 'open' }, pagination: { page: 1, perPage: 20 }, sort: { field: 'createdAt', order: 'DESC' } });
      const teamId = data.find((c) => String(c.id) === caseId)?.teamId;
      return teamId ? (await dp.getOne<{ id: string; name: string }>('teams', { id: teamId })).data.name : null;
    } catch {
      return null;
    }
  };

  const submit = async (values: Record<string, unknown>) => {
    const parsed = toReportRequest(values as ReportFormValues);
    if (!parsed.ok) return parsed.errors;
    let res: CreateReportResponse;
    try {
      res = await dp.createReport(parsed.body, key);
    } catch (e) {
      notifyProblem(e);
      return formErrorsFromApi(problemFieldErrors(e));
    }
    setKey(newIdempotencyKey());
    void queryClient.invalidateQueries({ queryKey: ['reports'] });
    void queryClient.invalidateQueries({ queryKey: ['cases'] });
    void queryClient.invalidateQueries({ queryKey: ['queues'] });
    try {
      const { data } = await dp.getOne('cases', { id: res.caseId });
      queryClient.setQueryData(['cases', 'getOne', { id: String(res.caseId) }], data);
      notify(res.linkedToExisting ? 'intake.linked' : 'intake.opened', { type: 'success', messageArgs: { reference: res.caseReference } });
      navigate(`/cases/${encodeURIComponent(res.caseId)}/show`);
    } catch (e) {
      const status = problemStatus(e);
      if (status === 403 || status === 404) setElsewhere({ result: res, team: await teamOf(res.caseId, parsed.body.sn) });
      else notify(res.linkedToExisting ? 'intake.linked' : 'intake.opened', { type: 'success', messageArgs: { reference: res.caseReference } });
    }
    return undefined;
  };

  if (elsewhere) {
    return (
      <Box sx={{ mt: 1 }}>
        <Title title={t('intake.title')} />
        <FiledElsewhere
          result={elsewhere.result}
          team={elsewhere.team}
          onAnother={() => {
            setElsewhere(null);
            setFormId((n) => n + 1);
          }}
        />
      </Box>
    );
  }

  const rf = (k: string) => `resources.reports.fields.${k}`;
  return (
    <Box sx={{ mt: 1 }} data-testid="report-create">
      <Title title={t('intake.title')} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('intake.intro')}
      </Typography>
      <Form key={formId} onSubmit={submit} defaultValues={{ channel: 'merchant_call', currency: 'CNY', deviceWithMerchant: 'unknown', transactions: [] }} noValidate sanitizeEmptyValues={false}>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 6 }} sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            <Section title={t('intake.section_terminal')}>
              <SnInput />
              <DuplicateWarning myTeamId={teamId} />
              <BankCodeInput source="bankCode" label={rf('bankCode')} fullWidth helperText="intake.bank_help" />
              <Grid container spacing={1.5}>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <TextInput source="merchantId" label={rf('merchantId')} fullWidth autoComplete="off" />
                </Grid>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <TextInput source="terminalId" label={rf('terminalId')} fullWidth autoComplete="off" />
                </Grid>
              </Grid>
              <TextInput source="merchantName" label={rf('merchantName')} fullWidth />
              <TextInput source="terminalModel" label={rf('terminalModel')} fullWidth />
            </Section>
            <Section title={t('intake.section_call')}>
              <RadioButtonGroupInput source="channel" label={rf('channel')} choices={enumChoices('channel', STAFF_CHANNELS)} row isRequired helperText="intake.channel_help" sx={{ mb: 2 }} />
              <Grid container spacing={1.5}>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <TextInput source="reporterName" label={rf('reporter.name')} fullWidth />
                </Grid>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <TextInput source="reporterPhone" label={rf('reporter.phone')} fullWidth autoComplete="off" />
                </Grid>
              </Grid>
              <SelectInput source="reporterRelationship" label={rf('reporter.relationship')} choices={enumChoices('reporterRelationship', REPORTER_RELATIONSHIPS)} fullWidth />
            </Section>
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }} sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            <Section title={t('intake.section_what')}>
              <SelectInput source="misuseType" label={rf('misuseType')} choices={enumChoices('misuseType', MISUSE_TYPES)} isRequired fullWidth />
              <RadioButtonGroupInput
                source="deviceWithMerchant"
                label={rf('deviceWithMerchant')}
                choices={[
                  { id: 'yes', name: 'ra.boolean.true' },
                  { id: 'no', name: 'ra.boolean.false' },
                  { id: 'unknown', name: 'intake.unknown' },
                ]}
                row
                helperText="intake.device_help"
                sx={{ mb: 2 }}
              />
              <Grid container spacing={1.5}>
                <Grid size={{ xs: 8 }}>
                  <TextInput source="amount" label={rf('amountAtRisk')} fullWidth slotProps={{ htmlInput: { inputMode: 'decimal' } }} helperText="intake.amount_help" />
                </Grid>
                <Grid size={{ xs: 4 }}>
                  <SelectInput source="currency" label="intake.currency" choices={CURRENCIES} translateChoice={false} fullWidth />
                </Grid>
              </Grid>
              <ZonedDateTimeInput source="firstSuspiciousAt" label={rf('firstSuspiciousAt')} fullWidth />
              <Grid container spacing={1.5}>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <TextInput source="policeReceiptNumber" label={rf('policeReceiptNumber')} fullWidth />
                </Grid>
                <Grid size={{ xs: 12, sm: 6 }}>
                  <TextInput source="policeStopPaymentInstruction" label={rf('policeStopPaymentInstruction')} fullWidth helperText="intake.stop_payment_help" />
                </Grid>
              </Grid>
              <TextInput source="description" label={rf('description')} multiline minRows={3} fullWidth helperText="intake.description_help" />
            </Section>
            <Section title={t('intake.section_transactions')}>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {t('intake.transactions_help')}
              </Typography>
              <ArrayInput source="transactions" label={false}>
                <SimpleFormIterator inline disableReordering>
                  <ZonedDateTimeInput source="at" label="resources.reports.transactions.at" />
                  <TextInput source="amount" label="resources.reports.transactions.amount" slotProps={{ htmlInput: { inputMode: 'decimal' } }} helperText={false} sx={{ width: 130 }} />
                  <TextInput source="maskedPan" label="resources.reports.transactions.maskedPan" helperText="intake.masked_pan_help" sx={{ width: 200 }} />
                  <SelectInput source="entryMode" label="resources.reports.transactions.entryMode" choices={enumChoices('entryMode', ENTRY_MODES)} helperText={false} sx={{ width: 170 }} />
                </SimpleFormIterator>
              </ArrayInput>
            </Section>
          </Grid>
        </Grid>
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1, mt: 2 }}>
          <Button component={LinkBase} to="/reports" color="inherit">
            {t('app.cancel')}
          </Button>
          <SaveButton label="intake.submit" icon={<SendIcon />} variant="contained" data-testid="submit-report" />
        </Box>
      </Form>
    </Box>
  );
};
