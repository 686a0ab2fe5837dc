import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChainEvent } from '@sentinel/domain';
import { appendCaseEvent, appendSystemEvent, type EventInput } from '@sentinel/persistence';

export type { EventInput };

/**
 * Appends to the tamper-evident audit chains (docs/api.md "Audit"), always inside the caller's transaction,
 * so a change and its event commit together. The SQL lives in libs/persistence (shared with the worker).
 */
@Injectable()
export class AuditService {
  /** The case row is locked (SELECT … FOR UPDATE) before the head is read. */
  appendCaseEvent(em: EntityManager, caseId: string, input: EventInput): Promise<ChainEvent> {
    return appendCaseEvent(em, caseId, input);
  }

  /** Changes that belong to no case: users, banks, settings, logins, downloads, reveals, exports. */
  appendSystemEvent(em: EntityManager, input: EventInput): Promise<ChainEvent> {
    return appendSystemEvent(em, input);
  }
}

/** Maps a case_events / system_events row to the served (and hashed) shape. */
export function eventRowToView(r: {
  id: string;
  case_id?: string | null;
  seq: number;
  at: Date;
  actor_id: string;
  actor_role: string;
  action: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): ChainEvent & { id: string } {
  return {
    id: r.id,
    caseId: r.case_id ?? null,
    seq: r.seq,
    at: r.at.toISOString(),
    actor: { id: r.actor_id, role: r.actor_role },
    action: r.action,
    data: r.data,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
