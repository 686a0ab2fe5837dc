import { Inject, Injectable } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { EVIDENCE_TYPES, type EvidenceType, type EvidenceView } from '@sentinel/contracts';
import { assertActionAllowed, findPan, findPanPaths, type FieldErrors } from '@sentinel/domain';
import { appendCaseEvent, appendSystemEvent, resultRows } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { CaseRepository, toEvidenceView } from '../cases/case.repository';
import { EvidenceStorage, TooLargeError, type StagedFile } from './evidence-storage';
import { sniffMediaType, TEXT_MEDIA_TYPES } from './media-type';

interface Upload {
  fields: Record<string, string>;
  file?: StagedFile & { fileName: string };
}

/** Evidence (docs/api.md "Evidence"): streamed upload while hashing, content-addressed bytes, removal as an event. */
@Injectable()
export class EvidenceService {
  private readonly storage: EvidenceStorage;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: CaseRepository,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {
    this.storage = new EvidenceStorage(cfg.evidenceDir);
  }

  async upload(caseId: string, req: Request, actor: Actor): Promise<EvidenceView> {
    // Refuse before reading a byte when the caller may not add evidence to this case.
    const pre = await this.ds.transaction((em) => this.repo.loadState(em, caseId, false));
    assertActionAllowed(pre.state, 'add_evidence', { id: actor.id, role: actor.role });

    const up = await this.receive(req);
    try {
      return await this.accept(caseId, up, actor);
    } finally {
      // whatever was not committed (refused, or the transaction failed) is not kept
      await this.storage.discard(up.file);
    }
  }

