import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { CaseAction, CaseView } from '@sentinel/contracts';
import { assertActionAllowed, DEFAULT_PAN_EXEMPT_KEYS, findPanPaths, planAction, priorityRank, type ActionContext, type ActionPlan, type CaseState } from '@sentinel/domain';
import { cancelOpenClocks, cancelUndeliveredFreeze, endClock, insertNotification, raiseAlert, refreshCaseSla, startClock } from '@sentinel/persistence';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { ProblemException, validationFailed } from '../common/problem.exception';
import { WakeupPublisher, type Wakeups } from '../jobs/wakeup.publisher';
import { CaseRepository } from './case.repository';
import { assertActiveUser } from './active-user';
import { validateActionBody } from './case-action.dto';

/** Identifiers that may legitimately be long digit strings (not card numbers). */
const PAN_EXEMPT = [...DEFAULT_PAN_EXEMPT_KEYS, 'reportNumber', 'bankReference', 'duplicateOfCaseId', 'assigneeId', 'version'];

/** freezeChanges key (libs/domain) → case_freezes column. */
const FREEZE_COLUMNS: Record<string, string> = {
  bankCode: 'bank_code',
  requestedAt: 'requested_at',
  bankReference: 'bank_reference',
  confirmedAt: 'confirmed_at',
  confirmedVia: 'confirmed_via',
  rejectedAt: 'rejected_at',
  rejectionReason: 'rejection_reason',
  lastAnswer: 'last_answer',
  noticeRecordedAt: 'notice_recorded_at',
  unfreezeRequestedAt: 'unfreeze_requested_at',
  unfreezeSentOnClose: 'unfreeze_sent_on_close',
  unfrozenAt: 'unfrozen_at',
};

export interface ActOptions {
  /** bulk: no version check (docs/api.md "bulk … no version check") */
  skipVersionCheck?: boolean;
  correlationId?: string;
}

