import { reconcileCase, type CaseRowFacts, type ClockFacts, type ReconcileFinding, type RecordFacts } from '@sentinel/domain';
import { rows, type Db } from '../sql';
import { toChainEvent, type EventRow } from '../repositories/events.repository';

interface CaseFactsRow {
  id: string;
  reference: string;
  stage: string;
  status: string;
  outcome: string | null;
  closed_from_stage: string | null;
  duplicate_of_case_id: string | null;
  assignee_id: string | null;
  priority: string;
  priority_overridden: boolean;
  bank_code: string | null;
  team_id: string | null;
  waived_stages: string[];
  misuse_type: string;
}

interface ClockRow {
  id: string;
  case_id: string;
  stage: string;
  entry_no: number;
  started_at: Date;
  warned_at: Date | null;
  breached_at: Date | null;
  ended_at: Date | null;
}

interface PoliceRow {
  case_id: string;
  agency: string;
  report_number: string;
  filed_at: Date;
  officer: string | null;
}

interface ContactRow {
  case_id: string;
  channel: string;
  contacted_at: Date;
  outcome: string;
  findings: string | null;
}

export interface ReconcileSummary {
  ok: boolean;
  casesChecked: number;
  findings: ReconcileFinding[];
}

const PAGE = 200;

/**
 * Loads cases page by page with everything `reconcileCase` holds against their events (docs/api.md "Audit",
 * "State matches history"): the row, the clocks, the police report, the merchant contacts, the evidence attached.
 */
export class ReconcileRepository {
  async run(db: Db, opts: { caseId?: string; maxFindings?: number } = {}): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { ok: true, casesChecked: 0, findings: [] };
    const max = opts.maxFindings ?? 10_000;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const cases = await rows<CaseFactsRow>(
        db,
        `SELECT id::text, reference, stage, status, outcome, closed_from_stage, duplicate_of_case_id::text, assignee_id::text, priority,
                priority_overridden, bank_code, team_id::text, waived_stages, misuse_type
           FROM cases WHERE id > $1::uuid AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY id LIMIT ${PAGE}`,
        [after, opts.caseId ?? null],
      );
      if (!cases.length) break;
      const ids = cases.map((c) => c.id);
      const [events, clocks, police, contacts, evidence] = await Promise.all([
        rows<EventRow>(db, `SELECT * FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq`, [ids]),
        rows<ClockRow>(
          db,
          `SELECT id::text, case_id::text, stage, entry_no, started_at, warned_at, breached_at, coalesce(met_at, waived_at, cancelled_at) AS ended_at
             FROM sla_clocks WHERE case_id = ANY($1::uuid[])`,
          [ids],
        ),
        rows<PoliceRow>(db, `SELECT case_id::text, agency, report_number, filed_at, officer FROM police_reports WHERE case_id = ANY($1::uuid[])`, [ids]),
        rows<ContactRow>(db, `SELECT case_id::text, channel, contacted_at, outcome, findings FROM merchant_contacts WHERE case_id = ANY($1::uuid[])`, [ids]),
        rows<{ case_id: string; sha256: string }>(db, `SELECT case_id::text, sha256 FROM evidence WHERE case_id = ANY($1::uuid[]) AND removed_at IS NULL`, [ids]),
      ]);
      const group = <T extends { case_id?: string | null }>(list: T[]) => {
        const m = new Map<string, T[]>();
        for (const x of list) m.set(x.case_id!, [...(m.get(x.case_id!) ?? []), x]);
        return m;
      };
      const ev = group(events);
      const ks = group(clocks);
      const pr = group(police);
      const mc = group(contacts);
      const evd = group(evidence);
      for (const c of cases) {
        const row: CaseRowFacts = {
          reference: c.reference,
          stage: c.stage,
          status: c.status,
          outcome: c.outcome,
          closedFromStage: c.closed_from_stage,
          duplicateOfCaseId: c.duplicate_of_case_id,
          assigneeId: c.assignee_id,
          priority: c.priority,
          priorityOverridden: c.priority_overridden,
          bankCode: c.bank_code,
          teamId: c.team_id,
          waivedStages: c.waived_stages ?? [],
          misuseType: c.misuse_type,
        };
        const clockFacts: ClockFacts[] = (ks.get(c.id) ?? []).map((k) => ({
          id: k.id,
          stage: k.stage,
          entryNo: k.entry_no,
          startedAt: k.started_at,
          warnedAt: k.warned_at,
          breachedAt: k.breached_at,
          endedAt: k.ended_at,
        }));
        const p = pr.get(c.id)?.[0];
        const records: RecordFacts = {
          policeReport: p ? { agency: p.agency, reportNumber: p.report_number, filedAt: p.filed_at, officer: p.officer } : null,
          merchantContacts: (mc.get(c.id) ?? []).map((m) => ({ channel: m.channel, contactedAt: m.contacted_at, outcome: m.outcome, findings: m.findings })),
          evidence: (evd.get(c.id) ?? []).map((e) => e.sha256),
        };
        const found = reconcileCase(c.id, (ev.get(c.id) ?? []).map(toChainEvent), row, clockFacts, records);
        summary.casesChecked++;
        for (const f of found) if (summary.findings.length < max) summary.findings.push(f);
        if (found.length) summary.ok = false;
      }
      after = cases[cases.length - 1].id;
      if (cases.length < PAGE) break;
    }
    return summary;
  }
}
