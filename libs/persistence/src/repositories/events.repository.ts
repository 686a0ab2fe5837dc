import { buildEvent, GENESIS_HASH, type ChainEvent, type EventDraft } from '@sentinel/domain';
import { maybeOne, one, rows, type Db } from '../sql';

/** A case_events / system_events row as selected. */
export interface EventRow {
  id: string;
  /** absent on system_events rows */
  case_id?: string | null;
  seq: number;
  at: Date;
  actor_id: string;
  actor_role: string;
  action: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** The served (and hashed) shape of an event row. */
export function toChainEvent(r: EventRow): ChainEvent & { id: string } {
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

export interface ChainHeadRef {
  seq: number;
  hash: string;
}

/**
 * The audit chains (docs/api.md "Audit"): case chains and the system chain, append-only (a trigger refuses UPDATE
 * and DELETE; the app role may only INSERT and SELECT). Every case event is appended by `appendCaseEvents` — the one
 * place that writes case_events and moves a case's chain head.
 */
export class EventsRepository {
  /**
   * Appends events to a case's chain after `head` (as loaded with the case row locked), in one statement that
   * also moves the head; `at` is the same for the whole batch (ms precision, set here, never by a DB default).
   * A head that moved meanwhile (the row was not locked) fails loudly instead of forking the chain.
   */
  async appendCaseEvents(db: Db, caseId: string, head: ChainHeadRef, drafts: EventDraft[], at: Date): Promise<ChainEvent[]> {
    if (!drafts.length) return [];
    let prev = head.seq > 0 ? { seq: head.seq, hash: head.hash } : null;
    const chain = drafts.map((d) => {
      const ev = buildEvent(prev, { caseId, at, actor: { id: d.actor.id, role: d.actor.role }, action: d.action, data: d.data });
      prev = { seq: ev.seq, hash: ev.hash };
      return ev;
    });
    const last = chain[chain.length - 1];
    const moved = await maybeOne<{ id: string }>(
      db,
      `WITH ev AS (
         INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
         SELECT $1, e.seq, e.at, e.actor_id, e.actor_role, e.action, e.data, e.prev_hash, e.hash
           FROM jsonb_to_recordset($2::jsonb)
             AS e(seq int, at timestamptz, actor_id text, actor_role text, action text, data jsonb, prev_hash text, hash text)
         RETURNING seq
       )
       UPDATE cases SET last_event_seq = $3, head_hash = $4
        WHERE id = $1 AND last_event_seq = $5 AND EXISTS (SELECT 1 FROM ev)
       RETURNING id`,
      [
        caseId,
        JSON.stringify(
          chain.map((e) => ({ seq: e.seq, at: e.at, actor_id: e.actor.id, actor_role: e.actor.role, action: e.action, data: e.data, prev_hash: e.prevHash, hash: e.hash })),
        ),
        last.seq,
        last.hash,
        head.seq,
      ],
    );
    if (!moved) throw new Error(`the chain head of case ${caseId} moved while appending (was the case row locked?)`);
    return chain;
  }

  /** A case's chain head, locking the case row (for tools that append outside the write path, e.g. the demo seed). */
  async lockCaseHead(db: Db, caseId: string): Promise<ChainHeadRef> {
    const r = await one<{ seq: number; hash: string }>(db, `SELECT last_event_seq AS seq, head_hash AS hash FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
    return { seq: r.seq, hash: r.hash ?? GENESIS_HASH };
  }

  /** A case's events, oldest first, with the actor's display name beside them (not part of the hash). */
  async listCaseEvents(db: Db, caseId: string): Promise<Array<EventRow & { actor_name: string | null }>> {
    return rows<EventRow & { actor_name: string | null }>(
      db,
      `SELECT e.*, u.name AS actor_name FROM case_events e LEFT JOIN users u ON u.id::text = e.actor_id WHERE e.case_id = $1 ORDER BY e.seq`,
      [caseId],
    );
  }

  /** Changes that belong to no case go into the system chain (users, banks, settings, logins, downloads…). */
  async appendSystemEvent(db: Db, input: { actor: { id: string; role: string }; action: string; data: Record<string, unknown>; at?: Date }): Promise<ChainEvent> {
    const head = await one<{ seq: number; hash: string }>(db, `SELECT last_seq AS seq, head_hash AS hash FROM system_chain_head WHERE id = 1 FOR UPDATE`);
    const ev = buildEvent(head.seq > 0 ? { seq: head.seq, hash: head.hash } : null, {
      caseId: null,
      at: input.at ?? new Date(),
      actor: input.actor,
      action: input.action,
      data: input.data,
    });
    await db.query(
      `WITH ev AS (
         INSERT INTO system_events (seq, at, actor_id, actor_role, action, data, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq
       )
       UPDATE system_chain_head SET last_seq = ev.seq, head_hash = $8 FROM ev WHERE system_chain_head.id = 1`,
      [ev.seq, ev.at, ev.actor.id, ev.actor.role, ev.action, JSON.stringify(ev.data), ev.prevHash, ev.hash],
    );
    return ev;
  }
}

/** The system chain's append, for callers that hold no repository instance (the one implementation is above). */
export function appendSystemEvent(db: Db, input: Parameters<EventsRepository['appendSystemEvent']>[1]): Promise<ChainEvent> {
  return new EventsRepository().appendSystemEvent(db, input);
}
