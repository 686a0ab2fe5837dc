import type { DataSource } from 'typeorm';
import { one, params, rows } from '../sql';
import { createSuiteDatabase, type SuiteDatabase } from '../test-helpers';
import type { CaseFilter } from './case-filter.sql';
import { claimNextSql } from './claim-next.sql';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/**
 * claim-next's plans (issue 14): for every shape the API issues, PostgreSQL reads a claim index in claim order and
 * stops at the first unlocked case — no sort of the claimable cases. On 30,000 cases (1,600 claimable), analysed.
 */
describe('claim-next plans', () => {
  let db: SuiteDatabase;
  let ds: DataSource;
  let teams: string[];

  beforeAll(async () => {
    db = await createSuiteDatabase('claimplan');
    ds = db.ds;
    teams = (await rows<{ id: string }>(ds, `INSERT INTO teams (name) SELECT 'Claim team ' || t FROM generate_series(1, 3) t RETURNING id`)).map((t) => t.id);
    const user = await one<{ id: string }>(ds, `INSERT INTO users (email, name, role) VALUES ('claim-plan@example.com', 'Claim Plan', 'analyst') RETURNING id`);
    await ds.query(`INSERT INTO terminals (sn) SELECT 'CLP-' || g FROM generate_series(1, 30000) g`);
    // one in five open; of those one in three unassigned and four in five out of review; teams by hash (a quarter of none)
    await ds.query(
      `INSERT INTO cases (reference, terminal_id, sn, bank_code, team_id, misuse_type, stage, status, outcome, priority, priority_rank,
                          assignee_id, due_at, sla_state, sla_rank, created_at)
       SELECT 'CLP-' || g, t.id, t.sn, 'B' || lpad((g % 40)::text, 3, '0'), ($1::uuid[])[abs(hashtext(t.sn)) % 4],
              'cloned_terminal', CASE WHEN g % 5 = 0 THEN (ARRAY['freeze','police_report','merchant_contact','evidence','review'])[1 + (g / 5) % 5] ELSE 'review' END,
              CASE WHEN g % 5 = 0 THEN 'open' ELSE 'closed' END, CASE WHEN g % 5 = 0 THEN NULL ELSE 'no_misuse' END,
              'p' || (1 + g % 4), 1 + g % 4, CASE WHEN g % 5 = 0 AND g % 3 = 0 THEN NULL ELSE $2::uuid END,
              now() + interval '1 minute' * (g % 5000), CASE WHEN g % 5 = 0 THEN (CASE WHEN g % 100 = 0 THEN 'breached' ELSE 'on_track' END) END,
              CASE WHEN g % 100 = 0 THEN 0 ELSE 1 END, now() - interval '31 seconds' * g
         FROM generate_series(1, 30000) g JOIN terminals t ON t.sn = 'CLP-' || g`,
      [teams, user.id],
    );
    await ds.query(`ANALYZE cases`);
  });
  afterAll(() => db?.drop());

  async function plan(claim: { teamId: string | null; filter: CaseFilter | null }): Promise<PlanNode[]> {
    const q = params();
    const text = claimNextSql(claim, true, q.p);
    const [{ 'QUERY PLAN': explained }] = await ds.query(`EXPLAIN (FORMAT JSON) ${text}`, q.values);
    return nodes((explained as Array<{ Plan: PlanNode }>)[0].Plan);
  }

  const shapes: Array<[string, () => { teamId: string | null; filter: CaseFilter | null }]> = [
    ['a user of no team (CASE_VISIBILITY=all)', () => ({ teamId: null, filter: null })],
    ['a user of a team', () => ({ teamId: teams[0], filter: null })],
    ['a user of a team with CASE_VISIBILITY=team', () => ({ teamId: teams[0], filter: { visibleTo: { teamId: teams[0] } } })],
    ['a team queue filtered by priority', () => ({ teamId: teams[1], filter: { priority: ['p1', 'p2'] } })],
    ['a queue of no team spanning two teams', () => ({ teamId: null, filter: { teamId: [teams[0], teams[1]] } })],
    ['a queue of no team for breached or warning cases', () => ({ teamId: null, filter: { slaState: ['breached', 'warning'] } })],
    ['a queue of unassigned open cases in one stage', () => ({ teamId: null, filter: { stage: ['police_report'], status: ['open'], assignee: { ids: [], unassigned: true } } })],
    ['a queue of no team with CASE_VISIBILITY=team', () => ({ teamId: null, filter: { priority: ['p1'], visibleTo: { teamId: teams[2] } } })],
  ];

  it.each(shapes)('%s: an index scan of a claim index in claim order, no sort', async (_name, claim) => {
    const found = await plan(claim());
    expect(found.filter((n) => n['Node Type'].includes('Sort')).map((n) => n['Node Type'])).toEqual([]);
    expect(found.filter((n) => n['Node Type'] === 'Index Scan').map((n) => n['Index Name'])).toEqual([
      expect.stringMatching(/^ix_case_claimable(_any_team)?$/),
    ]);
  });

  it('picks the first claimable case of the scope in claim order', async () => {
    const q = params();
    const picked = await one<{ id: string }>(ds, claimNextSql({ teamId: teams[0], filter: { priority: ['p2', 'p3'] } }, false, q.p), q.values);
    const first = await one<{ id: string }>(
      ds,
      `SELECT id FROM cases WHERE status = 'open' AND assignee_id IS NULL AND stage <> 'review' AND team_id = $1 AND priority IN ('p2', 'p3')
        ORDER BY sla_rank, priority_rank, due_at NULLS LAST, created_at, id LIMIT 1`,
      [teams[0]],
    );
    expect(picked.id).toBe(first.id);
  });
});