/** Case actions (docs/api.md "Case actions"): one transaction per command — change, events, outbox, alerts. */
@Injectable()
export class CaseActionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: CaseRepository,
    private readonly audit: AuditService,
    private readonly wakeups: WakeupPublisher,
  ) {}

  async act(caseId: string, action: CaseAction, body: unknown, actor: Actor, opts: ActOptions = {}): Promise<CaseView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ProblemException('REQUEST.MALFORMED', 'The body must be a JSON object: { version, ...payload }');
    }
    const wakeups: Wakeups = { notificationIds: [], clocks: [] };
    try {
      const view = await this.ds.transaction(async (em) => {
        // Check order (docs/decisions.md, docs/dev/CONVENTIONS.md): 404 → stale version 409 → role, state, ownership, four eyes → payload.
        const { state, row } = await this.repo.loadState(em, caseId, true);
        if (!opts.skipVersionCheck) this.assertVersion(row.version, (body as { version?: unknown }).version);
        assertActionAllowed(state, action, { id: actor.id, role: actor.role });
        const payload = await validateActionBody(action, body, { versionOptional: opts.skipVersionCheck });
        const pan = findPanPaths(payload, PAN_EXEMPT);
        if (pan.length) {
          throw new ProblemException('PAN.DETECTED', `A full card number was found in ${pan.join(', ')}; never write card numbers in free text`, { fields: pan });
        }
        const now = new Date();
        const ctx = await this.context(em, action, payload, row, now, actor.id);
        const plan = planAction(state, action, payload, { id: actor.id, role: actor.role }, ctx);
        await this.apply(em, row, state, action, payload, plan, actor, now, wakeups);
        return this.repo.loadView(em, caseId, actor);
      });
      await this.wakeups.publish(wakeups, opts.correlationId);
      return view;
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { constraint?: string }).constraint === 'uq_case_open_sn') {
        throw new ProblemException('CASE.SN_HAS_OPEN_CASE', 'This SN already has another open case; close or link that one first');
      }
      throw e;
    }
  }

  /** What the rules need from outside the case: bank, assignee, other open case of the SN, the duplicate. */
  private assertVersion(current: number, sent: unknown): void {
    if (sent === undefined || sent === null) throw validationFailed({ version: { code: 'REQUIRED', message: 'is required' } }, 'version is required: send the version of the case you read');
    if (!Number.isInteger(sent) || (sent as number) < 1) throw validationFailed({ version: { code: Number.isInteger(sent) ? 'OUT_OF_RANGE' : 'INVALID_TYPE', message: 'must be a positive integer' } });
    if (sent !== current) {
      throw new ProblemException(
        'CASE.VERSION_CONFLICT',
        `Someone else changed this case (you sent version ${sent}, it is now ${current}); reload and try again`,
        { currentVersion: current, sentVersion: sent },
      );
    }
  }

  private async context(em: EntityManager, action: CaseAction, p: Record<string, any>, row: any, now: Date, actorId: string): Promise<ActionContext> {
    const ctx: ActionContext = { now };
    if (action === 'claim') await assertActiveUser(em, actorId);
    if (action === 'request_freeze' || action === 'confirm_freeze') {
      const code = (p.bankCode ?? row.bank_code)?.toUpperCase();
      if (code) {
        const [bank] = await em.query(`SELECT code, active FROM banks WHERE code = $1`, [code]);
        ctx.bank = bank ? { code: bank.code, active: bank.active } : action === 'request_freeze' ? { code, active: false } : null;
      }
    }
    if (action === 'assign' && p.assigneeId) {
      // FOR SHARE: a concurrent deactivation (which locks the user FOR UPDATE) cannot slip in between.
      const [u] = await em.query(`SELECT id, role, active FROM users WHERE id = $1 FOR SHARE`, [p.assigneeId]);
      ctx.assignee = u ? { id: u.id, role: u.role, active: u.active } : null;
    }
    if (action === 'reopen') {
      const [other] = await em.query(`SELECT 1 FROM cases WHERE sn = $1 AND status = 'open' AND id <> $2`, [row.sn, row.id]);
      ctx.snHasOtherOpenCase = !!other;
    }
    if ((action === 'resolve' || action === 'close_early') && p.duplicateOfCaseId) {
      const [d] = await em.query(`SELECT id FROM cases WHERE id = $1`, [p.duplicateOfCaseId]);
      ctx.duplicateOf = { id: p.duplicateOfCaseId, exists: !!d };
    }
    return ctx;
  }

  private async apply(
    em: EntityManager,
    row: any,
    state: CaseState,
    action: CaseAction,
    p: Record<string, any>,
    plan: ActionPlan,
    actor: Actor,
    now: Date,
    wakeups: Wakeups,
  ): Promise<void> {
    const id = row.id as string;
    await this.updateCase(em, id, plan, action, p, row, now);
    if (plan.freezeChanges) await this.updateFreeze(em, id, plan.freezeChanges, now);
    await this.recordStageFacts(em, id, action, p, actor, now);

    if (plan.endClock) await endClock(em, id, plan.endClock.stage, plan.endClock.how, now);
    if (plan.cancelOpenClocks) await cancelOpenClocks(em, id, now);
    if (plan.startClock) wakeups.clocks!.push(await startClock(em, id, plan.startClock, now));

    const cancelled = plan.cancelUndeliveredFreeze ? await cancelUndeliveredFreeze(em, id, now) : [];
    const queued: string[] = [];
    for (const n of plan.notifications) {
      const created = await insertNotification(em, { caseId: id, type: n.type, now, reason: n.reason, outcome: plan.changes.outcome ?? undefined });
      if (created) {
        queued.push(created.id);
        wakeups.notificationIds!.push({ id: created.id });
      }
    }
    await refreshCaseSla(em, id);

    const data = { ...plan.event.data, ...(queued.length ? { notificationIds: queued } : {}), ...(cancelled.length ? { cancelledNotificationIds: cancelled } : {}) };
    const ev = await this.audit.appendCaseEvent(em, id, { actor: auditActor(actor), action: plan.event.action, data, at: now });
    for (const type of plan.alerts) {
      await raiseAlert(em, { type, caseId: id, dedupeKey: `${type}:${id}:${ev.seq}`, stage: state.stage });
    }
  }

  private async updateCase(em: EntityManager, id: string, plan: ActionPlan, action: CaseAction, p: Record<string, any>, row: any, now: Date) {
    const sets: string[] = [];
    const args: unknown[] = [id];
    const set = (col: string, v: unknown) => sets.push(`${col} = $${args.push(v)}`);
    const c = plan.changes;
    if (c.stage !== undefined) set('stage', c.stage);
    if (c.status !== undefined) {
      set('status', c.status);
      set('closed_at', c.status === 'closed' ? now : null);
    }
    if (c.outcome !== undefined) set('outcome', c.outcome);
    if (c.closedFromStage !== undefined) set('closed_from_stage', c.closedFromStage);
    if (c.assigneeId !== undefined) set('assignee_id', c.assigneeId);
    if (c.priority !== undefined) {
      set('priority', c.priority);
      set('priority_rank', priorityRank(c.priority));
    }
    if (c.priorityOverridden !== undefined) set('priority_overridden', c.priorityOverridden);
    if (c.waivedStages !== undefined) set('waived_stages', c.waivedStages);
    if (c.duplicateOfCaseId !== undefined) set('duplicate_of_case_id', c.duplicateOfCaseId);
    // request_freeze / confirm_freeze naming another bank: the case's acquirer is corrected.
    const bankCode = (c as { bankCode?: string | null }).bankCode;
    if (bankCode !== undefined && bankCode !== row.bank_code) set('bank_code', bankCode);
    if (!plan.versionUnchanged) sets.push('version = version + 1');
    if (!sets.length) return;
    set('updated_at', now);
    await em.query(`UPDATE cases SET ${sets.join(', ')} WHERE id = $1`, args);
  }

  private async updateFreeze(em: EntityManager, id: string, changes: Record<string, unknown>, now: Date) {
    const sets: string[] = [];
    const args: unknown[] = [id];
    for (const [k, v] of Object.entries(changes)) {
      if (k === 'notice') {
        const n = v as { notifiedAt: Date; channel: string; notifiedBy: string; appealInstructionsGiven: boolean; recordedBy: string } | null;
        sets.push(`notice_notified_at = $${args.push(n?.notifiedAt ?? null)}`);
        sets.push(`notice_channel = $${args.push(n?.channel ?? null)}`);
        sets.push(`notice_notified_by = $${args.push(n?.notifiedBy ?? null)}`);
        sets.push(`notice_appeal_instructions_given = $${args.push(n?.appealInstructionsGiven ?? null)}`);
        sets.push(`notice_recorded_by = $${args.push(n?.recordedBy ?? null)}`);
        continue;
      }
      const col = FREEZE_COLUMNS[k];
      if (col) sets.push(`${col} = $${args.push(col === 'bank_code' && typeof v === 'string' ? v.toUpperCase() : v)}`);
    }
    if (!sets.length) return;
    sets.push(`updated_at = $${args.push(now)}`);
    await em.query(
      `INSERT INTO case_freezes (case_id) VALUES ($1) ON CONFLICT (case_id) DO NOTHING`,
      [id],
    );
    await em.query(`UPDATE case_freezes SET ${sets.join(', ')} WHERE case_id = $1`, args);
  }

  /** Stage records kept beside the case row (the events hold the same facts, chained). */
  private async recordStageFacts(em: EntityManager, id: string, action: CaseAction, p: Record<string, any>, actor: Actor, now: Date) {
    switch (action) {
      case 'record_police_report':
        await em.query(
          `INSERT INTO police_reports (case_id, agency, report_number, filed_at, officer, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (case_id) DO UPDATE SET agency = EXCLUDED.agency, report_number = EXCLUDED.report_number, filed_at = EXCLUDED.filed_at,
             officer = EXCLUDED.officer, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`,
          [id, p.agency.trim(), p.reportNumber.trim(), new Date(p.filedAt), p.officer?.trim() || null, actor.id, now],
        );
        break;
      case 'log_merchant_contact':
        await em.query(
          `INSERT INTO merchant_contacts (case_id, channel, contacted_at, outcome, findings, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, p.channel, new Date(p.contactedAt), p.outcome, p.findings?.trim() || null, actor.id, now],
        );
        break;
      case 'add_note':
        await em.query(`INSERT INTO case_notes (case_id, text, author_id, created_at) VALUES ($1, $2, $3, $4)`, [id, p.text.trim(), actor.id, now]);
        break;
      default:
        break;
    }
  }
}
