import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { STAGES, type Stage } from '@sentinel/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isUuid, parseListQuery, parseTimeParam } from '../common/list-query';
import { ProblemException } from '../common/problem.exception';
import { filterBoolean, filterEnum, filterUuidsOrNull, validIds } from '../users/filter-values';

export const BREACH_FILTERS = ['stage', 'teamId', 'open', 'from', 'to'] as const;
export const BREACH_SORTS = ['breachedAt', 'dueAt'] as const;
/** createdAt of a clock is when it started (the stage entry). */
const BREACH_SORT_COLUMNS: Record<string, string> = { breachedAt: 'k.breached_at', dueAt: 'k.due_at', createdAt: 'k.started_at', id: 'k.id' };

const DAY_MS = 86_400_000;
export const SUMMARY_DEFAULT_DAYS = 30;
export const SUMMARY_MAX_DAYS = 400;
const SUMMARY_PARAMS = new Set(['from', 'to', 'teamId', 'bucket']);

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const seconds = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);

export interface BreachRow {
  id: string;
  caseId: string;
  caseReference: string;
  stage: Stage;
  dueAt: string;
  breachedAt: string;
  state: string;
  assigneeId: string | null;
  teamId: string | null;
  priority: string;
  open: boolean;
}

export interface SlaStageSummary {
  stage: Stage;
  open: number;
  warning: number;
  breached: number;
  met: number;
  breachRate: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
  breachedInRange: number;
  metOnTime: number;
}

export interface SlaSeriesPoint {
  bucket: string;
  stage: Stage;
  breached: number;
  met: number;
  /** met in the bucket without having breached (breached / (metOnTime + breached) is the bucket's breach rate) */
  metOnTime: number;
  medianSeconds: number | null;
}

