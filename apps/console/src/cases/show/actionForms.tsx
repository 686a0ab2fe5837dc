import type { ReactElement } from 'react';
import { Typography } from '@mui/material';
import {
  AutocompleteInput,
  BooleanInput,
  FormDataConsumer,
  RadioButtonGroupInput,
  ReferenceInput,
  SelectInput,
  TextInput,
  required,
  useTranslate,
} from 'react-admin';
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  EARLY_CLOSE_OUTCOMES,
  NOTICE_CHANNELS,
  NOTIFIED_BY,
  OUTCOMES,
  PRIORITIES,
  type AllowedAction,
  type CaseView,
} from '@sentinel/contracts';
import { ActionForm } from './ActionForm';
import { enumChoices } from '../../common/labels';
import { BankCodeInput, CaseHolderInput, ZonedDateTimeInput } from '../../common/inputs';
import { UNASSIGNED } from '../../dataProvider';

export interface ActionFormComponentProps {
  onDone?: () => void;
  onCancel?: () => void;
}

const nowIso = () => new Date().toISOString();

const Hint = ({ action }: { action: string }) => {
  const t = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
      {t(`actions.${action}.hint`)}
    </Typography>
  );
};

const DuplicateOfInput = () => {
  return (
    <FormDataConsumer>
      {({ formData }) =>
        formData.outcome === 'duplicate' ? (
          <ReferenceInput source="duplicateOfCaseId" reference="cases" sort={{ field: 'createdAt', order: 'DESC' }}>
            <AutocompleteInput
              optionText={(c: { reference: string; sn?: string }) => (c.sn ? `${c.reference} · ${c.sn}` : c.reference)}
              inputText={(c: { reference: string }) => c.reference}
              filterToQuery={(q: string) => ({ q })}
              validate={required()}
              fullWidth
            />
          </ReferenceInput>
        ) : null
      }
    </FormDataConsumer>
  );
};

const freezeBank = (r: CaseView) => r.freeze?.bankCode ?? r.bankCode ?? r.terminal?.bankCode ?? undefined;

type FormFactory = (p: ActionFormComponentProps & { record: CaseView }) => ReactElement;

