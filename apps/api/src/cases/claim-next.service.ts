import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseView } from '@sentinel/contracts';
import { AuditService } from '../audit/audit.service';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid } from '../common/list-query';
import { notFound } from '../common/problem.exception';
import { assertActiveUser } from './active-user';
import { CaseRepository } from './case.repository';
import { buildCaseFilterSql } from './case-filter.sql';

/**
 * "Claim next" (docs/domain.md "Teams and queues"): the most urgent unassigned open case of the queue —
 * breached first, then priority, then nearest due — assigned atomically (FOR UPDATE SKIP LOCKED), so two
 * analysts never get the same case. Never a case in review.
 */
@Injectable()
export class ClaimNextService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: CaseRepository,
    private readonly audit: AuditService,
  ) {}

  async claimNext(actor: Actor, queueId?: string): Promise<CaseView | null> {
    return this.ds.transaction(async (em) => {
      await assertActiveUser(em, actor.id);
      const params: unknown[] = [];
      let scope = 'TRUE';
      if (queueId) {
        assertUuid(queueId, 'queue');
        const [queue] = await em.query(`SELECT id, team_id, filter FROM queues WHERE id = $1`, [queueId]);
        if (!queue) throw notFound('queue', queueId);
        const f = buildCaseFilterSql(queue.filter ?? {}, actor.id, params);
        scope = queue.team_id ? `c.team_id = $${params.push(queue.team_id)} AND ${f.where}` : f.where;
      } else if (actor.teamId) {
        scope = `c.team_id = $${params.push(actor.teamId)}`;
      }
      const [picked] = await em.query(
        `SELECT c.id, c.version FROM cases c
          WHERE c.status = 'open' AND c.assignee_id IS NULL AND c.stage <> 'review' AND ${scope}
          ORDER BY c.sla_rank, c.priority_rank, c.due_at NULLS LAST, c.created_at, c.id
          LIMIT 1 FOR UPDATE OF c SKIP LOCKED`,
        params,
      );
      if (!picked) return null;
      const now = new Date();
      await em.query(`UPDATE cases SET assignee_id = $2, version = version + 1, updated_at = $3 WHERE id = $1`, [picked.id, actor.id, now]);
      await this.audit.appendCaseEvent(em, picked.id, {
        actor: auditActor(actor),
        action: 'claim',
        data: { before: { assigneeId: null }, after: { assigneeId: actor.id }, via: 'claim-next', ...(queueId ? { queueId } : {}) },
        at: now,
      });
      return this.repo.loadView(em, picked.id, actor);
    });
  }
}
