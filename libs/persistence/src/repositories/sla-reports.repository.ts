import type { ClockState, Priority, SlaBreachRow, SlaSummaryBucket, Stage } from '@sentinel/contracts';
import { one, rows, type Db } from '../sql';
import { SqlParams, type Page, type SortOrder } from './list-sql';

/** A breached clock with its case, as `GET /api/sla/breaches` lists it. */
export interface BreachRow {
  id: string;
  case_id: string;
  reference: string;
  stage: Stage;
  due_at: Date;
  breached_at: Date;
  state: ClockState;
  assignee_id: string | null;
  team_id: string | null;
  priority: Priority;
  open: boolean;
}

/** `createdAt` of a clock is when it started (the stage entry). */
export const BREACH_SORT_COLUMNS = { breachedAt: 'k.breached_at', dueAt: 'k.due_at', createdAt: 'k.started_at', id: 'k.id' } as const;
export type BreachSort = keyof typeof BREACH_SORT_COLUMNS;

export interface BreachListCriteria {
  stages?: Stage[];
  /** Cases of these teams (`includeNoTeam`: and cases without a team). */
  teamIds?: string[];
  includeNoTeam?: boolean;
  /** true = the case is open, false = closed. */
  open?: boolean;
  /** On `breached_at`: [from, to). */
  from?: Date;
  to?: Date;
  ids?: string[];
  sort: { field: BreachSort; order: SortOrder };
  page?: Page;
}

/** Clocks running now, per stage. */
export interface CurrentClockCounts {
  stage: Stage;
  open: number;
  warning: number;
  breached: number;
}

/** Clocks met or breached in a range, per stage; seconds are (met_at − started_at). */
export interface RangeClockFigures {
  stage: Stage;
  met: number;
  met_on_time: number;
  breached_in_range: number;
  median: number | null;
  p90: number | null;
}

/** One bucket (local day or ISO week start, `YYYY-MM-DD`) and stage. */
export interface SeriesRow {
  bucket: string;
  stage: Stage;
  breached: number;
  met: number;
  met_on_time: number;
  median: number | null;
}

export interface SummaryCriteria {
  from: Date;
  to: Date;
  teamId?: string;
  bucket: SlaSummaryBucket;
  /** Buckets are local dates in this zone (DEFAULT_TIME_ZONE). */
  timeZone: string;
}

export function toSlaBreachRow(r: BreachRow): SlaBreachRow {
  return {
    id: r.id,
    caseId: r.case_id,
    caseReference: r.reference,
    stage: r.stage,
    dueAt: r.due_at.toISOString(),
    breachedAt: r.breached_at.toISOString(),
    state: r.state,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    priority: r.priority,
    open: r.open,
  };
}

// percentile_cont returns double precision; the pg driver hands it over as a number.
const DATE_TRUNC: Record<SlaSummaryBucket, string> = { day: 'day', week: 'week' };

/** Read models of SLA clocks (docs/api.md "SLA"): the breach list and the summary's three aggregates. */
export class SlaReportsRepository {
  async breaches(db: Db, c: BreachListCriteria): Promise<{ rows: BreachRow[]; total: number }> {
    const p = new SqlParams();
    const where = ['k.breached_at IS NOT NULL'];
    if (c.stages) where.push(`k.stage = ANY(${p.add(c.stages)}::text[])`);
    if (c.teamIds !== undefined || c.includeNoTeam) {
      const ors = [...(c.teamIds?.length ? [`c.team_id = ANY(${p.add(c.teamIds)}::uuid[])`] : []), ...(c.includeNoTeam ? ['c.team_id IS NULL'] : [])];
      where.push(ors.length ? `(${ors.join(' OR ')})` : 'FALSE');
    }
    if (c.open !== undefined) where.push(c.open ? `c.status = 'open'` : `c.status <> 'open'`);
    if (c.from) where.push(`k.breached_at >= ${p.add(c.from)}`);
    if (c.to) where.push(`k.breached_at < ${p.add(c.to)}`);
    if (c.ids) where.push(`k.id = ANY(${p.add(c.ids)}::uuid[])`);
    const from = `FROM sla_clocks k JOIN cases c ON c.id = k.case_id WHERE ${where.join(' AND ')}`;
    const { total } = await one<{ total: number }>(db, `SELECT count(*)::int AS total ${from}`, p.values);
    const order = `${BREACH_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, k.id ${c.sort.order}`;
    const page = p.page(c.page);
    const result = await rows<BreachRow>(
      db,
      `SELECT k.id, k.case_id, c.reference, k.stage, k.due_at, k.breached_at, k.state, c.assignee_id, c.team_id, c.priority, c.status = 'open' AS open
       ${from} ORDER BY ${order}${page}`,
      p.values,
    );
    return { rows: result, total };
  }

