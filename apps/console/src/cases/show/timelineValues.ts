import { useCallback, useMemo } from 'react';
import { useGetList, useTranslate } from 'react-admin';
import type { CaseEventView, CaseView } from '@sentinel/contracts';
import { useEnumLabel, type EnumName } from '../../common/labels';
import { useFormatters } from '../../hooks/useFormatters';
import { useUserNames } from '../../common/useUserNames';
import { usePerms } from '../../common/usePerms';
import type { NotificationRow } from '../../notifications/types';

/** Enums a value of this key may belong to, tried in order (an `outcome` may be a case's or a contact's). */
const ENUM_KEYS: Record<string, EnumName[]> = {
  stage: ['stage'],
  closedFromStage: ['stage'],
  status: ['caseStatus', 'notificationStatus', 'holdStatus'],
  outcome: ['outcome', 'contactOutcome'],
  priority: ['priority'],
  misuseType: ['misuseType'],
  channel: ['channel', 'contactChannel', 'noticeChannel'],
  type: ['evidenceType', 'notificationType'],
  notifiedBy: ['notifiedBy'],
  slaState: ['slaState'],
  state: ['clockState', 'regulatoryState'],
  role: ['role'],
  reasons: ['priorityReason'],
  confirmedVia: ['confirmedVia'],
  via: ['eventVia'],
  derivedPriority: ['priority'],
  waivedStage: ['stage'],
  waivedStages: ['stage'],
  kind: ['regulatoryKind', 'holdKind'],
  scope: ['freezeScope'],
  basis: ['holdBasis'],
};

/** Data keys holding user ids (shown as the user's name). */
const USER_KEYS = new Set(['assigneeId', 'userId', 'recordedBy', 'addedBy', 'removedBy', 'previousAssigneeId', 'by']);
const BYTE_KEYS = new Set(['size', 'sizeBytes']);

const shortId = (id: string) => `${id.slice(0, 8)}…`;

export type EventWithName = CaseEventView & { actor: { id: string; role: string; name?: string } };

/**
 * How the timeline says a value of an event's `data`: ids as what they name (a team's name, a clock's stage, a
 * report's channel and time, an evidence file's name and type, a notification's type and status, a person's
 * name), enum codes as labels, sizes with units, times in the user's format. The names come from the case
 * itself, the actors of its events, the teams, and (for readers of users) the user list, so an analyst without
 * `users:read` still sees names.
 */
export function useTimelineValues(record: CaseView | undefined, events: EventWithName[]) {
  const t = useTranslate();
  const label = useEnumLabel();
  const f = useFormatters();
  const userName = useUserNames();
  const { can } = usePerms();
  const teams = useGetList<{ id: string; name: string }>('teams', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } }, { enabled: can('settings:read'), staleTime: 5 * 60_000 });
  // The same query as the case page's notification panel (one request, shared cache).
  const notifications = useGetList<NotificationRow>(
    'notifications',
    { filter: { caseId: record?.id }, sort: { field: 'createdAt', order: 'DESC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: !!record?.id && can('cases:read') },
  );

  const lookups = useMemo(() => {
    const people = new Map<string, string>();
    for (const e of events) if (e.actorName) people.set(e.actor.id, e.actorName);
    if (record?.assignee) people.set(record.assignee.id, record.assignee.name);
    if (record?.policeReport?.recordedByName) people.set(record.policeReport.recordedBy, record.policeReport.recordedByName);
    for (const c of record?.merchantContacts ?? []) if (c.recordedByName) people.set(c.recordedBy, c.recordedByName);
    for (const ev of record?.evidence ?? []) {
      if (ev.addedByName) people.set(ev.addedBy, ev.addedByName);
      if (ev.removedBy && ev.removedByName) people.set(ev.removedBy, ev.removedByName);
    }
    for (const n of record?.notes ?? []) people.set(n.authorId, n.authorName);
    return {
      people,
      teams: new Map((teams.data ?? []).map((x) => [String(x.id), x.name])),
      clocks: new Map((record?.clocks ?? []).map((c) => [c.id, c])),
      reports: new Map((record?.reports ?? []).map((r) => [r.id, r])),
      evidence: new Map((record?.evidence ?? []).map((x) => [x.id, x])),
      notifications: new Map((notifications.data ?? []).map((n) => [String(n.id), n])),
    };
  }, [events, record, teams.data, notifications.data]);

  const idText = useCallback(
    (key: string, id: string): string | null => {
      if (key === 'teamId') return lookups.teams.get(id) ?? shortId(id);
      if (key === 'clockId') {
        const c = lookups.clocks.get(id);
        return c ? t('timeline.clock', { stage: label('stage', c.stage), at: f.dateTime(c.startedAt) }) : shortId(id);
      }
      if (key === 'reportId') {
        const r = lookups.reports.get(id);
        return r ? t('timeline.report', { channel: label('channel', r.channel), at: f.dateTime(r.receivedAt) }) : shortId(id);
      }
      if (key === 'evidenceId') {
        const e = lookups.evidence.get(id);
        return e ? t('timeline.evidence_item', { file: e.fileName, type: label('evidenceType', e.type) }) : shortId(id);
      }
      if (key === 'notificationId' || key === 'notificationIds') {
        const n = lookups.notifications.get(id);
        return n ? t('timeline.notification', { type: label('notificationType', n.type), status: label('notificationStatus', n.status) }) : shortId(id);
      }
      if (USER_KEYS.has(key)) return userName(id, lookups.people.get(id));
      return null;
    },
    [lookups, t, label, f, userName],
  );

  const text = useCallback(
    (key: string, v: unknown): string => {
      if (v === null || v === undefined || v === '') return '—';
      if (typeof v === 'boolean') return t(v ? 'ra.boolean.true' : 'ra.boolean.false');
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? v.map((x) => text(key, x)).join(t('app.list_separator')) : '—';
      if (typeof v === 'number' && key.endsWith('Ms')) return f.duration(v);
      if (typeof v === 'number' && BYTE_KEYS.has(key)) return f.bytes(v);
      if (typeof v === 'number') return f.number(v);
      if (typeof v === 'string') {
        const named = idText(key, v);
        if (named) return named;
        for (const e of ENUM_KEYS[key] ?? []) {
          const l = label(e, v);
          if (l !== v) return l;
        }
        if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return f.dateTime(v, true);
        return v;
      }
      if (typeof v === 'object' && 'minor' in v && 'currency' in v) return f.money(v as { minor: number; currency: string });
      if (key === 'autoFreeze' && typeof v === 'object' && 'decided' in v && 'rule' in v) {
        const a = v as { decided: boolean; rule: string };
        return t(`timeline.auto_freeze.${a.decided ? 'yes' : 'no'}`, { rule: t(`timeline.auto_freeze_rules.${a.rule}`, { _: a.rule }) });
      }
      // watchlist entries (and hits): "SN PAX-A920-0100000", one per entry
      if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && 'kind' in x && 'value' in x)) {
        return (v as Array<{ kind: string; value: string }>).map((x) => `${t(`resources.watchlist.kinds.${x.kind}`, { _: x.kind })} ${x.value}`).join(t('app.list_separator'));
      }
      if (typeof v === 'object' && 'name' in v && 'id' in v) return String((v as { name: unknown }).name);
      return JSON.stringify(v);
    },
    [t, f, label, idText],
  );

  const actorName = useCallback((e: EventWithName) => userName(e.actor.id, e.actorName ?? lookups.people.get(e.actor.id)), [userName, lookups]);
  return { text, actorName };
}
