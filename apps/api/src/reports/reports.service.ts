import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateReportResponse } from '@sentinel/contracts';
import {
  assertChannelAllowed,
  assertKeyBindings,
  normaliseSn,
  parseSn,
  planChange,
  requestHash,
  type IncomingReport,
  type ReportCredential,
} from '@sentinel/domain';
import { CaseWriter, ReportsRepository, type Wakeups } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { auditActor, type Actor } from '../auth/actor';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import type { CreateReportDto } from './create-report.dto';
import { maskedPanErrors, panPaths, utcTimes } from './report-checks';

export interface IntakeResult {
  status: 201;
  body: CreateReportResponse;
  replayed: boolean;
}

/** A report judged valid before the database: what `intakeIn` needs. */
export interface PreparedReport {
  dto: CreateReportDto;
  sn: string;
  bankCode: string | null;
  /** How the report came in (a person, an intake session, a key): decides the channel rule and the automatic freeze. */
  credential: ReportCredential;
  idempotency: { scope: string; key: string } | null;
  hash: string;
}

const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,200}$/;

/** Report intake: validation beyond shape, idempotency, SN dedupe, case opening (docs/api.md "Reports and cases"). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly reports: ReportsRepository,
    private readonly writer: CaseWriter,
    private readonly wakeups: WakeupPublisher,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async submit(dto: CreateReportDto, rawBody: unknown, actor: Actor, idempotencyKey: string | undefined, correlationId?: string): Promise<IntakeResult> {
    const prepared = this.prepare(dto, rawBody, actor, idempotencyKey, 'Idempotency-Key');
    const { result, wakeups } = await this.ds.transaction((tx) => this.intakeIn(tx, prepared, actor));
    if (wakeups) await this.wakeups.publish(wakeups, correlationId);
    return result;
  }

  /**
   * Everything judged before the database (throws the item's problem): the SN, the API key's scope, PAN, the
   * key's pattern and the body's hash. `keyField` names the key in a field error (the header, or a batch item's field).
   */
  prepare(dto: CreateReportDto, rawBody: unknown, actor: Actor, idempotencyKey: string | undefined, keyField: string): PreparedReport {
    const sn = parseSn(dto.sn);
    const bankCode = dto.bankCode ? dto.bankCode.toUpperCase() : null;
    const credential = reportCredential(actor);
    assertChannelAllowed(credential, dto.channel);
    assertKeyBindings(credential, { bankCode, channel: dto.channel });
    this.assertNoPan(dto);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_RE.test(idempotencyKey)) {
      throw validationFailed({ [keyField]: { code: 'PATTERN', message: 'must be 1–200 visible ASCII characters' } });
    }
    const scope = actor.apiKey ? `key:${actor.apiKey.id}` : `user:${actor.id}`;
    const idempotency = idempotencyKey ? { scope, key: idempotencyKey } : null;
    return { dto, sn, bankCode, credential, idempotency, hash: requestHash(rawBody) };
  }

  /** One prepared report in the caller's transaction: its locks, then the write path. Publish the wake-ups after commit. */
  async intakeIn(tx: EntityManager, p: PreparedReport, actor: Actor, opts: { locked?: boolean } = {}): Promise<{ result: IntakeResult; wakeups: Wakeups | null }> {
    if (!opts.locked) await this.reports.lockIntake(tx, p.sn, p.idempotency);
    return this.intake(tx, p.dto, p.sn, p.bankCode, actor, p.credential, p.idempotency, p.hash);
  }

  /** A full card number is never stored: any free-text field holding one refuses the whole report. */
  private assertNoPan(dto: CreateReportDto): void {
    const paths = panPaths(dto);
    if (paths.length) {
      throw new ProblemException(
        'PAN.DETECTED',
        `A full card number was found in ${paths.join(', ')}; mask it (first 6 and last 4 digits at most) and resend`,
        { fields: paths },
        Object.fromEntries(paths.map((p) => [p, { code: 'CARD_NUMBER', message: 'holds what looks like a full card number' }])),
      );
    }
    const bad = maskedPanErrors(dto);
    if (Object.keys(bad).length) throw validationFailed(bad);
  }

  /**
   * One report through the write path: the intake facts in one statement (an earlier response to the key, the
   * terminal's master data, the SN's open case locked), then `open_case` or `link_report` planned and applied.
   */
  private async intake(
    tx: EntityManager,
    dto: CreateReportDto,
    sn: string,
    bankCode: string | null,
    actor: Actor,
    credential: ReportCredential,
    idempotency: { scope: string; key: string } | null,
    hash: string,
  ): Promise<{ result: IntakeResult; wakeups: Wakeups | null }> {
    const merchantId = dto.merchantId ? normaliseSn(dto.merchantId) : null;
    const tid = dto.terminalId ? normaliseSn(dto.terminalId) : null;
    const facts = await this.reports.loadIntake(tx, {
      terminal: { sn, model: dto.terminalModel ?? null, tid, bankCode, merchantId, merchantName: dto.merchantName ?? null },
      reportBankCode: bankCode,
      idempotency,
    });
    if (facts.prior) {
      if (facts.prior.requestHash !== hash) {
        throw new ProblemException('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different body', { idempotencyKey: idempotency?.key });
      }
      return { result: { status: 201, body: facts.prior.response, replayed: true }, wakeups: null };
    }
    const terminal = facts.terminal!;
    const now = new Date();
    const report: IncomingReport = {
      record: {
        id: randomUUID(),
        sn,
        channel: dto.channel,
        misuseType: dto.misuseType,
        bankCode,
        payload: { ...utcTimes(dto), sn, ...(bankCode ? { bankCode } : {}) },
        receivedAt: dto.receivedAt ? new Date(dto.receivedAt) : now,
        submittedBy: { id: actor.id, role: actor.role, apiKeyId: actor.apiKey?.id ?? null },
        idempotency: idempotency ? { scope: idempotency.scope, key: idempotency.key, requestHash: hash } : null,
      },
      channel: dto.channel,
      misuseType: dto.misuseType,
      merchantId,
      merchantName: dto.merchantName ?? null,
      tid,
      amountAtRisk: dto.amountAtRisk ?? null,
      priority: {
        misuseType: dto.misuseType,
        deviceWithMerchant: dto.deviceWithMerchant,
        policeStopPayment: !!dto.policeStopPaymentInstruction,
        amountAtRisk: dto.amountAtRisk ?? null,
        transactions: dto.transactions ?? [],
      },
    };
    const timeZone = terminal.timeZone ?? this.cfg.defaultTimeZone;
    const reporter = auditActor(actor);
    const open = facts.openCase;
    const plan = open
      ? planChange(open.state, { kind: 'link_report', actor: reporter, report, timeZone, watchlist: facts.watchlist }, open.context(now, randomUUID))
      : planChange(
          null,
          {
            kind: 'open_case',
            actor: reporter,
            report,
            referenceSeq: facts.referenceSeq!,
            terminal,
            bank: facts.bank,
            teamId: facts.teamId,
            timeZone,
            // Trust comes from the credential, never from the body (docs/api.md "Who may trigger the automatic freeze").
            credential,
            trust: { staffChannels: this.cfg.autoFreezeStaffChannels },
            watchlist: facts.watchlist,
          },
          { now, newId: randomUUID, policies: facts.policies, regulatoryPolicies: facts.regulatoryPolicies, majorEventMinor: this.cfg.regulatoryMajorEventMinor },
        );
    const applied = await this.writer.apply(tx, open?.state ?? null, plan, now);
    if (plan.result?.kind !== 'intake') throw new Error('an intake plan answers with its response');
    return { result: { status: 201, body: plan.result.response satisfies CreateReportResponse, replayed: false }, wakeups: applied.wakeups };
  }
}

/** How the report came in, from the credential alone: a person, an intake user's password session, or a key. */
export function reportCredential(actor: Actor): ReportCredential {
  if (actor.apiKey) return { kind: 'api_key', bankCodes: actor.apiKey.bankCodes, channels: actor.apiKey.channels, autoFreeze: actor.apiKey.autoFreeze };
  return actor.role === 'intake' ? { kind: 'intake_session' } : { kind: 'person' };
}
