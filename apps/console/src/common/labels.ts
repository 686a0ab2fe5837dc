import { useCallback } from 'react';
import { useTranslate } from 'react-admin';

export type EnumName =
  | 'role'
  | 'stage'
  | 'caseStatus'
  | 'outcome'
  | 'priority'
  | 'channel'
  | 'misuseType'
  | 'reporterRelationship'
  | 'entryMode'
  | 'evidenceType'
  | 'contactChannel'
  | 'contactOutcome'
  | 'noticeChannel'
  | 'notifiedBy'
  | 'clockState'
  | 'slaState'
  | 'notificationType'
  | 'notificationStatus'
  | 'callbackType'
  | 'alertType'
  | 'freezeScope'
  | 'attemptOutcome'
  | 'weekday'
  | 'priorityReason'
  | 'confirmedVia'
  | 'eventVia'
  | 'holdKind'
  | 'holdBasis'
  | 'holdStatus'
  | 'regulatoryKind'
  | 'regulatoryState';

/** Choices for react-admin select inputs; names are translation keys (translated by the input). */
export function enumChoices(name: EnumName, values: readonly string[]) {
  return values.map((id) => ({ id, name: `enums.${name}.${id}` }));
}

/** Label of an enum value in the current language, the raw value when none is known. */
export function useEnumLabel() {
  const t = useTranslate();
  return useCallback(
    (name: EnumName, value: string | null | undefined) => (value == null || value === '' ? '' : t(`enums.${name}.${value}`, { _: value })),
    [t],
  );
}

export function useEventLabel() {
  const t = useTranslate();
  return useCallback((action: string) => t(`events.${action}`, { _: action }), [t]);
}
