import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { CaseAction, CaseView } from '@sentinel/contracts';
import { checkAction, DEFAULT_PAN_EXEMPT_KEYS, findPanPaths, lookupsFor, planChange, type ActionChange, type HoldSettings } from '@sentinel/domain';
import { CasesRepository, CaseWriter, type Wakeups } from '@sentinel/persistence';
import type { Actor } from '../auth/actor';
import { notFound, ProblemException } from '../common/problem.exception';
import { assertUuid } from '../common/list-query';
import { assertTeamVisible } from '../common/case-scope';
import { APP_CONFIG, leadMs, type AppConfig } from '../config/app-config';
import { WakeupPublisher } from '../jobs/wakeup.publisher';
import { validateActionBody } from './case-action.dto';

/** Identifiers that may legitimately be long digit strings (not card numbers). */
const PAN_EXEMPT = [...DEFAULT_PAN_EXEMPT_KEYS, 'reportNumber', 'bankReference', 'duplicateOfCaseId', 'assigneeId', 'version', 'instructionNumber', 'holdId', 'clockId', 'reference'];

export interface ActOptions {
  /** bulk: no version check (docs/api.md "bulk … no version check") */
  bulk?: boolean;
  correlationId?: string;
}

/**
 * Case actions (docs/api.md "Case actions") through the one write path: load the case (locked) with the facts the
 * action needs → check version, role, state, ownership, four eyes → validate the payload → plan → apply in one
 * transaction → publish wake-ups after commit. The check order is docs/dev/CONVENTIONS.md's.
 */
@Injectable()
export class CaseActionsService {
  private readonly holdSettings: HoldSettings;
  private readonly majorEventMinor: number;
  private readonly watchlistDays: number;

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesRepository,
    private readonly writer: CaseWriter,
    private readonly wakeups: WakeupPublisher,
    @Inject(APP_CONFIG) cfg: AppConfig,
  ) {
    this.holdSettings = {
      stopPaymentLeadMs: leadMs('HOLD_STOP_PAYMENT_LEAD', cfg.holdStopPaymentLead),
      freezeLeadMs: leadMs('HOLD_FREEZE_LEAD', cfg.holdFreezeLead),
      timeZone: cfg.defaultTimeZone,
    };
    this.majorEventMinor = cfg.regulatoryMajorEventMinor;
    this.watchlistDays = cfg.watchlistDays;
  }

  async act(caseId: string, action: CaseAction, body: unknown, actor: Actor, opts: ActOptions = {}): Promise<CaseView> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ProblemException('REQUEST.MALFORMED', 'The body must be a JSON object: { version, ...payload }');
    }
    assertUuid(caseId, 'case');
    const raw = body as Record<string, unknown>;
    const person = { id: actor.id, role: actor.role };
    const change: ActionChange = { kind: 'action', action, payload: raw, actor: person, version: raw.version, bulk: opts.bulk };
    let wakeups: Wakeups | undefined;
    try {
      const view = await this.ds.transaction(async (tx) => {
        const loaded = await this.cases.loadState(tx, { id: caseId }, { lock: true, lookups: lookupsFor(change) });
        if (!loaded) throw notFound('case', caseId);
        assertTeamVisible(actor.caseScope, loaded.state.teamId, 'case', caseId);
        checkAction(loaded.state, change);
        const { version: _version, ...payload } = await validateActionBody(action, body, { versionOptional: opts.bulk });
        const pan = findPanPaths(payload, PAN_EXEMPT);
        if (pan.length) {
          throw new ProblemException('PAN.DETECTED', `A full card number was found in ${pan.join(', ')}; never write card numbers in free text`, { fields: pan });
        }
        const now = new Date();
        const plan = planChange(loaded.state, { ...change, payload }, { ...loaded.context(now, randomUUID), holdSettings: this.holdSettings, majorEventMinor: this.majorEventMinor, watchlistDays: this.watchlistDays });
        wakeups = (await this.writer.apply(tx, loaded.state, plan, now)).wakeups;
        return (await this.cases.loadView(tx, caseId, person))!;
      });
      if (wakeups) await this.wakeups.publish(wakeups, opts.correlationId);
      return view;
    } catch (e) {
      if (e instanceof QueryFailedError && (e.driverError as { constraint?: string }).constraint === 'uq_case_open_sn') {
        throw new ProblemException('CASE.SN_HAS_OPEN_CASE', 'This SN already has another open case; close or link that one first');
      }
      throw e;
    }
  }
}