/** The form of each case action (payloads of docs/api.md "Case actions"). */
export const ACTION_FORMS: Partial<Record<AllowedAction, FormFactory>> = {
  claim: (p) => (
    <ActionForm action="claim" {...p}>
      <Hint action="claim" />
    </ActionForm>
  ),
  release: (p) => (
    <ActionForm action="release" submitColor="secondary" {...p}>
      <Hint action="release" />
    </ActionForm>
  ),
  submit_for_review: (p) => (
    <ActionForm action="submit_for_review" {...p}>
      <Hint action="submit_for_review" />
    </ActionForm>
  ),
  assign: (p) => (
    <ActionForm
      action="assign"
      transform={(v) => ({ assigneeId: v.assigneeId === UNASSIGNED ? null : v.assigneeId })}
      defaults={() => ({ assigneeId: p.record.assigneeId ?? UNASSIGNED })}
      {...p}
    >
      <Hint action="assign" />
      <CaseHolderInput source="assigneeId" allowUnassign validate={required()} fullWidth />
    </ActionForm>
  ),
  request_freeze: (p) => (
    <ActionForm action="request_freeze" defaults={() => ({ bankCode: freezeBank(p.record) })} {...p}>
      <Hint action="request_freeze" />
      <BankCodeInput source="bankCode" validate={required()} fullWidth />
    </ActionForm>
  ),
  confirm_freeze: (p) => (
    <ActionForm action="confirm_freeze" defaults={() => ({ confirmedAt: nowIso(), bankCode: freezeBank(p.record) })} {...p}>
      <Hint action="confirm_freeze" />
      <TextInput source="bankReference" validate={required()} fullWidth autoComplete="off" />
      <ZonedDateTimeInput source="confirmedAt" validate={required()} fullWidth />
      <BankCodeInput source="bankCode" fullWidth />
    </ActionForm>
  ),
  record_freeze_notice: (p) => (
    <ActionForm
      action="record_freeze_notice"
      defaults={() => ({ notifiedAt: nowIso(), notifiedBy: 'bank', appealInstructionsGiven: false })}
      transform={(v) => ({ ...v, appealInstructionsGiven: !!v.appealInstructionsGiven })}
      {...p}
    >
      <Hint action="record_freeze_notice" />
      <ZonedDateTimeInput source="notifiedAt" validate={required()} fullWidth />
      <SelectInput source="channel" choices={enumChoices('noticeChannel', NOTICE_CHANNELS)} validate={required()} fullWidth />
      <RadioButtonGroupInput source="notifiedBy" choices={enumChoices('notifiedBy', NOTIFIED_BY)} validate={required()} row />
      <BooleanInput source="appealInstructionsGiven" />
    </ActionForm>
  ),
  record_freeze_rejection: (p) => (
    <ActionForm action="record_freeze_rejection" submitColor="warning" {...p}>
      <Hint action="record_freeze_rejection" />
      <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
    </ActionForm>
  ),
  record_police_report: (p) => (
    <ActionForm action="record_police_report" defaults={() => ({ filedAt: nowIso() })} {...p}>
      <Hint action="record_police_report" />
      <TextInput source="agency" validate={required()} fullWidth />
      <TextInput source="reportNumber" validate={required()} fullWidth autoComplete="off" />
      <ZonedDateTimeInput source="filedAt" validate={required()} fullWidth />
      <TextInput source="officer" fullWidth />
    </ActionForm>
  ),
  log_merchant_contact: (p) => (
    <ActionForm action="log_merchant_contact" defaults={() => ({ contactedAt: nowIso(), channel: 'phone' })} {...p}>
      <Hint action="log_merchant_contact" />
      <SelectInput source="channel" choices={enumChoices('contactChannel', CONTACT_CHANNELS)} validate={required()} fullWidth />
      <ZonedDateTimeInput source="contactedAt" validate={required()} fullWidth />
      <RadioButtonGroupInput source="outcome" choices={enumChoices('contactOutcome', CONTACT_OUTCOMES)} validate={required()} row />
      <TextInput source="findings" multiline minRows={3} fullWidth />
    </ActionForm>
  ),
  waive_stage: (p) => (
    <ActionForm action="waive_stage" submitColor="warning" {...p}>
      <Hint action="waive_stage" />
      <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
    </ActionForm>
  ),
  resolve: (p) => (
    <ActionForm action="resolve" {...p}>
      <Hint action="resolve" />
      <RadioButtonGroupInput source="outcome" choices={enumChoices('outcome', OUTCOMES)} validate={required()} row />
      <DuplicateOfInput />
      <TextInput source="summary" multiline minRows={3} validate={required()} fullWidth />
    </ActionForm>
  ),
  return_to_analyst: (p) => (
    <ActionForm action="return_to_analyst" submitColor="warning" {...p}>
      <Hint action="return_to_analyst" />
      <TextInput source="reason" multiline minRows={3} validate={required()} fullWidth />
    </ActionForm>
  ),
  close_early: (p) => (
    <ActionForm action="close_early" submitColor="error" {...p}>
      <Hint action="close_early" />
      <RadioButtonGroupInput source="outcome" choices={enumChoices('outcome', EARLY_CLOSE_OUTCOMES)} validate={required()} row />
      <DuplicateOfInput />
      <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
    </ActionForm>
  ),
  reopen: (p) => (
    <ActionForm action="reopen" submitColor="warning" {...p}>
      <Hint action="reopen" />
      <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
    </ActionForm>
  ),
  set_priority: (p) => (
    <ActionForm action="set_priority" defaults={() => ({ priority: p.record.priority })} {...p}>
      <Hint action="set_priority" />
      <RadioButtonGroupInput source="priority" choices={enumChoices('priority', PRIORITIES)} validate={required()} row />
      <TextInput source="reason" multiline minRows={2} validate={required()} fullWidth />
    </ActionForm>
  ),
  record_terminal_replacement: (p) => (
    <ActionForm action="record_terminal_replacement" defaults={() => ({ replacedAt: nowIso() })} {...p}>
      <Hint action="record_terminal_replacement" />
      <TextInput source="newSn" label="holds.fields.newSn" validate={required()} fullWidth autoComplete="off" />
      <ZonedDateTimeInput source="replacedAt" label="holds.fields.replacedAt" validate={required()} fullWidth />
      <TextInput source="note" label="holds.fields.note" multiline minRows={2} fullWidth />
    </ActionForm>
  ),
  add_note: (p) => (
    <ActionForm action="add_note" {...p}>
      <TextInput source="text" multiline minRows={3} validate={required()} fullWidth label="resources.cases.fields.text" />
    </ActionForm>
  ),
};