/** Read models of SLA clocks (docs/api.md "SLA"): breaches and the summary. */
@Injectable()
export class SlaReportsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async breaches(query: Record<string, unknown>): Promise<{ rows: BreachRow[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: BREACH_FILTERS, sorts: BREACH_SORTS, defaultSort: { field: 'breachedAt', order: 'DESC' } });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where = ['k.breached_at IS NOT NULL'];
    const f = q.filter;
    if (f.stage !== undefined) where.push(`k.stage = ANY(${p(filterEnum('stage', f.stage, STAGES))}::text[])`);
    if (f.teamId !== undefined) {
      const { ids, includeNull } = filterUuidsOrNull('teamId', f.teamId);
      where.push(`(c.team_id = ANY(${p(ids)}::uuid[])${includeNull ? ' OR c.team_id IS NULL' : ''})`);
    }
    if (f.open !== undefined) where.push(filterBoolean('open', f.open) ? `c.status = 'open'` : `c.status <> 'open'`);
    if (f.from !== undefined) where.push(`k.breached_at >= ${p(parseTimeParam('filter from', f.from))}`);
    if (f.to !== undefined) where.push(`k.breached_at < ${p(parseTimeParam('filter to', f.to))}`);
    if (q.ids) where.push(`k.id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const w = where.join(' AND ');
    const from = `FROM sla_clocks k JOIN cases c ON c.id = k.case_id WHERE ${w}`;
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const order = `${BREACH_SORT_COLUMNS[q.sort.field] ?? 'k.breached_at'} ${q.sort.order}, k.id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows = await this.ds.query(
      `SELECT k.id, k.case_id, c.reference, k.stage, k.due_at, k.breached_at, k.state, c.assignee_id, c.team_id, c.priority, c.status = 'open' AS open
       ${from} ORDER BY ${order}${page}`,
      params,
    );
    return {
      rows: rows.map((r: any) => ({
        id: r.id,
        caseId: r.case_id,
        caseReference: r.reference,
        stage: r.stage,
        dueAt: iso(r.due_at)!,
        breachedAt: iso(r.breached_at)!,
        state: r.state,
        assigneeId: r.assignee_id,
        teamId: r.team_id,
        priority: r.priority,
        open: r.open,
      })),
      total,
      offset: q.ids ? 0 : q.offset,
    };
  }

  /**
   * Per stage: `open`, `warning`, `breached` count the clocks running now (all open ones, those in warning, those
   * breached); `met` the clocks met in [from, to); `breachedInRange` those that breached in the range and
   * `metOnTime` those met in the range without breaching; breachRate = breachedInRange / (metOnTime +
   * breachedInRange), null when both are 0; median and p90 of (met_at − started_at) over the clocks met in the
   * range. The series buckets the same range by local day or ISO week (Monday) in DEFAULT_TIME_ZONE.
   */
  async summary(query: Record<string, unknown>, now = new Date()): Promise<{ stages: SlaStageSummary[]; series: SlaSeriesPoint[] }> {
    for (const [k, v] of Object.entries(query)) {
      if (!SUMMARY_PARAMS.has(k)) throw new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown query parameter: ${k}`, { fields: [k] });
      if (typeof v !== 'string') throw new ProblemException('REQUEST.MALFORMED', `Query parameter ${k} must be given once`, { field: k });
    }
    const to = query.to !== undefined ? parseTimeParam('to', query.to) : now;
    const from = query.from !== undefined ? parseTimeParam('from', query.from) : new Date(to.getTime() - SUMMARY_DEFAULT_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) throw new ProblemException('REQUEST.MALFORMED', 'from must be before to', { field: 'from' });
    if (to.getTime() - from.getTime() > SUMMARY_MAX_DAYS * DAY_MS) {
      throw new ProblemException('REQUEST.MALFORMED', `The range may span at most ${SUMMARY_MAX_DAYS} days`, { field: 'from' });
    }
    const bucket = (query.bucket as string | undefined) ?? 'day';
    if (bucket !== 'day' && bucket !== 'week') throw new ProblemException('REQUEST.MALFORMED', 'bucket must be day or week', { field: 'bucket' });
    const teamId = query.teamId as string | undefined;
    if (teamId !== undefined && !isUuid(teamId)) throw new ProblemException('REQUEST.MALFORMED', 'teamId must be a team id (UUID)', { field: 'teamId' });

    const team = teamId ? 'AND c.team_id = $3' : '';
    const rangeParams = teamId ? [from, to, teamId] : [from, to];
    const [current, ranged, series] = await Promise.all([
      this.ds.query(
        `SELECT k.stage, count(*)::int AS open, count(*) FILTER (WHERE k.state = 'warning')::int AS warning,
                count(*) FILTER (WHERE k.state = 'breached')::int AS breached
           FROM sla_clocks k JOIN cases c ON c.id = k.case_id
          WHERE k.state IN ('on_track','warning','breached') ${teamId ? 'AND c.team_id = $1' : ''}
          GROUP BY k.stage`,
        teamId ? [teamId] : [],
      ),
      this.ds.query(
        `SELECT k.stage,
                count(*) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2)::int AS met,
                count(*) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2 AND k.breached_at IS NULL)::int AS met_on_time,
                count(*) FILTER (WHERE k.breached_at >= $1 AND k.breached_at < $2)::int AS breached_in_range,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.met_at - k.started_at)) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM k.met_at - k.started_at)) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2) AS p90
           FROM sla_clocks k JOIN cases c ON c.id = k.case_id
          WHERE ((k.met_at >= $1 AND k.met_at < $2) OR (k.breached_at >= $1 AND k.breached_at < $2)) ${team}
          GROUP BY k.stage`,
        rangeParams,
      ),
      this.ds.query(
        `WITH ev AS (
           SELECT k.stage, date_trunc('${bucket}', k.met_at AT TIME ZONE $${rangeParams.length + 1}) AS b, true AS is_met,
                  k.breached_at IS NULL AS on_time, extract(epoch FROM k.met_at - k.started_at) AS secs
             FROM sla_clocks k JOIN cases c ON c.id = k.case_id WHERE k.met_at >= $1 AND k.met_at < $2 ${team}
           UNION ALL
           SELECT k.stage, date_trunc('${bucket}', k.breached_at AT TIME ZONE $${rangeParams.length + 1}), false, false, NULL
             FROM sla_clocks k JOIN cases c ON c.id = k.case_id WHERE k.breached_at >= $1 AND k.breached_at < $2 ${team}
         )
         SELECT to_char(b, 'YYYY-MM-DD') AS bucket, stage, count(*) FILTER (WHERE NOT is_met)::int AS breached,
                count(*) FILTER (WHERE is_met)::int AS met, count(*) FILTER (WHERE is_met AND on_time)::int AS met_on_time,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE is_met) AS median
           FROM ev GROUP BY b, stage ORDER BY b, stage`,
        [...rangeParams, this.cfg.defaultTimeZone],
      ),
    ]);
    const cur = new Map<string, any>(current.map((r: any) => [r.stage, r]));
    const rng = new Map<string, any>(ranged.map((r: any) => [r.stage, r]));
    const stages = STAGES.map((stage): SlaStageSummary => {
      const c = cur.get(stage) ?? {};
      const r = rng.get(stage) ?? {};
      const breachedInRange = r.breached_in_range ?? 0;
      const metOnTime = r.met_on_time ?? 0;
      return {
        stage,
        open: c.open ?? 0,
        warning: c.warning ?? 0,
        breached: c.breached ?? 0,
        met: r.met ?? 0,
        breachRate: breachedInRange + metOnTime > 0 ? breachedInRange / (breachedInRange + metOnTime) : null,
        medianSeconds: seconds(r.median),
        p90Seconds: seconds(r.p90),
        breachedInRange,
        metOnTime,
      };
    });
    const lifecycle = (s: Stage) => STAGES.indexOf(s);
    const points: SlaSeriesPoint[] = series
      .map((s: any) => ({ bucket: s.bucket, stage: s.stage, breached: s.breached, met: s.met, metOnTime: s.met_on_time, medianSeconds: seconds(s.median) }))
      .sort((a: SlaSeriesPoint, b: SlaSeriesPoint) => a.bucket.localeCompare(b.bucket) || lifecycle(a.stage) - lifecycle(b.stage));
    return { stages, series: points };
  }
}
