import type { DataSource } from 'typeorm';
import {
  checkpointHash,
  GENESIS_HASH,
  MerkleRoot,
  signCheckpointHash,
  toIsoMillis,
  type Checkpoint,
  type CheckpointBody,
  type CheckpointLeaf,
} from '@sentinel/domain';
import { maybeOne, one, rows, type Db } from '../sql';
import type { AuditSigningKey } from './signing-key';

interface CheckpointRow {
  id: string;
  seq: number;
  at: Date;
  system_head_seq: number;
  system_head_hash: string;
  cases_root: string;
  case_count: number;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
  created_by: string;
}

export interface StoredCheckpoint extends Checkpoint {
  createdBy: string;
}

function toCheckpoint(r: CheckpointRow): StoredCheckpoint {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at.toISOString(),
    systemHead: { seq: r.system_head_seq, hash: r.system_head_hash },
    casesRoot: r.cases_root,
    caseCount: r.case_count,
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature,
    keyId: r.key_id,
    createdBy: r.created_by,
  };
}

/** What writing a checkpoint found: the checkpoint, and heads it refused to take over (see `write`). */
export interface CheckpointWritten {
  checkpoint: StoredCheckpoint;
  leavesWritten: number;
  /** cases whose chain no longer holds what the previous checkpoint recorded, or whose head is not its last event */
  anomalies: Array<{ caseId: string; reason: 'case_missing' | 'head_regressed' | 'head_unbacked' }>;
}

/** A leaf of the latest checkpoint held against the events now in the database. */
export interface LeafAgainstData extends CheckpointLeaf {
  /** the hash of the case's event at `lastEventSeq` now (null when there is none) */
  eventHash: string | null;
  /** the case's highest event seq now (null: no events at all) */
  maxSeq: number | null;
}

const BATCH = 5000;
const LOCK = `pg_try_advisory_xact_lock(hashtext('sn:audit'), hashtext('checkpoint'))`;
const LATEST_LEAVES = (upTo: string) =>
  `SELECT DISTINCT ON (case_id) case_id, last_event_seq, head_hash FROM audit_checkpoint_leaves WHERE checkpoint_seq <= ${upTo} ORDER BY case_id, checkpoint_seq DESC`;

interface MergeRow {
  case_id: string;
  cur_seq: number | null;
  cur_hash: string | null;
  cur_event_hash: string | null;
  prev_seq: number | null;
  prev_hash: string | null;
  prev_event_hash: string | null;
}

/**
 * Signed checkpoints of the audit chains (docs/api.md "Checkpoints"): `audit_checkpoints` and the leaves that changed
 * since the checkpoint before (`audit_checkpoint_leaves`); a checkpoint's leaves are each case's latest leaf at or
 * below its seq. Append-only, like the events.
 */
export class CheckpointsRepository {
  /**
   * Writes the next checkpoint from one consistent snapshot (REPEATABLE READ) under an advisory lock (a second
   * writer waits for the first and then checkpoints after it). Case heads are streamed in `caseId` order through
   * the Merkle root, so memory stays flat at any number of cases. A head is taken over only when the chain still
   * holds what the previous checkpoint recorded (the event at its seq has its hash) and the head is the case's real
   * last event; otherwise the previous leaf is kept — a checkpoint never blesses a cut or rewritten chain — and the
   * case is reported as an anomaly.
   */
  async write(ds: DataSource, key: AuditSigningKey, createdBy: string, now = new Date()): Promise<CheckpointWritten> {
    for (let attempt = 0; ; attempt++) {
      const qr = ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction('REPEATABLE READ');
        const [{ locked }] = await rows<{ locked: boolean }>(qr, `SELECT ${LOCK} AS locked`);
        if (!locked) {
          await qr.rollbackTransaction();
          if (attempt > 100) throw new Error('another audit checkpoint is being written; try again');
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const result = await this.writeLocked(qr, key, createdBy, now);
        await qr.commitTransaction();
        return result;
      } catch (e) {
        if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
        throw e;
      } finally {
        await qr.release();
      }
    }
  }

