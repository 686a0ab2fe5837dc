import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RevealedValue, TerminalRecord } from '@sentinel/contracts';
import { findPan, maskTail, normaliseSn } from '@sentinel/domain';
import { TerminalsRepository, type TerminalMasterData as MasterData, type TerminalRecordRow, type TerminalSort } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertRevealReason, recordReveal } from '../common/reveal';
import { assertUuid, parseListQuery } from '../common/list-query';
import { forbidden, notFound, ProblemException } from '../common/problem.exception';
import { filterString, filterStrings, validIds } from '../users/filter-values';
import type { RevealDto, UpdateTerminalDto } from './terminal.dto';

export const TERMINAL_FILTERS = ['q', 'bankCode', 'merchantId'] as const;
export const TERMINAL_SORTS = ['sn', 'updatedAt'] as const;
/** Personal data (docs/domain.md "Terminal"): masked everywhere except a recorded reveal. */
const PERSONAL: Array<keyof MasterData> = ['merchantCreditCode', 'settlementAccount'];
const MASTER_FIELDS: Array<keyof MasterData> = [
  'model', 'tid', 'bankCode', 'merchantId', 'merchantName', 'merchantCreditCode', 'settlementAccount', 'registeredAddress', 'timeZone',
];
const FREE_TEXT: Array<keyof MasterData> = ['model', 'merchantName', 'registeredAddress'];

function masterData(r: TerminalRecordRow): MasterData {
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

function toView(r: TerminalRecordRow): TerminalRecord {
  return {
    id: r.id,
    sn: r.sn,
    ...masked(masterData(r)),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    openCaseId: r.open_case_id,
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
    private readonly terminals: TerminalsRepository,
  ) {}

  /** Need-to-know (CASE_VISIBILITY=team): a terminal without a case of the caller's team answers 404. */
  private async assertVisible(id: string, actor: Actor): Promise<void> {
    const scope = actor.caseScope;
    if (scope && !(scope.teamId && (await this.terminals.hasCaseOfTeam(this.ds, id, scope.teamId)))) throw notFound('Terminal', id);
  }

  async list(query: Record<string, unknown>, actor: Actor): Promise<{ rows: TerminalRecord[]; total: number; offset: number }> {
    const q = parseListQuery(query, { filters: TERMINAL_FILTERS, sorts: TERMINAL_SORTS, defaultSort: { field: 'sn', order: 'ASC' } });
    const f = q.filter;
    const { rows, total } = await this.terminals.list(this.ds, {
      prefix: f.q !== undefined ? normaliseSn(filterString('q', f.q)) || undefined : undefined,
      bankCodes: f.bankCode !== undefined ? filterStrings('bankCode', f.bankCode, 16).map((c) => c.toUpperCase()) : undefined,
      merchantIds: f.merchantId !== undefined ? filterStrings('merchantId', f.merchantId, 64).map(normaliseSn) : undefined,
      ids: q.ids ? validIds(q.ids) : undefined,
      ...(actor.caseScope ? { visibleTo: actor.caseScope } : {}),
      sort: { field: q.sort.field as TerminalSort, order: q.sort.order },
      page: q.ids ? undefined : { limit: q.limit, offset: q.offset },
    });
    return { rows: rows.map(toView), total, offset: q.ids ? 0 : q.offset };
  }

  async get(id: string, actor: Actor): Promise<TerminalRecord> {
    assertUuid(id, 'Terminal');
    const row = await this.terminals.findById(this.ds, id);
    if (!row) throw notFound('Terminal', id);
    await this.assertVisible(id, actor);
    return toView(row);
  }

  async update(id: string, dto: UpdateTerminalDto, actor: Actor): Promise<TerminalRecord> {
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
      const row = await this.terminals.findById(em, id, { lock: true });
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

      const updated = await this.terminals.update(em, id, next, new Date());
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
      return toView(updated);
    });
  }

  /**
   * Shows one personal field unmasked: a supervisor, or the assignee of an open case on the terminal
   * (403 CASE.NOT_OWNER otherwise). Recorded in the system chain with the field and reason, never the value.
   */
  async reveal(id: string, dto: RevealDto, actor: Actor): Promise<RevealedValue> {
    assertUuid(id, 'Terminal');
    assertRevealReason(dto.reason);
    return this.ds.transaction(async (em) => {
      const row = await this.terminals.findById(em, id);
      if (!row) throw notFound('Terminal', id);
      await this.assertVisible(id, actor);
      const own = await this.terminals.openCaseAssignedTo(em, id, actor.id);
      if (actor.role !== 'supervisor' && !own) {
        throw new ProblemException('CASE.NOT_OWNER', 'Only the assignee of an open case on this terminal, or a supervisor, may reveal its personal data');
      }
      await recordReveal(em, this.audit, actor, 'terminal.revealed', { terminalId: id, sn: row.sn, caseId: own ?? row.open_case_id, field: dto.field, reason: dto.reason });
      const value = PERSONAL.includes(dto.field) ? masterData(row)[dto.field] : null;
      return { field: dto.field, value };
    });
  }
}
