import { useCallback } from 'react';
import { useTranslate } from 'react-admin';
import type { EventDescription } from './describeEvent';
import { useEnumLabel } from '../../../common/labels';

/** A change described in the reader's language ("The bank confirmed the freeze"). */
export function useChangeText() {
  const t = useTranslate();
  const label = useEnumLabel();
  return useCallback(
    (d: EventDescription) => {
      const params = {
        actor: d.actor ?? t('live.someone'),
        stage: d.stage ? label('stage', d.stage) : '',
        priority: d.priority ? label('priority', d.priority) : '',
        outcome: d.outcome ? label('outcome', d.outcome) : '',
        reason: d.reason ?? '',
        event: t(`events.${d.action}`, { _: d.action }),
      };
      const sentence = d.key === 'other' ? t('live.event.other', params) : t(`live.event.${d.key}`, { ...params, _: t('live.event.other', params) });
      return d.reason ? t('live.with_reason', { change: sentence, reason: d.reason }) : sentence;
    },
    [t, label],
  );
}