  /** Checks the staged upload, commits its bytes and records the evidence item. */
  private async accept(caseId: string, up: Upload, actor: Actor): Promise<EvidenceView> {
    const type = up.fields.type as EvidenceType;
    const errors: FieldErrors = {};
    if (!up.file) errors.file = { code: 'REQUIRED', message: 'is required (multipart field "file")' };
    if (!(EVIDENCE_TYPES as readonly string[]).includes(type)) errors.type = { code: type ? 'NOT_ALLOWED' : 'REQUIRED', message: `must be one of ${EVIDENCE_TYPES.join(', ')}` };
    const description = up.fields.description?.trim() || null;
    if (description && description.length > 2000) errors.description = { code: 'TOO_LONG', message: 'must be at most 2000 characters' };
    if (Object.keys(errors).length) throw validationFailed(errors);
    const file = up.file!;
    if (file.size === 0) throw validationFailed({ file: { code: 'REQUIRED', message: 'is empty' } });
    const mediaType = await sniffMediaType(file.head, file.fileName);
    if (!mediaType || !this.cfg.evidenceMediaTypes.includes(mediaType)) {
      throw new ProblemException(
        'EVIDENCE.MEDIA_TYPE',
        `This kind of file is not accepted as evidence (${mediaType ?? 'unrecognised or not matching its name'}); allowed: PDF, PNG, JPEG, CSV, plain text, JSON, XLSX`,
        { mediaType, allowed: this.cfg.evidenceMediaTypes },
      );
    }
    const pan = findPanPaths({ description, fileName: file.fileName });
    if (pan.length || (TEXT_MEDIA_TYPES.has(mediaType) && findPan((await this.storage.readStaged(file)).toString('utf8')))) {
      throw new ProblemException('PAN.DETECTED', 'The evidence holds what looks like a full card number; mask card numbers (first 6 and last 4 digits at most) and upload again', {
        fields: pan.length ? pan : ['file'],
      });
    }

    const key = await this.storage.commit(file);
    return this.ds.transaction(async (em) => {
      const { state } = await this.repo.loadState(em, caseId, true);
      assertActionAllowed(state, 'add_evidence', { id: actor.id, role: actor.role });
      const now = new Date();
      const [row] = await em.query(
        `INSERT INTO evidence (case_id, type, file_name, size, media_type, sha256, storage_key, description, added_by, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [caseId, type, file.fileName, file.size, mediaType, file.sha256, key, description, actor.id, now],
      );
      await em.query(`UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1`, [caseId, now]);
      await appendCaseEvent(em, caseId, {
        actor: auditActor(actor),
        action: 'evidence.added',
        data: { after: { evidenceId: row.id, type, fileName: file.fileName, size: file.size, mediaType, sha256: file.sha256 } },
        at: now,
      });
      return toEvidenceView(row);
    });
  }

  private receive(req: Request): Promise<Upload> {
    const ct = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(ct)) {
      return Promise.reject(new ProblemException('REQUEST.MEDIA_TYPE', 'Send the evidence as multipart/form-data with fields file, type and description'));
    }
    return new Promise<Upload>((resolve, reject) => {
      const out: Upload = { fields: {} };
      let pending: Promise<void> | null = null;
      let failed: unknown = null;
      let done = false;
      let bb: busboy.Busboy;
      try {
        bb = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 8 * 1024, parts: 20 }, defParamCharset: 'utf8' });
      } catch {
        reject(new ProblemException('REQUEST.MALFORMED', 'The multipart body could not be read (missing boundary?)'));
        return;
      }
      /**
       * Settles once the staged file (if any) is written (its failure may come after busboy's close):
       * resolves, or discards the bytes and rejects.
       */
      const finish = () => {
        if (done) return;
        done = true;
        void Promise.resolve(pending)
          .catch(() => undefined)
          .then(async () => {
            if (!failed) return resolve(out);
            await this.storage.discard(out.file).catch(() => undefined);
            reject(failed);
          });
      };
      /**
       * Stops parsing and reads off the rest of the request before answering (as body-parser and multer do):
       * once its file stream is destroyed busboy would never finish, and the request would hang.
       */
      const abort = (err: unknown) => {
        failed ??= err;
        req.unpipe(bb);
        if (req.readableEnded) return finish();
        req.once('end', finish);
        req.resume();
      };
      bb.on('field', (name, value) => {
        if (['type', 'description'].includes(name)) out.fields[name] = value;
        else failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown field: ${name}`, { fields: [name] });
      });
      bb.on('file', (name, stream, info) => {
        if (name !== 'file') {
          stream.resume();
          failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown file field: ${name}`, { fields: [name] });
          return;
        }
        const fileName = sanitiseFileName(info.filename);
        pending = this.storage.stage(stream, this.cfg.evidenceMaxBytes).then(
          (w) => {
            out.file = { fileName, ...w };
          },
          (e) => {
            abort(
              e instanceof TooLargeError
                ? new ProblemException('EVIDENCE.TOO_LARGE', `The file is larger than the limit of ${this.cfg.evidenceMaxBytes} bytes`, { maxBytes: this.cfg.evidenceMaxBytes })
                : e,
            );
          },
        );
      });
      bb.on('filesLimit', () => (failed ??= new ProblemException('REQUEST.MALFORMED', 'Upload one file at a time')));
      bb.on('error', () => abort(new ProblemException('REQUEST.MALFORMED', 'The multipart body is malformed')));
      bb.on('close', finish);
      req.on('aborted', () => {
        failed ??= new ProblemException('REQUEST.MALFORMED', 'The upload was aborted');
        finish();
      });
      req.pipe(bb);
    });
  }

  async list(caseId: string): Promise<EvidenceView[]> {
    assertUuid(caseId, 'case');
    const [c] = await this.ds.query(`SELECT 1 FROM cases WHERE id = $1`, [caseId]);
    if (!c) throw notFound('case', caseId);
    const rows = await this.ds.query(
      `SELECT e.*, u.name AS added_by_name FROM evidence e JOIN users u ON u.id = e.added_by WHERE e.case_id = $1 ORDER BY e.added_at`,
      [caseId],
    );
    return rows.map(toEvidenceView);
  }

  async show(id: string): Promise<EvidenceView> {
    assertUuid(id, 'evidence');
    const [row] = await this.ds.query(`SELECT e.*, u.name AS added_by_name FROM evidence e JOIN users u ON u.id = e.added_by WHERE e.id = $1`, [id]);
    if (!row) throw notFound('evidence', id);
    return toEvidenceView(row);
  }

  /** The bytes, recorded in the system chain (who downloaded what, when). */
  async open(id: string, actor: Actor) {
    assertUuid(id, 'evidence');
    const [row] = await this.ds.query(`SELECT * FROM evidence WHERE id = $1`, [id]);
    if (!row) throw notFound('evidence', id);
    await this.ds.transaction((em) =>
      appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'evidence.downloaded',
        data: { evidenceId: id, caseId: row.case_id, sha256: row.sha256, size: Number(row.size) },
      }),
    );
    return { row, stream: this.storage.read(row.storage_key) };
  }

  async remove(id: string, reason: string, actor: Actor): Promise<EvidenceView> {
    assertUuid(id, 'evidence');
    const pan = findPanPaths({ reason });
    if (pan.length) throw new ProblemException('PAN.DETECTED', 'The reason holds what looks like a full card number', { fields: pan });
    return this.ds.transaction(async (em) => {
      const [ev] = await em.query(`SELECT * FROM evidence WHERE id = $1`, [id]);
      if (!ev) throw notFound('evidence', id);
      const { state } = await this.repo.loadState(em, ev.case_id, true);
      assertActionAllowed(state, 'remove_evidence', { id: actor.id, role: actor.role });
      if (ev.removed_at) throw new ProblemException('CASE.ACTION_NOT_ALLOWED', 'This evidence item was already removed', { evidenceId: id });
      const now = new Date();
      const [row] = resultRows<Record<string, unknown>>(
        await em.query(`UPDATE evidence SET removed_at = $2, removed_by = $3, removal_reason = $4 WHERE id = $1 RETURNING *`, [id, now, actor.id, reason.trim()]),
      );
      await em.query(`UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1`, [ev.case_id, now]);
      await appendCaseEvent(em, ev.case_id, {
        actor: auditActor(actor),
        action: 'evidence.removed',
        data: { before: { evidenceId: id, type: ev.type, sha256: ev.sha256 }, reason: reason.trim() },
        at: now,
      });
      return toEvidenceView(row);
    });
  }
}

/** Keeps a display name only: no paths, no control characters, bounded length. */
function sanitiseFileName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? 'upload').split(/[\\/]/).pop()!.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return (base || 'upload').slice(0, 200);
}
