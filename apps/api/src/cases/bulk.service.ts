import { Injectable } from '@nestjs/common';
import type { BulkResult } from '@sentinel/contracts';
import { toProblem } from '../common/problem-details.filter';
import type { Actor } from '../auth/actor';
import { CaseActionsService } from './case-actions.service';

const CONCURRENCY = 4;

/** Bulk assign / close early: one transaction per id, no version check, a result per id (docs/api.md). */
@Injectable()
export class BulkService {
  constructor(private readonly actions: CaseActionsService) {}

  async run(ids: string[], action: 'assign' | 'close_early', payload: Record<string, unknown>, actor: Actor, correlationId?: string): Promise<BulkResult[]> {
    const unique = [...new Set(ids)];
    const results = new Map<string, BulkResult>();
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const id = unique[next++];
        try {
          await this.actions.act(id, action, payload, actor, { bulk: true, correlationId });
          results.set(id, { id, ok: true, status: 200 });
        } catch (e) {
          const { problem } = toProblem(e);
          results.set(id, { id, ok: false, status: problem.status, code: problem.code, detail: problem.detail });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, unique.length) }, worker));
    return unique.map((id) => results.get(id)!);
  }
}
