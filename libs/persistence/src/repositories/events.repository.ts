import { buildEvent, GENESIS_HASH, type ChainEvent, type EventDraft } from '@sentinel/domain';
import { one, rows, type Db } from '../sql';

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
  /** the newest event's time (null before the first); the next event may not be older */
  at?: Date | null;
}

/** `now`, or `head` when the head is newer (another replica's clock, or a transaction that committed first). */
function notBefore(now: Date, head: Date | null | undefined): Date {
  return head && head.getTime() > now.getTime() ? head : now;
}

/**
 * The audit chains (docs/api.md "Audit"): case chains and the system chain, append-only (a trigger refuses UPDATE
 * and DELETE; the app role may only INSERT and SELECT). Every case event is appended by `appendCaseEvents` — the one
 * place that writes case_events and moves a case's chain head.
 */
export class EventsRepository {
  /**
   * Appends events to a case's chain after `head` (as loaded with the case row locked), in one INSERT; the database
   * checks that they continue the chain and moves the head (trigger `case_events_follow_head`, migration
   * 1766400000000), refusing a head that moved meanwhile, a broken link or a time before the head's. `at` is the
   * same for the whole batch (ms precision, set here, never by a DB default): `now`, or the head's time when a
   * transaction that took its `now` earlier waited for the one that wrote the head (times never go backwards).
   */
  async appendCaseEvents(db: Db, caseId: string, head: ChainHeadRef, drafts: EventDraft[], now: Date): Promise<ChainEvent[]> {
    return (await this.appendManyCaseEvents(db, [{ caseId, head, drafts, now }]))[0];
  }

  /**
   * `appendCaseEvents` for several cases in one INSERT (each case once, after its head as loaded and locked): the
   * trigger checks every chain and moves every head. Returns each case's chained events, in input order.
   */
  async appendManyCaseEvents(db: Db, appends: Array<{ caseId: string; head: ChainHeadRef; drafts: EventDraft[]; now: Date }>): Promise<ChainEvent[][]> {
    const chains = appends.map(({ caseId, head, drafts, now }) => {
      const at = notBefore(now, head.at);
      let prev = head.seq > 0 ? { seq: head.seq, hash: head.hash } : null;
      return drafts.map((d) => {
        const ev = buildEvent(prev, { caseId, at, actor: { id: d.actor.id, role: d.actor.role }, action: d.action, data: d.data });
        prev = { seq: ev.seq, hash: ev.hash };
        return ev;
      });
    });
    const all = chains.flat();
    if (!all.length) return chains;
    if (new Set(appends.filter((a) => a.drafts.length).map((a) => a.caseId)).size !== appends.filter((a) => a.drafts.length).length) {
      throw new Error('appendManyCaseEvents: one append per case');
    }
    await db.query(
      `INSERT INTO case_events (case_id, seq, at, actor_id, actor_role, action, data, prev_hash, hash)
       SELECT e.case_id, e.seq, e.at, e.actor_id, e.actor_role, e.action, e.data, e.prev_hash, e.hash
         FROM jsonb_to_recordset($1::jsonb)
           AS e(case_id uuid, seq int, at timestamptz, actor_id text, actor_role text, action text, data jsonb, prev_hash text, hash text)
        ORDER BY e.case_id, e.seq`,
      [
        JSON.stringify(
          all.map((e) => ({ case_id: e.caseId, seq: e.seq, at: e.at, actor_id: e.actor.id, actor_role: e.actor.role, action: e.action, data: e.data, prev_hash: e.prevHash, hash: e.hash })),
        ),
      ],
    );
    return chains;
  }

  /** A case's chain head, locking the case row (for tools that append outside the write path, e.g. the demo seed). */
  async lockCaseHead(db: Db, caseId: string): Promise<ChainHeadRef> {
    const r = await one<{ seq: number; hash: string; at: Date | null }>(
      db,
      `SELECT last_event_seq AS seq, head_hash AS hash, head_at AS at FROM cases WHERE id = $1 FOR UPDATE`,
      [caseId],
    );
    return { seq: r.seq, hash: r.hash ?? GENESIS_HASH, at: r.at };
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
    const head = await one<{ seq: number; hash: string; at: Date | null }>(
      db,
      `SELECT last_seq AS seq, head_hash AS hash, head_at AS at FROM system_chain_head WHERE id = 1 FOR UPDATE`,
    );
    const ev = buildEvent(head.seq > 0 ? { seq: head.seq, hash: head.hash } : null, {
      caseId: null,
      at: notBefore(input.at ?? new Date(), head.at),
      actor: input.actor,
      action: input.action,
      data: input.data,
    });
    // the trigger system_events_follow_head checks the link and moves the head
    await db.query(
      `INSERT INTO system_events (seq, at, actor_id, actor_role, action, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [ev.seq, ev.at, ev.actor.id, ev.actor.role, ev.action, JSON.stringify(ev.data), ev.prevHash, ev.hash],
    );
    return ev;
  }
}

/** The system chain's append, for callers that hold no repository instance (the one implementation is above). */
export function appendSystemEvent(db: Db, input: Parameters<EventsRepository['appendSystemEvent']>[1]): Promise<ChainEvent> {
  return new EventsRepository().appendSystemEvent(db, input);
}
