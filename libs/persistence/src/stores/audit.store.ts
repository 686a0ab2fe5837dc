import type { EntityManager } from 'typeorm';
import { buildEvent, type ChainEvent } from '@sentinel/domain';

type Db = Pick<EntityManager, 'query'>;

export interface EventInput {
  actor: { id: string; role: string };
  action: string;
  data: Record<string, unknown>;
  at?: Date;
}

/**
 * Appends to a case's audit chain inside the caller's transaction (docs/api.md "Audit"). The case row is
 * locked before its last seq and hash are read; `at` is set here (ms precision), never by a DB default.
 */
export async function appendCaseEvent(em: Db, caseId: string, input: EventInput): Promise<ChainEvent> {
  const [head] = await em.query(`SELECT last_event_seq AS seq, head_hash AS hash FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
  if (!head) throw new Error(`case ${caseId} not found while appending an event`);
  const ev = buildEvent(head.seq > 0 ? { seq: head.seq, hash: head.hash } : null, {
    caseId,
    at: input.at ?? new Date(),
    actor: input.actor,
    action: input.action,
    data: input.data,
  });
  // The event and the case's chain head in one round trip.
  await em.query(
    `WITH ev AS (
       INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING case_id
     )
     UPDATE cases SET last_event_seq = $2, head_hash = $9 FROM ev WHERE cases.id = ev.case_id`,
    [caseId, ev.seq, ev.at, ev.actor.id, ev.actor.role, ev.action, JSON.stringify(ev.data), ev.prevHash, ev.hash],
  );
  return ev;
}

/** Changes that belong to no case go into the system chain (users, banks, settings, logins, downloads…). */
export async function appendSystemEvent(em: Db, input: EventInput): Promise<ChainEvent> {
  const [head] = await em.query(`SELECT last_seq AS seq, head_hash AS hash FROM system_chain_head WHERE id = 1 FOR UPDATE`);
  const ev = buildEvent(head.seq > 0 ? { seq: head.seq, hash: head.hash } : null, {
    caseId: null,
    at: input.at ?? new Date(),
    actor: input.actor,
    action: input.action,
    data: input.data,
  });
  await em.query(
    `WITH ev AS (
       INSERT INTO system_events (seq, at, actor_id, actor_role, action, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq
     )
     UPDATE system_chain_head SET last_seq = ev.seq, head_hash = $8 FROM ev WHERE system_chain_head.id = 1`,
    [ev.seq, ev.at, ev.actor.id, ev.actor.role, ev.action, JSON.stringify(ev.data), ev.prevHash, ev.hash],
  );
  return ev;
}

export const SYSTEM_ACTOR = { id: 'system', role: 'system' } as const;
export const bankActor = (code: string) => ({ id: `bank:${code}`, role: 'bank' });
