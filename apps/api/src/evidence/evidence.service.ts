import { Inject, Injectable } from '@nestjs/common';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { EVIDENCE_TYPES, type EvidenceType, type EvidenceView } from '@sentinel/contracts';
import { assertActionAllowed, cleanEvidenceFileName, findPan, findPanPaths, type ChangeResult, type FieldErrors } from '@sentinel/domain';
import { CasesRepository, CaseWriter, EventsRepository, EvidenceRepository, toEvidenceView, type Db } from '@sentinel/persistence';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { auditActor, type Actor } from '../auth/actor';
import { assertUuid } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { assertStorageKey, EvidenceStorage, InvalidStorageKeyError, TooLargeError, type StagedFile } from './evidence-storage';
import { judgeEvidenceFile, TEXT_MEDIA_TYPES } from './media-type';

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
    private readonly cases: CasesRepository,
    private readonly evidence: EvidenceRepository,
    private readonly events: EventsRepository,
    private readonly writer: CaseWriter,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {
    this.storage = new EvidenceStorage(cfg.evidenceDir);
  }

  async upload(caseId: string, req: Request, actor: Actor): Promise<EvidenceView> {
    // Refuse before reading a byte when the caller may not add evidence to this case.
    assertUuid(caseId, 'case');
    const pre = await this.cases.loadState(this.ds, { id: caseId }, { lock: false });
    if (!pre) throw notFound('case', caseId);
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
    const verdict = await judgeEvidenceFile(file.head, file.fileName);
    if (!verdict.ok || !this.cfg.evidenceMediaTypes.includes(verdict.mediaType)) {
      const why = verdict.ok ? verdict.mediaType : verdict.reason;
      throw new ProblemException(
        'EVIDENCE.MEDIA_TYPE',
        `This kind of file is not accepted as evidence (${why}); allowed: PDF, PNG, JPEG, CSV, plain text (.txt, .log), JSON, XLSX`,
        { mediaType: verdict.mediaType, allowed: this.cfg.evidenceMediaTypes },
      );
    }
    const { mediaType, fileName } = verdict;
    const pan = findPanPaths({ description, fileName });
    if (pan.length || (TEXT_MEDIA_TYPES.has(mediaType) && findPan((await this.storage.readStaged(file)).toString('utf8')))) {
      throw new ProblemException('PAN.DETECTED', 'The evidence holds what looks like a full card number; mask card numbers (first 6 and last 4 digits at most) and upload again', {
        fields: pan.length ? pan : ['file'],
      });
    }

    const key = await this.storage.commit(file);
    const item = { type, fileName, size: file.size, mediaType, sha256: file.sha256, storageKey: key, description };
    return this.ds.transaction(async (tx) => {
      // The write path re-checks the guards on the locked case (it may have moved while the bytes streamed in).
      const done = await this.writer.change(tx, { id: caseId }, { kind: 'add_evidence', actor: { id: actor.id, role: actor.role }, item }, new Date());
      if (!done) throw notFound('case', caseId);
      return this.view(tx, done.plan.result);
    });
  }

  /** The item a change recorded, as served. */
  private async view(db: Db, result: ChangeResult | undefined): Promise<EvidenceView> {
    const row = result?.kind === 'evidence' ? await this.evidence.get(db, result.evidenceId) : undefined;
    if (!row) throw new Error('the evidence change recorded no item');
    return toEvidenceView(row);
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
      let bb: BusboyInstance;
      try {
        // @fastify/busboy (the maintained fork): parameters such as the file name are read as UTF-8 (`defCharset`).
        bb = new Busboy({ headers: req.headers as { 'content-type': string }, limits: { files: 1, fields: 10, fieldSize: 8 * 1024, parts: 20 }, defCharset: 'utf8' });
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
        // PostgreSQL refuses U+0000 in text (docs/api.md "Conventions"): never let it reach a column.
        if (value.includes('\u0000')) failed ??= validationFailed({ [name]: { code: 'INVALID', message: 'must not contain NUL characters (U+0000)' } });
        else if (['type', 'description'].includes(name)) out.fields[name] = value;
        else failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown field: ${name}`, { fields: [name] });
      });
      bb.on('file', (name, stream, filename) => {
        // A body cut short errors the file stream, maybe after staging detached from it: never an unhandled error
        // (staging sees the error while it reads; the parser's own 'error' answers the request).
        stream.on('error', () => undefined);
        if (name !== 'file') {
          stream.resume();
          failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown file field: ${name}`, { fields: [name] });
          return;
        }
        if (filename.includes('\u0000')) failed ??= validationFailed({ file: { code: 'INVALID', message: 'the file name must not contain NUL characters (U+0000)' } });
        const fileName = cleanEvidenceFileName(filename);
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
      bb.on('finish', finish);
      req.on('aborted', () => {
        failed ??= new ProblemException('REQUEST.MALFORMED', 'The upload was aborted');
        finish();
      });
      req.pipe(bb);
    });
  }

  async list(caseId: string): Promise<EvidenceView[]> {
    assertUuid(caseId, 'case');
    if (!(await this.cases.exists(this.ds, caseId))) throw notFound('case', caseId);
    return (await this.evidence.listOfCase(this.ds, caseId)).map(toEvidenceView);
  }

  async show(id: string): Promise<EvidenceView> {
    assertUuid(id, 'evidence');
    const row = await this.evidence.get(this.ds, id);
    if (!row) throw notFound('evidence', id);
    return toEvidenceView(row);
  }

  /** The bytes, recorded in the system chain (who downloaded what, when). */
  async open(id: string, actor: Actor) {
    assertUuid(id, 'evidence');
    const row = await this.evidence.get(this.ds, id);
    if (!row) throw notFound('evidence', id);
    try {
      assertStorageKey(row.storage_key, row.sha256);
    } catch (e) {
      if (!(e instanceof InvalidStorageKeyError)) throw e;
      throw new ProblemException('CONFLICT', 'The evidence record does not point at its own bytes (its storage key was changed); the file is not served');
    }
    await this.ds.transaction((em) =>
      this.events.appendSystemEvent(em, {
        actor: auditActor(actor),
        action: 'evidence.downloaded',
        data: { evidenceId: id, caseId: row.case_id, sha256: row.sha256, size: Number(row.size) },
      }),
    );
    return { row, stream: this.storage.read(row.storage_key, row.sha256) };
  }

  async remove(id: string, reason: string, actor: Actor): Promise<EvidenceView> {
    assertUuid(id, 'evidence');
    const pan = findPanPaths({ reason });
    if (pan.length) throw new ProblemException('PAN.DETECTED', 'The reason holds what looks like a full card number', { fields: pan });
    return this.ds.transaction(async (tx) => {
      const done = await this.writer.change(tx, { evidenceId: id }, { kind: 'remove_evidence', actor: { id: actor.id, role: actor.role }, evidenceId: id, reason }, new Date());
      if (!done) throw notFound('evidence', id);
      return this.view(tx, done.plan.result);
    });
  }
}
