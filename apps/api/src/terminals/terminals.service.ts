import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findPan, maskTail, normaliseSn } from '@sentinel/domain';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid, parseListQuery } from '../common/list-query';
import { forbidden, notFound, ProblemException } from '../common/problem.exception';
import { filterString, filterStrings, validIds } from '../users/filter-values';
import { likePrefix } from '../users/validators';
import type { RevealDto, RevealedDto, TerminalDto, UpdateTerminalDto } from './terminal.dto';

interface TerminalRow {
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
  open_case_id?: string | null;
}

type MasterData = {
  model: string | null;
  tid: string | null;
  bankCode: string | null;
  merchantId: string | null;
  merchantName: string | null;
  merchantCreditCode: string | null;
  settlementAccount: string | null;
  registeredAddress: string | null;
  timeZone: string | null;
};

// open_case_id is looked up by SN, so the partial unique index uq_case_open_sn answers it (cases has no terminal_id index).
const COLUMNS = `t.id, t.sn, t.model, t.tid, t.bank_code, t.merchant_id, t.merchant_name, t.merchant_credit_code,
  t.settlement_account, t.registered_address, t.time_zone, t.created_at, t.updated_at,
  (SELECT c.id FROM cases c WHERE c.sn = t.sn AND c.status = 'open' AND c.terminal_id = t.id LIMIT 1) AS open_case_id`;
export const TERMINAL_FILTERS = ['q', 'bankCode', 'merchantId'] as const;
export const TERMINAL_SORTS = ['sn', 'updatedAt'] as const;
const SORT_COLUMNS = { sn: 't.sn', updatedAt: 't.updated_at', createdAt: 't.created_at', id: 't.id' } as const;
/** Personal data (docs/domain.md "Terminal"): masked everywhere except a recorded reveal. */
const PERSONAL: Array<keyof MasterData> = ['merchantCreditCode', 'settlementAccount'];
const MASTER_FIELDS: Array<keyof MasterData> = [
  'model', 'tid', 'bankCode', 'merchantId', 'merchantName', 'merchantCreditCode', 'settlementAccount', 'registeredAddress', 'timeZone',
];
const FREE_TEXT: Array<keyof MasterData> = ['model', 'merchantName', 'registeredAddress'];

function masterData(r: TerminalRow): MasterData {
  return {
    model: r.model,
    tid: r.tid,
    bankCode: r.bank_code,
    merchantId: r.merchant_id,
    merchantName: r.merchant_name,
    merchantCreditCode: r.merchant_credit_code,
    settlementAccount: r.settlement_account,
    registeredAddress: r.registered_address,
    timeZone: r.time_zone,
  };
}

function masked(m: MasterData): MasterData {
  return { ...m, merchantCreditCode: maskTail(m.merchantCreditCode), settlementAccount: maskTail(m.settlementAccount) };
}

function toView(r: TerminalRow): TerminalDto {
  return {
    id: r.id,
    sn: r.sn,
    ...masked(masterData(r)),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    openCaseId: r.open_case_id ?? null,
  };
}

/** Identifiers are stored normalised like an SN (the case filter `q` prefix-matches them); empty → null. */
const identifier = (v: string | null) => (v === null ? null : normaliseSn(v) || null);
const text = (v: string | null) => (v === null || v === '' ? null : v);
const compact = (v: string) => v.replace(/\s+/g, '');

