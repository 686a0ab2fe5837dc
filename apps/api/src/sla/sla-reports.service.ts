import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SLA_SUMMARY_BUCKETS, STAGES, type SlaBreachRow, type SlaSeriesPoint, type SlaStageSummary, type SlaSummary, type SlaSummaryBucket, type Stage } from '@sentinel/contracts';
import { SlaReportsRepository, toSlaBreachRow, type BreachSort } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isUuid, parseListQuery, parseTimeParam } from '../common/list-query';
import { ProblemException } from '../common/problem.exception';
import { filterBoolean, filterEnum, filterUuidsOrNull, validIds } from '../users/filter-values';

export const BREACH_FILTERS = ['stage', 'teamId', 'open', 'from', 'to'] as const;
export const BREACH_SORTS = ['breachedAt', 'dueAt'] as const;

const DAY_MS = 86_400_000;
export const SUMMARY_DEFAULT_DAYS = 30;
export const SUMMARY_MAX_DAYS = 400;
const SUMMARY_PARAMS = new Set(['from', 'to', 'teamId', 'bucket']);

/** Seconds rounded to the millisecond (percentile_cont answers double precision). */
const seconds = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000);
const lifecycle = (s: Stage) => STAGES.indexOf(s);

/** Read models of SLA clocks (docs/api.md "SLA"): breaches and the summary. */
@Injectable()
export class SlaReportsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
    private readonly reports: SlaReportsRepository,
  ) {}

  async breaches(query: Record<string, unknown>): Promise<{ rows: SlaBreachRow[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: BREACH_FILTERS, sorts: BREACH_SORTS, defaultSort: { field: 'breachedAt', order: 'DESC' } });
    const f = q.filter;
    const team = f.teamId !== undefined ? filterUuidsOrNull('teamId', f.teamId) : undefined;
    const { rows, total } = await this.reports.breaches(this.ds, {
      stages: f.stage !== undefined ? filterEnum('stage', f.stage, STAGES) : undefined,
      teamIds: team?.ids,
      includeNoTeam: team?.includeNull,
      open: f.open !== undefined ? filterBoolean('open', f.open) : undefined,
      from: f.from !== undefined ? parseTimeParam('filter from', f.from) : undefined,
      to: f.to !== undefined ? parseTimeParam('filter to', f.to) : undefined,
      ids: q.ids ? validIds(q.ids) : undefined,
      sort: { field: q.sort.field as BreachSort, order: q.sort.order },
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toSlaBreachRow), total, offset: q.ids ? 0 : q.offset };
  }

  /**
   * Per stage: `open`, `warning`, `breached` count the clocks running now (all open ones, those in warning, those
   * breached); `met` the clocks met in [from, to); `breachedInRange` those that breached in the range and
   * `metOnTime` those met in the range without breaching; breachRate = breachedInRange / (metOnTime +
   * breachedInRange), null when both are 0; median and p90 of (met_at − started_at) over the clocks met in the
   * range. The series buckets the same range by local day or ISO week (Monday) in DEFAULT_TIME_ZONE.
   */
  async summary(query: Record<string, unknown>, now = new Date()): Promise<SlaSummary> {
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
    const bucket = (query.bucket ?? 'day') as SlaSummaryBucket;
    if (!SLA_SUMMARY_BUCKETS.includes(bucket)) throw new ProblemException('REQUEST.MALFORMED', 'bucket must be day or week', { field: 'bucket' });
    const teamId = query.teamId as string | undefined;
    if (teamId !== undefined && !isUuid(teamId)) throw new ProblemException('REQUEST.MALFORMED', 'teamId must be a team id (UUID)', { field: 'teamId' });

    const [current, ranged, series] = await Promise.all([
      this.reports.currentClocks(this.ds, teamId),
      this.reports.rangeFigures(this.ds, { from, to, teamId }),
      this.reports.series(this.ds, { from, to, teamId, bucket, timeZone: this.cfg.defaultTimeZone }),
    ]);
    const cur = new Map(current.map((r) => [r.stage, r]));
    const rng = new Map(ranged.map((r) => [r.stage, r]));
    const stages = STAGES.map((stage): SlaStageSummary => {
      const c = cur.get(stage);
      const r = rng.get(stage);
      const breachedInRange = r?.breached_in_range ?? 0;
      const metOnTime = r?.met_on_time ?? 0;
      return {
        stage,
        open: c?.open ?? 0,
        warning: c?.warning ?? 0,
        breached: c?.breached ?? 0,
        met: r?.met ?? 0,
        breachRate: breachedInRange + metOnTime > 0 ? breachedInRange / (breachedInRange + metOnTime) : null,
        medianSeconds: seconds(r?.median),
        p90Seconds: seconds(r?.p90),
        breachedInRange,
        metOnTime,
      };
    });
    const points: SlaSeriesPoint[] = series
      .map((s) => ({ bucket: s.bucket, stage: s.stage, breached: s.breached, met: s.met, metOnTime: s.met_on_time, medianSeconds: seconds(s.median) }))
      .sort((a, b) => a.bucket.localeCompare(b.bucket) || lifecycle(a.stage) - lifecycle(b.stage));
    return { stages, series: points };
  }
}
