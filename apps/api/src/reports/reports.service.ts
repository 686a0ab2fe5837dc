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
  type CaseState,
  type ChangePlan,
  type ReportCredential,
} from '@sentinel/domain';
import { CaseWriter, ReportsRepository, type IntakeFacts, type Wakeups } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { auditActor, type Actor } from '../auth/actor';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import type { CreateReportDto } from './create-report.dto';
import { incomingReportOf, maskedPanErrors, panPaths } from './report-checks';

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
    return this.intake(tx, p, actor);
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
   * Prepared reports in the caller's transaction, their locks already held (a batch's chunk), judged and applied as
   * if each came alone and in order, with a handful of statements per round instead of three per report: a round
   * takes, in order, the reports whose SN and key no earlier report of the round has (the later ones wait for the
   * next round, which reads the facts again and so sees what the earlier ones wrote: a later report for the same
   * SN links to the case an earlier one opened, a repeated key replays), reads all their facts in one statement
   * (`loadIntakeMany`), plans each, then applies all plans together (`CaseWriter.applyMany`). A refused report
   * throws `IntakeItemRefused` with its position (the caller rolls back and runs again without it).
   */
  async intakeMany(tx: EntityManager, items: PreparedReport[], actor: Actor): Promise<Array<{ result: IntakeResult; wakeups: Wakeups | null }>> {
    const out = new Array<{ result: IntakeResult; wakeups: Wakeups | null }>(items.length);
    let rest = items.map((p, position) => ({ p, position }));
    while (rest.length) {
      const sns = new Set<string>();
      const keys = new Set<string>();
      const round: typeof rest = [];
      const later: typeof rest = [];
      for (const x of rest) {
        const key = x.p.idempotency ? `${x.p.idempotency.scope}|${x.p.idempotency.key}` : null;
        if (sns.has(x.p.sn) || (key !== null && keys.has(key))) later.push(x);
        else {
          round.push(x);
          sns.add(x.p.sn);
          if (key !== null) keys.add(key);
        }
      }
      const facts = await this.reports.loadIntakeMany(tx, round.map((x) => intakeInput(x.p)));
      const plans: Array<{ position: number; state: CaseState | null; plan: ChangePlan; now: Date }> = [];
      round.forEach((x, k) => {
        try {
          const planned = this.planIntake(x.p, facts[k], actor);
          if ('replay' in planned) out[x.position] = { result: planned.replay, wakeups: null };
          else plans.push({ position: x.position, ...planned });
        } catch (e) {
          throw new IntakeItemRefused(x.position, e);
        }
      });
      const applied = await this.writer.applyMany(tx, plans);
      plans.forEach((x, k) => (out[x.position] = { result: intakeResult(x.plan), wakeups: applied[k].wakeups }));
      rest = later;
    }
    return out;
  }

  /** One report through the write path: its intake facts in one statement, then its plan applied. */
  private async intake(tx: EntityManager, p: PreparedReport, actor: Actor): Promise<{ result: IntakeResult; wakeups: Wakeups | null }> {
    const facts = await this.reports.loadIntake(tx, intakeInput(p));
    const planned = this.planIntake(p, facts, actor);
    if ('replay' in planned) return { result: planned.replay, wakeups: null };
    const applied = await this.writer.apply(tx, planned.state, planned.plan, planned.now);
    return { result: intakeResult(planned.plan), wakeups: applied.wakeups };
  }

  /**
   * The decision for one report on its facts (an earlier response to the key, the terminal's master data, the SN's
   * open case locked): a replay, or `open_case` / `link_report` planned. Throws the report's problem.
   */
  private planIntake(p: PreparedReport, facts: IntakeFacts, actor: Actor): { replay: IntakeResult } | { state: CaseState | null; plan: ChangePlan; now: Date } {
    const { dto, sn, bankCode, credential, idempotency, hash } = p;
    if (facts.prior) {
      if (facts.prior.requestHash !== hash) {
        throw new ProblemException('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was already used with a different body', { idempotencyKey: idempotency?.key });
      }
      return { replay: { status: 201, body: facts.prior.response, replayed: true } };
    }
    const merchantId = dto.merchantId ? normaliseSn(dto.merchantId) : null;
    const tid = dto.terminalId ? normaliseSn(dto.terminalId) : null;
    const terminal = facts.terminal!;
    const now = new Date();
    const report = incomingReportOf(dto, {
      id: randomUUID(),
      sn,
      bankCode,
      merchantId,
      tid,
      receivedAt: dto.receivedAt ? new Date(dto.receivedAt) : now,
      submittedBy: { id: actor.id, role: actor.role, apiKeyId: actor.apiKey?.id ?? null },
      idempotency: idempotency ? { scope: idempotency.scope, key: idempotency.key, requestHash: hash } : null,
    });
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
    if (plan.result?.kind !== 'intake') throw new Error('an intake plan answers with its response');
    return { state: open?.state ?? null, plan, now };
  }
}

/** A report of `intakeMany` refused (its problem in `error`), by its position in the list. */
export class IntakeItemRefused extends Error {
  constructor(
    readonly position: number,
    readonly error: unknown,
  ) {
    super(`intake item ${position} refused`);
  }
}

/** What `loadIntake` / `loadIntakeMany` need of a prepared report. */
function intakeInput(p: PreparedReport) {
  const { dto, sn, bankCode, idempotency } = p;
  const merchantId = dto.merchantId ? normaliseSn(dto.merchantId) : null;
  const tid = dto.terminalId ? normaliseSn(dto.terminalId) : null;
  return { terminal: { sn, model: dto.terminalModel ?? null, tid, bankCode, merchantId, merchantName: dto.merchantName ?? null }, reportBankCode: bankCode, idempotency };
}

function intakeResult(plan: ChangePlan): IntakeResult {
  if (plan.result?.kind !== 'intake') throw new Error('an intake plan answers with its response');
  return { status: 201, body: plan.result.response satisfies CreateReportResponse, replayed: false };
}

/** How the report came in, from the credential alone: a person, an intake user's password session, or a key. */
export function reportCredential(actor: Actor): ReportCredential {
  if (actor.apiKey) return { kind: 'api_key', bankCodes: actor.apiKey.bankCodes, channels: actor.apiKey.channels, autoFreeze: actor.apiKey.autoFreeze };
  return actor.role === 'intake' ? { kind: 'intake_session' } : { kind: 'person' };
}
