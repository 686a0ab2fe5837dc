import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateReportResponse } from '@sentinel/contracts';
import {
  DEFAULT_PAN_EXEMPT_KEYS,
  derivePriority,
  findPanPaths,
  formatCaseReference,
  isUnmaskedPan,
  isValidMaskedPan,
  normaliseSn,
  parseSn,
  priorityRank,
  raisePriority,
  requestHash,
  type FieldErrors,
} from '@sentinel/domain';
import { insertNotification, refreshCaseSla, startClock } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import { auditActor, SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { WakeupPublisher, type Wakeups } from '../jobs/wakeup.publisher';
import type { CreateReportDto } from './create-report.dto';

export interface IntakeResult {
  status: 201;
  body: CreateReportResponse;
  replayed: boolean;
}

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,200}$/;

/**
 * Identifiers that may legitimately be long digit strings (never free text): besides SN, MID and TID, a phone
 * number with its country code (`+86 139…` is 13 digits) and police receipt / stop-payment numbers.
 */
const PAN_EXEMPT = [...DEFAULT_PAN_EXEMPT_KEYS, 'phone', 'policeReceiptNumber', 'policeStopPaymentInstruction'];

/** Report intake: validation beyond shape, idempotency, SN dedupe, case opening (docs/api.md "Reports and cases"). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async submit(dto: CreateReportDto, rawBody: unknown, actor: Actor, idempotencyKey: string | undefined, correlationId?: string): Promise<IntakeResult> {
    const sn = parseSn(dto.sn);
    const bankCode = dto.bankCode ? dto.bankCode.toUpperCase() : null;
    this.assertKeyScope(actor, bankCode, dto.channel);
    this.assertNoPan(dto);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_RE.test(idempotencyKey)) {
      throw validationFailed({ 'Idempotency-Key': { code: 'PATTERN', message: 'must be 1–200 visible ASCII characters' } });
    }
    const scope = actor.apiKey ? `key:${actor.apiKey.id}` : `user:${actor.id}`;
    const hash = requestHash(rawBody);

    const wakeups: Wakeups = { notificationIds: [], clocks: [] };
    const result = await this.ds.transaction(async (em) => {
      if (idempotencyKey) {
        // A same-key request arriving while the first runs waits here, then replays it.
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('sn:idempotency'), hashtext($1))`, [`${scope}|${idempotencyKey}`]);
        const [prior] = await em.query(
          `SELECT request_hash, response FROM reports WHERE idempotency_scope = $1 AND idempotency_key = $2`,
          [scope, idempotencyKey],
        );
        if (prior) {
          if (prior.request_hash !== hash) {
            throw new ProblemException('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different body', { idempotencyKey });
          }
          return { status: 201 as const, body: prior.response as CreateReportResponse, replayed: true };
        }
      }
      // Reports for one SN are taken one at a time, so "one open case per SN" holds under concurrency
      // (the partial unique index uq_case_open_sn is the last line of defence).
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('sn:intake'), hashtext($1))`, [sn]);
      const body = await this.intake(em, dto, sn, bankCode, actor, wakeups, { scope, idempotencyKey, hash });
      return { status: 201 as const, body, replayed: false };
    });
    if (!result.replayed) await this.wakeups.publish(wakeups, correlationId);
    return result;
  }

  private assertKeyScope(actor: Actor, bankCode: string | null, channel: string): void {
    const key = actor.apiKey;
    if (!key) return;
    if (key.bankCodes?.length && (!bankCode || !key.bankCodes.includes(bankCode))) {
      throw new ProblemException('AUTH.FORBIDDEN', `This API key may submit reports only for banks ${key.bankCodes.join(', ')}`, { bankCodes: key.bankCodes });
    }
    if (key.channels?.length && !key.channels.includes(channel)) {
      throw new ProblemException('AUTH.FORBIDDEN', `This API key may submit reports only on channels ${key.channels.join(', ')}`, { channels: key.channels });
    }
  }

  /** A full card number is never stored: any free-text field holding one refuses the whole report. */
  private assertNoPan(dto: CreateReportDto): void {
    const paths = findPanPaths(dto, PAN_EXEMPT);
    dto.transactions?.forEach((t, i) => {
      const path = `transactions.${i}.maskedPan`;
      if (typeof t.maskedPan === 'string' && isUnmaskedPan(t.maskedPan) && !paths.includes(path)) paths.push(path);
    });
    if (paths.length) {
      throw new ProblemException(
        'PAN.DETECTED',
        `A full card number was found in ${paths.join(', ')}; mask it (first 6 and last 4 digits at most) and resend`,
        { fields: paths },
        Object.fromEntries(paths.map((p) => [p, { code: 'CARD_NUMBER', message: 'holds what looks like a full card number' }])),
      );
    }
    const bad: FieldErrors = {};
    dto.transactions?.forEach((t, i) => {
      if (!isValidMaskedPan(t.maskedPan)) bad[`transactions.${i}.maskedPan`] = { code: 'PATTERN', message: 'must keep at most the first 6 and last 4 digits, e.g. 622848******1234' };
    });
    if (Object.keys(bad).length) throw validationFailed(bad);
  }

  private async intake(
    em: EntityManager,
    dto: CreateReportDto,
    sn: string,
    bankCode: string | null,
    actor: Actor,
    wakeups: Wakeups,
    idem: { scope: string; idempotencyKey?: string; hash: string },
  ): Promise<CreateReportResponse> {
    const now = new Date();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    const merchantId = dto.merchantId ? normaliseSn(dto.merchantId) : null;
    const tid = dto.terminalId ? normaliseSn(dto.terminalId) : null;

    // Master data: fill what the terminal record does not know yet (edits go through PUT /api/terminals/:id).
    const [terminal] = await em.query(
      `INSERT INTO terminals (sn, model, tid, bank_code, merchant_id, merchant_name)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sn) DO UPDATE SET
         model = coalesce(terminals.model, EXCLUDED.model), tid = coalesce(terminals.tid, EXCLUDED.tid),
         bank_code = coalesce(terminals.bank_code, EXCLUDED.bank_code), merchant_id = coalesce(terminals.merchant_id, EXCLUDED.merchant_id),
         merchant_name = coalesce(terminals.merchant_name, EXCLUDED.merchant_name), updated_at = now()
       RETURNING id, bank_code, tid, merchant_id, merchant_name, time_zone`,
      [sn, dto.terminalModel ?? null, tid, bankCode, merchantId, dto.merchantName ?? null],
    );
    const effectiveBank: string | null = bankCode ?? terminal.bank_code;
    const derived = derivePriority(
      {
        misuseType: dto.misuseType,
        deviceWithMerchant: dto.deviceWithMerchant,
        policeStopPayment: !!dto.policeStopPaymentInstruction,
        amountAtRisk: dto.amountAtRisk ?? null,
        transactions: dto.transactions ?? [],
      },
      { timeZone: terminal.time_zone ?? this.cfg.defaultTimeZone },
    );

    const [open] = await em.query(
      `SELECT id, reference, priority, priority_overridden, version FROM cases WHERE sn = $1 AND status = 'open' FOR UPDATE`,
      [sn],
    );
    const reportId = randomUUID();
    let caseId: string;
    let reference: string;
    const linked = !!open;
    if (open) {
      caseId = open.id;
      reference = open.reference;
      const raised = raisePriority(open.priority, derived.priority, open.priority_overridden);
      await em.query(`UPDATE cases SET version = version + 1, updated_at = $2 ${raised !== open.priority ? ', priority = $3, priority_rank = $4' : ''} WHERE id = $1`, [
        caseId,
        now,
        ...(raised !== open.priority ? [raised, priorityRank(raised)] : []),
      ]);
      await this.insertReport(em, reportId, caseId, sn, dto, bankCode, receivedAt, actor, idem, { id: reportId, caseId, caseReference: reference, linkedToExisting: true });
      await this.audit.appendCaseEvent(em, caseId, {
        actor: auditActor(actor),
        action: 'report.linked',
        data: { reportId, channel: dto.channel, misuseType: dto.misuseType, derivedPriority: derived.priority, reasons: derived.reasons },
        at: now,
      });
      if (raised !== open.priority) {
        await this.audit.appendCaseEvent(em, caseId, {
          actor: SYSTEM_ACTOR,
          action: 'priority.raised',
          data: { before: { priority: open.priority }, after: { priority: raised }, reportId, reasons: derived.reasons },
          at: now,
        });
      }
    } else {
      const [{ seq }] = await em.query(`SELECT nextval('case_reference_seq')::bigint AS seq`);
      reference = formatCaseReference(now.getUTCFullYear(), Number(seq));
      const teamId = await this.teamFor(em, effectiveBank);
      const [created] = await em.query(
        `INSERT INTO cases (reference, terminal_id, sn, merchant_id, merchant_name, tid, bank_code, team_id, misuse_type, stage, status,
                            priority, priority_rank, amount_at_risk_minor, amount_at_risk_currency, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'freeze', 'open', $10, $11, $12, $13, $14, $14) RETURNING id`,
        [
          reference,
          terminal.id,
          sn,
          merchantId ?? terminal.merchant_id,
          dto.merchantName ?? terminal.merchant_name,
          tid ?? terminal.tid,
          effectiveBank,
          teamId,
          dto.misuseType,
          derived.priority,
          priorityRank(derived.priority),
          dto.amountAtRisk?.minor ?? null,
          dto.amountAtRisk?.currency ?? null,
          now,
        ],
      );
      caseId = created.id;
      await em.query(`INSERT INTO case_freezes (case_id, bank_code) VALUES ($1, $2)`, [caseId, effectiveBank]);
      await this.insertReport(em, reportId, caseId, sn, dto, bankCode, receivedAt, actor, idem, { id: reportId, caseId, caseReference: reference, linkedToExisting: false });
      const clock = await startClock(em, caseId, 'freeze', now);
      await refreshCaseSla(em, caseId);
      wakeups.clocks!.push(clock);
      await this.audit.appendCaseEvent(em, caseId, {
        actor: auditActor(actor),
        action: 'case.opened',
        data: {
          reportId,
          after: { reference, stage: 'freeze', status: 'open', priority: derived.priority, bankCode: effectiveBank, teamId, misuseType: dto.misuseType },
          channel: dto.channel,
          reasons: derived.reasons,
        },
        at: now,
      });
      await this.requestFreezeAtOpening(em, caseId, effectiveBank, dto.channel, now, wakeups);
    }
    return { id: reportId, caseId, caseReference: reference, linkedToExisting: linked };
  }

  /** Opening a case queues the freeze request at once when the bank is known, active and the channel trusted. */
  private async requestFreezeAtOpening(em: EntityManager, caseId: string, bankCode: string | null, channel: string, now: Date, wakeups: Wakeups) {
    if (!bankCode || !this.cfg.trustedChannels.includes(channel)) return;
    const [bank] = await em.query(`SELECT active FROM banks WHERE code = $1`, [bankCode]);
    if (!bank?.active) return;
    const n = await insertNotification(em, { caseId, type: 'freeze.requested', now });
    if (!n) return;
    wakeups.notificationIds!.push({ id: n.id });
    await this.audit.appendCaseEvent(em, caseId, {
      actor: SYSTEM_ACTOR,
      action: 'request_freeze',
      // A code, not a sentence, so the console can show it in the reader's language.
      data: { after: { bankCode, notificationId: n.id }, via: 'automatic_at_opening', channel },
      at: now,
    });
  }

  /** A new case goes to the team serving its bank, else the default team. */
  private async teamFor(em: EntityManager, bankCode: string | null): Promise<string | null> {
    const [t] = await em.query(
      `SELECT id FROM teams WHERE ($1::text IS NOT NULL AND $1 = ANY(bank_codes)) OR is_default
        ORDER BY ($1::text IS NOT NULL AND $1 = ANY(bank_codes)) DESC, created_at LIMIT 1`,
      [bankCode],
    );
    return t?.id ?? null;
  }

  private async insertReport(
    em: EntityManager,
    id: string,
    caseId: string,
    sn: string,
    dto: CreateReportDto,
    bankCode: string | null,
    receivedAt: Date,
    actor: Actor,
    idem: { scope: string; idempotencyKey?: string; hash: string },
    response: CreateReportResponse,
  ): Promise<void> {
    const payload = { ...utcTimes(dto), sn, ...(bankCode ? { bankCode } : {}) };
    await em.query(
      `INSERT INTO reports (id, case_id, sn, channel, misuse_type, bank_code, payload, received_at, submitted_by, submitted_by_role, api_key_id,
                            idempotency_scope, idempotency_key, request_hash, response)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        id,
        caseId,
        sn,
        dto.channel,
        dto.misuseType,
        bankCode,
        JSON.stringify(payload),
        receivedAt,
        actor.id,
        actor.role,
        actor.apiKey?.id ?? null,
        idem.idempotencyKey ? idem.scope : null,
        idem.idempotencyKey ?? null,
        idem.idempotencyKey ? idem.hash : null,
        JSON.stringify(response),
      ],
    );
  }
}


const toUtc = (v: string | undefined) => (v ? new Date(v).toISOString() : v);

/** Times are "ISO 8601 with offset in, UTC Z out" (docs/api.md): stored reports keep them in UTC with milliseconds. */
function utcTimes(dto: CreateReportDto): CreateReportDto {
  return {
    ...dto,
    occurredAt: toUtc(dto.occurredAt),
    receivedAt: toUtc(dto.receivedAt),
    firstSuspiciousAt: toUtc(dto.firstSuspiciousAt),
    lastGoodTransactionAt: toUtc(dto.lastGoodTransactionAt),
    transactions: dto.transactions?.map((t) => ({ ...t, at: toUtc(t.at)! })),
  };
}
