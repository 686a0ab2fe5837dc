import type { Outcome, WatchlistKind } from '@sentinel/contracts';
import { validationFailed } from '../errors';
import { parseSn } from '../sn/sn';
import type { ActorCtx, CaseState, ChangeContext } from './case-state';
import type { AlertDraft, RecordWrite } from './change-plan';
import { optionalText, requirePastTime } from './payload-rules';
import { effect, type ActionEffect } from './plan-helpers';

type Payload = Record<string, unknown>;

/** How long a confirmed case's SN and MID stay watched (`WATCHLIST_DAYS`). */
export const DEFAULT_WATCHLIST_DAYS = 90;
const DAY_MS = 86_400_000;

/** An active watchlist entry a report matched (read with the intake facts). */
export interface WatchlistMatch {
  entryId: string;
  kind: WatchlistKind;
  value: string;
  earlierCaseId: string | null;
  /** the supervisor who resolved the earlier case (alerted on the hit) */
  resolvedBy: string | null;
}

/** Closing as confirmed_misuse puts the case's SN and MID on the watchlist for `WATCHLIST_DAYS` (docs/domain.md "Aftercare"). */
export function watchlistOnClose(c: CaseState, outcome: Outcome, actor: ActorCtx | undefined, ctx: ChangeContext): RecordWrite[] {
  if (outcome !== 'confirmed_misuse') return [];
  const expiresAt = new Date(ctx.now.getTime() + (ctx.watchlistDays ?? DEFAULT_WATCHLIST_DAYS) * DAY_MS);
  const values: Array<[WatchlistKind, string | null]> = [['sn', c.sn], ['mid', c.merchantId]];
  return values.flatMap(([kind, value]): RecordWrite[] =>
    value
      ? [{ record: 'watchlist_added', entry: { id: ctx.newId(), kind, value, caseId: c.id, addedAt: ctx.now, addedBy: actor?.id ?? 'system', resolvedBy: actor?.id ?? null, expiresAt, reason: null } }]
      : [],
  );
}

/**
 * A report matched active entries: its case goes to `p1` (priority reason `watchlist_hit`), each hit is recorded,
 * and `watchlist.hit` alerts the case team's supervisors and the supervisor who resolved the earlier case.
 */
export function watchlistHits(caseId: string, reportId: string, matches: WatchlistMatch[], ctx: ChangeContext): { records: RecordWrite[]; alerts: AlertDraft[] } {
  const records: RecordWrite[] = matches.map((m) => ({ record: 'watchlist_hit', caseId, entryId: m.entryId, reportId, at: ctx.now }));
  const alerts: AlertDraft[] = matches.map((m) => ({
    type: 'watchlist.hit',
    recipients: { teamSupervisors: true, users: m.resolvedBy ? [m.resolvedBy] : [] },
    dedupeKey: `watchlist.hit:${caseId}:${m.entryId}`,
    stage: null,
    notificationId: null,
  }));
  return { records, alerts };
}

export const watchlistHitData = (matches: WatchlistMatch[]) => matches.map((m) => ({ entryId: m.entryId, kind: m.kind, value: m.value, earlierCaseId: m.earlierCaseId }));

/**
 * `record_terminal_replacement { newSn, replacedAt, note? }` (a case in review, or closed as confirmed_misuse): the
 * old terminal shows `replacedBy` / `replacedAt`, the new SN's terminal (created when unknown) `replaces`.
 */
export function planRecordTerminalReplacement(c: CaseState, p: Payload, actor: ActorCtx, ctx: ChangeContext): ActionEffect {
  const newSn = parseSn(p.newSn, 'newSn');
  if (newSn === c.sn) throw validationFailed({ newSn: { code: 'NOT_ALLOWED', message: 'must differ from the replaced terminal’s SN' } });
  const replacedAt = requirePastTime(p, 'replacedAt', ctx.now);
  const note = optionalText(p, 'note');
  return {
    ...effect('record_terminal_replacement', { oldSn: c.sn, newSn, replacedAt: replacedAt.toISOString(), ...(note ? { note } : {}) }),
    records: [{ record: 'terminal_replaced', terminalId: c.terminalId, oldSn: c.sn, newSn, replacedAt, note, by: actor.id }],
  };
}