  /** Clocks running now (on track, warning, breached), per stage; `teamId` narrows to that team's cases. */
  currentClocks(db: Db, teamId?: string): Promise<CurrentClockCounts[]> {
    return rows<CurrentClockCounts>(
      db,
      `SELECT k.stage, count(*)::int AS open, count(*) FILTER (WHERE k.state = 'warning')::int AS warning,
              count(*) FILTER (WHERE k.state = 'breached')::int AS breached
         FROM sla_clocks k JOIN cases c ON c.id = k.case_id
        WHERE k.state IN ('on_track','warning','breached') AND ($1::uuid IS NULL OR c.team_id = $1)
        GROUP BY k.stage`,
      [teamId ?? null],
    );
  }

  /** Clocks met and breached in [from, to), per stage, with median and p90 of the time to meet. */
  rangeFigures(db: Db, c: Pick<SummaryCriteria, 'from' | 'to' | 'teamId'>): Promise<RangeClockFigures[]> {
    return rows<RangeClockFigures>(
      db,
      `SELECT k.stage,
              count(*) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2)::int AS met,
              count(*) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2 AND k.breached_at IS NULL)::int AS met_on_time,
              count(*) FILTER (WHERE k.breached_at >= $1 AND k.breached_at < $2)::int AS breached_in_range,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.met_at - k.started_at)) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM k.met_at - k.started_at)) FILTER (WHERE k.met_at >= $1 AND k.met_at < $2) AS p90
         FROM sla_clocks k JOIN cases c ON c.id = k.case_id
        WHERE ((k.met_at >= $1 AND k.met_at < $2) OR (k.breached_at >= $1 AND k.breached_at < $2)) AND ($3::uuid IS NULL OR c.team_id = $3)
        GROUP BY k.stage`,
      [c.from, c.to, c.teamId ?? null],
    );
  }

  /** Breaches and met clocks in [from, to) by when they happened, per local bucket and stage (sparse). */
  series(db: Db, c: SummaryCriteria): Promise<SeriesRow[]> {
    const trunc = DATE_TRUNC[c.bucket];
    return rows<SeriesRow>(
      db,
      `WITH ev AS (
         SELECT k.stage, date_trunc('${trunc}', k.met_at AT TIME ZONE $4) AS b, true AS is_met,
                k.breached_at IS NULL AS on_time, extract(epoch FROM k.met_at - k.started_at) AS secs
           FROM sla_clocks k JOIN cases c ON c.id = k.case_id
          WHERE k.met_at >= $1 AND k.met_at < $2 AND ($3::uuid IS NULL OR c.team_id = $3)
         UNION ALL
         SELECT k.stage, date_trunc('${trunc}', k.breached_at AT TIME ZONE $4), false, false, NULL
           FROM sla_clocks k JOIN cases c ON c.id = k.case_id
          WHERE k.breached_at >= $1 AND k.breached_at < $2 AND ($3::uuid IS NULL OR c.team_id = $3)
       )
       SELECT to_char(b, 'YYYY-MM-DD') AS bucket, stage, count(*) FILTER (WHERE NOT is_met)::int AS breached,
              count(*) FILTER (WHERE is_met)::int AS met, count(*) FILTER (WHERE is_met AND on_time)::int AS met_on_time,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE is_met) AS median
         FROM ev GROUP BY b, stage ORDER BY b, stage`,
      [c.from, c.to, c.teamId ?? null, c.timeZone],
    );
  }
}
