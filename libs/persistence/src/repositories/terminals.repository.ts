import { maybeOne, one, type Db } from '../sql';
import { countedList, likePrefix, SqlParams, type Page, type SortOrder } from './list-sql';

/** A `terminals` row with the open case on the terminal. */
export interface TerminalRecordRow {
  id: string;
  sn: string;
  model: string | null;
  tid: string | null;
  bank_code: string | null;
  merchant_id: string | null;
  merchant_name: string | null;
  merchant_credit_code: string | null;
  settlement_account: string | null;
  registered_address: string | null;
  time_zone: string | null;
  created_at: Date;
  updated_at: Date;
  open_case_id: string | null;
}

/** The master data a PUT writes (values as stored: identifiers normalised, personal fields unmasked). */
export interface TerminalMasterData {
  model: string | null;
  tid: string | null;
  bankCode: string | null;
  merchantId: string | null;
  merchantName: string | null;
  merchantCreditCode: string | null;
  settlementAccount: string | null;
  registeredAddress: string | null;
  timeZone: string | null;
}

export const TERMINAL_SORT_COLUMNS = { sn: 't.sn', updatedAt: 't.updated_at', createdAt: 't.created_at', id: 't.id' } as const;
export type TerminalSort = keyof typeof TERMINAL_SORT_COLUMNS;

/** What a terminal list selects (values normalised by the caller). */
export interface TerminalListCriteria {
  /** Prefix of the SN, MID or TID (normalised like an SN). */
  prefix?: string;
  bankCodes?: string[];
  merchantIds?: string[];
  ids?: string[];
  /** need-to-know (CASE_VISIBILITY=team): only terminals with a case of this team; `teamId: null` matches none */
  visibleTo?: { teamId: string | null };
  sort: { field: TerminalSort; order: SortOrder };
  page?: Page;
}

// open_case_id is looked up by SN, so the partial unique index uq_case_open_sn answers it (cases has no terminal_id index).
const COLUMNS = `t.id, t.sn, t.model, t.tid, t.bank_code, t.merchant_id, t.merchant_name, t.merchant_credit_code,
  t.settlement_account, t.registered_address, t.time_zone, t.created_at, t.updated_at,
  (SELECT c.id FROM cases c WHERE c.sn = t.sn AND c.status = 'open' AND c.terminal_id = t.id LIMIT 1) AS open_case_id`;

/** A terminal with at least one case of the team (`$n` its parameter). */
const visibleTerminalSql = (team: string) => `EXISTS (SELECT 1 FROM cases vc WHERE vc.sn = t.sn AND vc.team_id = ${team})`;

/** Terminal master data (docs/domain.md "Terminal"): typed reads and the master-data write; masking is the caller's. */
export class TerminalsRepository {
  /** Whether the terminal has a case of the team (need-to-know). */
  async hasCaseOfTeam(db: Db, terminalId: string, teamId: string): Promise<boolean> {
    return !!(await maybeOne<{ one: number }>(db, `SELECT 1 AS one FROM terminals t WHERE t.id = $1 AND ${visibleTerminalSql('$2')}`, [terminalId, teamId]));
  }

  async list(db: Db, c: TerminalListCriteria): Promise<{ rows: TerminalRecordRow[]; total: number }> {
    const p = new SqlParams();
    const where: string[] = [];
    if (c.prefix) {
      const like = p.add(likePrefix(c.prefix));
      where.push(`(t.sn LIKE ${like} OR t.merchant_id LIKE ${like} OR t.tid LIKE ${like})`);
    }
    if (c.bankCodes) where.push(`t.bank_code = ANY(${p.add(c.bankCodes)}::text[])`);
    if (c.merchantIds) where.push(`t.merchant_id = ANY(${p.add(c.merchantIds)}::text[])`);
    if (c.ids) where.push(`t.id = ANY(${p.add(c.ids)}::uuid[])`);
    if (c.visibleTo) where.push(c.visibleTo.teamId ? visibleTerminalSql(p.add(c.visibleTo.teamId)) : 'FALSE');
    const orderBy = `${TERMINAL_SORT_COLUMNS[c.sort.field]} ${c.sort.order}, t.id ${c.sort.order}`;
    return countedList<TerminalRecordRow>(db, { from: 'terminals t', columns: COLUMNS, where, params: p, orderBy, page: c.page });
  }

  findById(db: Db, id: string, opts: { lock?: boolean } = {}): Promise<TerminalRecordRow | undefined> {
    return maybeOne<TerminalRecordRow>(db, `SELECT ${COLUMNS} FROM terminals t WHERE t.id = $1${opts.lock ? ' FOR UPDATE OF t' : ''}`, [id]);
  }

  /** Writes the master data (and `updated_at`); returns the row as written. */
  update(db: Db, id: string, m: TerminalMasterData, now: Date): Promise<TerminalRecordRow> {
    return one<TerminalRecordRow>(
      db,
      `UPDATE terminals t SET model = $2, tid = $3, bank_code = $4, merchant_id = $5, merchant_name = $6, merchant_credit_code = $7,
              settlement_account = $8, registered_address = $9, time_zone = $10, updated_at = $11
        WHERE t.id = $1 RETURNING ${COLUMNS}`,
      [id, m.model, m.tid, m.bankCode, m.merchantId, m.merchantName, m.merchantCreditCode, m.settlementAccount, m.registeredAddress, m.timeZone, now],
    );
  }

  /** The id of an open case on the terminal assigned to the user, if any (who may reveal personal data). */
  async openCaseAssignedTo(db: Db, terminalId: string, userId: string): Promise<string | null> {
    const row = await maybeOne<{ id: string }>(db, `SELECT id FROM cases WHERE terminal_id = $1 AND status = 'open' AND assignee_id = $2`, [terminalId, userId]);
    return row?.id ?? null;
  }
}
