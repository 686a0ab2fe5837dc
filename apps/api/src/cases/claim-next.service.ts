import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseView } from '@sentinel/contracts';
import { inCaseScope, planChange } from '@sentinel/domain';
import { CasesRepository, CaseWriter, QueuesRepository, type CaseSelector } from '@sentinel/persistence';
import type { Actor } from '../auth/actor';
import { assertUuid } from '../common/list-query';
import { notFound, ProblemException } from '../common/problem.exception';
import { parseCaseFilter } from './case-filter.sql';

/**
 * "Claim next" (docs/domain.md "Teams and queues"): the most urgent unassigned open case of the queue —
 * breached first, then priority, then nearest due — locked as it is picked (FOR UPDATE SKIP LOCKED), so two
 * analysts never get the same case, and claimed through the write path (the `claim` action, annotated
 * `via: claim-next`). Never a case in review.
 */
@Injectable()
export class ClaimNextService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesRepository,
    private readonly queues: QueuesRepository,
    private readonly writer: CaseWriter,
  ) {}

  async claimNext(actor: Actor, queueId?: string): Promise<CaseView | null> {
    const person = { id: actor.id, role: actor.role };
    return this.ds.transaction(async (tx) => {
      // need-to-know (CASE_VISIBILITY=team): only the caller's team's cases, and no other team's queue (403)
      const visible = actor.caseScope ? { visibleTo: actor.caseScope } : {};
      let scope: CaseSelector = { claimNext: { teamId: actor.teamId ?? null, filter: actor.caseScope ? visible : null } };
      if (queueId) {
        assertUuid(queueId, 'queue');
        const queue = await this.queues.scope(tx, queueId);
        if (!queue) throw notFound('queue', queueId);
        if (actor.caseScope && queue.team_id !== null && !inCaseScope(actor.caseScope, queue.team_id)) {
          throw new ProblemException('AUTH.FORBIDDEN', "This queue is another team's: with CASE_VISIBILITY=team you claim only your team's cases", { queueId });
        }
        scope = { claimNext: { teamId: queue.team_id, filter: { ...parseCaseFilter(queue.filter ?? {}, actor.id), ...visible } } };
      }
      const loaded = await this.cases.loadState(tx, scope, { lock: true, lookups: { actorId: actor.id } });
      if (!loaded) return null;
      const now = new Date();
      const plan = planChange(
        loaded.state,
        { kind: 'action', action: 'claim', payload: {}, actor: person, bulk: true, eventData: { via: 'claim-next', ...(queueId ? { queueId } : {}) } },
        loaded.context(now, randomUUID),
      );
      await this.writer.apply(tx, loaded.state, plan, now);
      return (await this.cases.loadView(tx, loaded.state.id, person))!;
    });
  }
}
