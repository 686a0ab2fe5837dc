import type { EvidenceType, EvidenceView } from '@sentinel/contracts';
import { servedEvidenceName, type NewEvidence } from '@sentinel/domain';
import { int8, maybeOne, rows, type Db, type Statement } from '../sql';

/** An evidence row as selected, with the display names of who added and removed it. */
export interface EvidenceRow {
  id: string;
  case_id: string;
  type: EvidenceType;
  file_name: string;
  size: string | number;
  media_type: string;
  sha256: string;
  storage_key: string;
  description: string | null;
  added_by: string;
  added_by_name?: string | null;
  added_at: Date;
  removed_at: Date | null;
  removed_by: string | null;
  removed_by_name?: string | null;
  removal_reason: string | null;
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

export function toEvidenceView(e: EvidenceRow): EvidenceView {
  return {
    id: e.id,
    caseId: e.case_id,
    type: e.type,
    fileName: servedEvidenceName(e.file_name, e.media_type),
    size: int8(e.size) ?? 0,
    mediaType: e.media_type,
    sha256: e.sha256,
    description: e.description,
    addedBy: e.added_by,
    addedByName: e.added_by_name ?? null,
    addedAt: iso(e.added_at)!,
    removedAt: iso(e.removed_at),
    removedBy: e.removed_by,
    removedByName: e.removed_by_name ?? null,
    removalReason: e.removal_reason,
  };
}

const SELECT = `SELECT e.*, u.name AS added_by_name, r.name AS removed_by_name
  FROM evidence e JOIN users u ON u.id = e.added_by LEFT JOIN users r ON r.id = e.removed_by`;

/** Evidence items of a case (docs/domain.md "Evidence item"): never overwritten; removal is recorded, the bytes kept. */
export class EvidenceRepository {
  addStatement(caseId: string, i: NewEvidence): Statement {
    return {
      text: `INSERT INTO evidence (id, case_id, type, file_name, size, media_type, sha256, storage_key, description, added_by, added_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      values: [i.id, caseId, i.type, i.fileName, i.size, i.mediaType, i.sha256, i.storageKey, i.description, i.addedBy, i.addedAt],
    };
  }

  removeStatement(caseId: string, r: { evidenceId: string; removedBy: string; reason: string; removedAt: Date }): Statement {
    return {
      text: `UPDATE evidence SET removed_at = $3, removed_by = $4, removal_reason = $5 WHERE id = $1 AND case_id = $2 AND removed_at IS NULL`,
      values: [r.evidenceId, caseId, r.removedAt, r.removedBy, r.reason],
    };
  }

  async listOfCase(db: Db, caseId: string): Promise<EvidenceRow[]> {
    return rows<EvidenceRow>(db, `${SELECT} WHERE e.case_id = $1 ORDER BY e.added_at, e.id`, [caseId]);
  }

  async get(db: Db, id: string): Promise<EvidenceRow | undefined> {
    return maybeOne<EvidenceRow>(db, `${SELECT} WHERE e.id = $1`, [id]);
  }
}