/** Terminals: master data (audited, personal fields masked) and recorded reveals. */
@Injectable()
export class TerminalsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: Record<string, unknown>) {
    const q = parseListQuery(query, { filters: TERMINAL_FILTERS, sorts: TERMINAL_SORTS, defaultSort: { field: 'sn', order: 'ASC' } });
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const where: string[] = [];
    if (q.filter.q !== undefined) {
      const norm = normaliseSn(filterString('q', q.filter.q));
      if (norm) {
        const like = p(likePrefix(norm));
        where.push(`(t.sn LIKE ${like} OR t.merchant_id LIKE ${like} OR t.tid LIKE ${like})`);
      }
    }
    if (q.filter.bankCode !== undefined) {
      where.push(`t.bank_code = ANY(${p(filterStrings('bankCode', q.filter.bankCode, 16).map((c) => c.toUpperCase()))}::text[])`);
    }
    if (q.filter.merchantId !== undefined) {
      where.push(`t.merchant_id = ANY(${p(filterStrings('merchantId', q.filter.merchantId, 64).map(normaliseSn))}::text[])`);
    }
    if (q.ids) where.push(`t.id = ANY(${p(validIds(q.ids))}::uuid[])`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM terminals t ${whereSql}`, params);
    const order = `${SORT_COLUMNS[q.sort.field]} ${q.sort.order}, t.id ${q.sort.order}`;
    const page = q.ids ? '' : ` LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    const rows: TerminalRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM terminals t ${whereSql} ORDER BY ${order}${page}`, params);
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string): Promise<TerminalDto> {
    assertUuid(id, 'Terminal');
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM terminals t WHERE t.id = $1`, [id]);
    if (!row) throw notFound('Terminal', id);
    return toView(row);
  }

  async update(id: string, dto: UpdateTerminalDto, actor: Actor): Promise<TerminalDto> {
    assertUuid(id, 'Terminal');
    const pans = FREE_TEXT.filter((f) => typeof dto[f] === 'string' && findPan(dto[f] as string));
    if (pans.length) {
      throw new ProblemException(
        'PAN.DETECTED',
        'A field holds what looks like a full card number; card numbers are never stored',
        { fields: pans },
        Object.fromEntries(pans.map((f) => [f, { code: 'CARD_NUMBER' as const, message: 'must not hold a full card number' }])),
      );
    }
    return this.ds.transaction(async (em) => {
      const [row]: TerminalRow[] = await em.query(`SELECT ${COLUMNS} FROM terminals t WHERE t.id = $1 FOR UPDATE OF t`, [id]);
      if (!row) throw notFound('Terminal', id);
      if (dto.sn !== undefined && normaliseSn(String(dto.sn ?? '')) !== row.sn) throw forbidden('The serial number of a terminal cannot be changed');

      const before = masterData(row);
      const pick = <K extends keyof MasterData>(k: K, map: (v: string | null) => string | null): string | null =>
        dto[k] === undefined ? before[k] : map(dto[k] as string | null);
      // A masked value sent back unchanged (it contains `*`) keeps what is stored.
      const personal = (k: 'merchantCreditCode' | 'settlementAccount', upperCase: boolean) =>
        pick(k, (v) => (v === null ? null : v.includes('*') ? before[k] : text(upperCase ? compact(v).toUpperCase() : compact(v))));
      const next: MasterData = {
        model: pick('model', text),
        tid: pick('tid', identifier),
        bankCode: pick('bankCode', text),
        merchantId: pick('merchantId', identifier),
        merchantName: pick('merchantName', text),
        merchantCreditCode: personal('merchantCreditCode', true),
        settlementAccount: personal('settlementAccount', false),
        registeredAddress: pick('registeredAddress', text),
        timeZone: pick('timeZone', text),
      };
      const changed = MASTER_FIELDS.filter((f) => before[f] !== next[f]);
      if (!changed.length) return toView(row);

      const [rows] = await em.query(
        `UPDATE terminals SET model = $2, tid = $3, bank_code = $4, merchant_id = $5, merchant_name = $6, merchant_credit_code = $7,
                settlement_account = $8, registered_address = $9, time_zone = $10, updated_at = now()
          WHERE id = $1 RETURNING id`,
        [id, next.model, next.tid, next.bankCode, next.merchantId, next.merchantName, next.merchantCreditCode, next.settlementAccount, next.registeredAddress, next.timeZone],
      );
      const mb = masked(before);
      const ma = masked(next);
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'terminal.updated',
        data: {
          terminalId: id,
          sn: row.sn,
          changed,
          before: Object.fromEntries(changed.map((f) => [f, mb[f]])),
          after: Object.fromEntries(changed.map((f) => [f, ma[f]])),
        },
      });
      const [updated] = await em.query(`SELECT ${COLUMNS} FROM terminals t WHERE t.id = $1`, [(rows as Array<{ id: string }>)[0].id]);
      return toView(updated);
    });
  }

  /**
   * Shows one personal field unmasked: a supervisor, or the assignee of an open case on the terminal
   * (403 CASE.NOT_OWNER otherwise). Recorded in the system chain with the field and reason, never the value.
   */
  async reveal(id: string, dto: RevealDto, actor: Actor): Promise<RevealedDto> {
    assertUuid(id, 'Terminal');
    if (findPan(dto.reason)) {
      throw new ProblemException('PAN.DETECTED', 'The reason holds what looks like a full card number', { fields: ['reason'] }, { reason: { code: 'CARD_NUMBER', message: 'must not hold a full card number' } });
    }
    return this.ds.transaction(async (em) => {
      const [row]: TerminalRow[] = await em.query(`SELECT ${COLUMNS} FROM terminals t WHERE t.id = $1`, [id]);
      if (!row) throw notFound('Terminal', id);
      const [own] = await em.query(`SELECT id FROM cases WHERE terminal_id = $1 AND status = 'open' AND assignee_id = $2`, [id, actor.id]);
      if (actor.role !== 'supervisor' && !own) {
        throw new ProblemException('CASE.NOT_OWNER', 'Only the assignee of an open case on this terminal, or a supervisor, may reveal its personal data');
      }
      await this.audit.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'terminal.revealed',
        data: { terminalId: id, sn: row.sn, caseId: own?.id ?? row.open_case_id ?? null, field: dto.field, reason: dto.reason },
      });
      const value = PERSONAL.includes(dto.field) ? masterData(row)[dto.field] : null;
      return { field: dto.field, value };
    });
  }
}