  private async writeLocked(db: Db, key: AuditSigningKey, createdBy: string, now: Date): Promise<CheckpointWritten> {
    const prev = await maybeOne<CheckpointRow>(db, `SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`);
    const seq = (prev?.seq ?? 0) + 1;
    const sys = await one<{ last_seq: number; head_hash: string }>(db, `SELECT last_seq, head_hash FROM system_chain_head WHERE id = 1`);
    await db.query(
      `DECLARE cp_heads NO SCROLL CURSOR FOR
       SELECT coalesce(c.id, l.case_id)::text AS case_id, c.last_event_seq AS cur_seq, c.head_hash AS cur_hash, ce.hash AS cur_event_hash,
              l.last_event_seq AS prev_seq, l.head_hash AS prev_hash, le.hash AS prev_event_hash
         FROM (SELECT id, last_event_seq, head_hash FROM cases WHERE last_event_seq > 0) c
         FULL JOIN (${LATEST_LEAVES(String(seq - 1))}) l ON l.case_id = c.id
         LEFT JOIN case_events ce ON ce.case_id = c.id AND ce.seq = c.last_event_seq
         LEFT JOIN case_events le ON le.case_id = l.case_id AND le.seq = l.last_event_seq
        ORDER BY coalesce(c.id, l.case_id)`,
    );
    const merkle = new MerkleRoot();
    const anomalies: CheckpointWritten['anomalies'] = [];
    let leavesWritten = 0;
    for (;;) {
      const batch = await rows<MergeRow>(db, `FETCH ${BATCH} FROM cp_heads`);
      const changed: CheckpointLeaf[] = [];
      for (const r of batch) {
        const previous = r.prev_seq !== null ? { caseId: r.case_id, lastEventSeq: r.prev_seq, headHash: r.prev_hash! } : null;
        const current = r.cur_seq !== null ? { caseId: r.case_id, lastEventSeq: r.cur_seq, headHash: r.cur_hash! } : null;
        let leaf: CheckpointLeaf | null;
        if (!current) {
          anomalies.push({ caseId: r.case_id, reason: 'case_missing' });
          leaf = previous;
        } else if (r.cur_event_hash !== current.headHash) {
          anomalies.push({ caseId: r.case_id, reason: 'head_unbacked' });
          leaf = previous;
        } else if (previous && (current.lastEventSeq < previous.lastEventSeq || r.prev_event_hash !== previous.headHash)) {
          anomalies.push({ caseId: r.case_id, reason: 'head_regressed' });
          leaf = previous;
        } else {
          leaf = current;
          if (!previous || previous.lastEventSeq !== current.lastEventSeq || previous.headHash !== current.headHash) changed.push(current);
        }
        if (leaf) merkle.addLeaf(leaf);
      }
      if (changed.length) {
        await db.query(
          `INSERT INTO audit_checkpoint_leaves (checkpoint_seq, case_id, last_event_seq, head_hash)
           SELECT $1, l.case_id, l.last_event_seq, l.head_hash FROM jsonb_to_recordset($2::jsonb) AS l(case_id uuid, last_event_seq int, head_hash text)`,
          [seq, JSON.stringify(changed.map((l) => ({ case_id: l.caseId, last_event_seq: l.lastEventSeq, head_hash: l.headHash })))],
        );
        leavesWritten += changed.length;
      }
      if (batch.length < BATCH) break;
    }
    await db.query(`CLOSE cp_heads`);
    const body: CheckpointBody = {
      seq,
      at: toIsoMillis(now),
      systemHead: { seq: sys.last_seq, hash: sys.head_hash },
      casesRoot: merkle.root(),
      caseCount: merkle.count,
      prevHash: prev?.hash ?? GENESIS_HASH,
      keyId: key.keyId,
    };
    const hash = checkpointHash(body);
    const signature = signCheckpointHash(hash, key.privateKey);
    const row = await one<CheckpointRow>(
      db,
      `INSERT INTO audit_checkpoints (seq, at, system_head_seq, system_head_hash, cases_root, case_count, prev_hash, hash, signature, key_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [body.seq, body.at, body.systemHead.seq, body.systemHead.hash, body.casesRoot, body.caseCount, body.prevHash, hash, signature, body.keyId, createdBy],
    );
    return { checkpoint: toCheckpoint(row), leavesWritten, anomalies };
  }

  async latest(db: Db): Promise<StoredCheckpoint | undefined> {
    const r = await maybeOne<CheckpointRow>(db, `SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`);
    return r && toCheckpoint(r);
  }

  async get(db: Db, id: string): Promise<StoredCheckpoint | undefined> {
    const r = await maybeOne<CheckpointRow>(db, `SELECT * FROM audit_checkpoints WHERE id = $1`, [id]);
    return r && toCheckpoint(r);
  }

  /** A page (`offset`/`limit`, by seq or id), or the checkpoints of `ids`; and the total. */
  async list(
    db: Db,
    offset: number,
    limit: number,
    by: 'seq' | 'id' = 'seq',
    order: 'ASC' | 'DESC' = 'DESC',
    ids?: string[],
  ): Promise<{ rows: StoredCheckpoint[]; total: number }> {
    const dir = order === 'ASC' ? 'ASC' : 'DESC';
    const col = by === 'id' ? 'id' : 'seq';
    if (ids) {
      const list = await rows<CheckpointRow>(db, `SELECT * FROM audit_checkpoints WHERE id::text = ANY($1) ORDER BY ${col} ${dir}`, [ids]);
      return { rows: list.map(toCheckpoint), total: list.length };
    }
    const list = await rows<CheckpointRow>(db, `SELECT * FROM audit_checkpoints ORDER BY ${col} ${dir} OFFSET $1 LIMIT $2`, [offset, limit]);
    const { n } = await one<{ n: number }>(db, `SELECT count(*)::int AS n FROM audit_checkpoints`);
    return { rows: list.map(toCheckpoint), total: n };
  }

  /** One page of a checkpoint's leaves in `caseId` order, after `afterCaseId`. */
  async leaves(db: Db, checkpointSeq: number, afterCaseId: string | null, limit = BATCH): Promise<CheckpointLeaf[]> {
    const list = await rows<{ case_id: string; last_event_seq: number; head_hash: string }>(
      db,
      `SELECT DISTINCT ON (case_id) case_id::text, last_event_seq, head_hash FROM audit_checkpoint_leaves
        WHERE checkpoint_seq <= $1 AND case_id > $2::uuid ORDER BY case_id, checkpoint_seq DESC LIMIT $3`,
      [checkpointSeq, afterCaseId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return list.map((r) => ({ caseId: r.case_id, lastEventSeq: r.last_event_seq, headHash: r.head_hash }));
  }

  /** One case's leaf in a checkpoint (its latest at or below the checkpoint's seq). */
  async leafOf(db: Db, checkpointSeq: number, caseId: string): Promise<CheckpointLeaf | undefined> {
    const r = await maybeOne<{ last_event_seq: number; head_hash: string }>(
      db,
      `SELECT last_event_seq, head_hash FROM audit_checkpoint_leaves WHERE case_id = $1 AND checkpoint_seq <= $2 ORDER BY checkpoint_seq DESC LIMIT 1`,
      [caseId, checkpointSeq],
    );
    return r && { caseId, lastEventSeq: r.last_event_seq, headHash: r.head_hash };
  }

  /** One page of a checkpoint's leaves with what the events hold now (verify; docs/api.md "Checkpoints"). */
  async leavesAgainstData(db: Db, checkpointSeq: number, afterCaseId: string | null, caseId?: string, limit = BATCH): Promise<LeafAgainstData[]> {
    const list = await rows<{ case_id: string; last_event_seq: number; head_hash: string; event_hash: string | null; max_seq: number | null }>(
      db,
      `SELECT l.case_id::text, l.last_event_seq, l.head_hash, e.hash AS event_hash,
              (SELECT max(x.seq) FROM case_events x WHERE x.case_id = l.case_id) AS max_seq
         FROM (SELECT DISTINCT ON (case_id) case_id, last_event_seq, head_hash FROM audit_checkpoint_leaves
                WHERE checkpoint_seq <= $1 AND case_id > $2::uuid AND ($4::uuid IS NULL OR case_id = $4::uuid)
                ORDER BY case_id, checkpoint_seq DESC LIMIT $3) l
         LEFT JOIN case_events e ON e.case_id = l.case_id AND e.seq = l.last_event_seq
        ORDER BY l.case_id`,
      [checkpointSeq, afterCaseId ?? '00000000-0000-0000-0000-000000000000', limit, caseId ?? null],
    );
    return list.map((r) => ({ caseId: r.case_id, lastEventSeq: r.last_event_seq, headHash: r.head_hash, eventHash: r.event_hash, maxSeq: r.max_seq }));
  }

  /** The hash of the system event at `seq` (null when there is none). */
  async systemEventHash(db: Db, seq: number): Promise<string | null> {
    const r = await maybeOne<{ hash: string }>(db, `SELECT hash FROM system_events WHERE seq = $1`, [seq]);
    return r?.hash ?? null;
  }
}
