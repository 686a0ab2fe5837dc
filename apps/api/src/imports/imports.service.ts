import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { parse } from 'csv-parse';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { ImportView } from '@sentinel/contracts';
import { ImportsRepository, type ImportRow } from '@sentinel/persistence';
import { auditActor, type Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { assertUuid } from '../common/list-query';
import { notFound, ProblemException, validationFailed } from '../common/problem.exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { checkHeader, ImportFileError } from './import-row';
import { HistoricalImport, type ImportCounts } from './import-runner';

/** The largest CSV `POST /api/imports` takes (larger files: the CLI). */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

class TooLarge extends Error {}

interface Staged {
  dir: string;
  path: string;
  sha256: string;
  size: number;
}

/**
 * `POST /api/imports` (docs/api.md "Historical import"): the CSV staged to a temporary file (hashed while written),
 * its header checked, then imported in the background by the admin (events by them, `data.imported.importId`);
 * `GET /api/imports/:id` shows the progress. The start and the end are recorded in the system chain
 * (`import.started`, `import.finished`). An import running when the process stops is marked failed at shutdown
 * after its current chunk; running the file again imports the rest.
 */
@Injectable()
export class ImportsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('imports');
  private readonly running = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly ds: DataSource,
    private readonly imports: ImportsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async start(req: Request, actor: Actor): Promise<ImportView> {
    const staged = await this.receive(req);
    try {
      await this.assertHeader(staged.path);
      const id = await this.ds.transaction(async (tx) => {
        const created = await this.imports.create(tx, { fileSha256: staged.sha256, createdBy: actor.id });
        await this.audit.appendSystemEvent(tx, { actor: auditActor(actor), action: 'import.started', data: { importId: created, fileSha256: staged.sha256, size: staged.size } });
        return created;
      });
      const run = this.run(id, staged, actor).finally(() => this.running.delete(run));
      this.running.add(run);
      return this.show(id);
    } catch (e) {
      await rm(staged.dir, { recursive: true, force: true });
      throw e;
    }
  }

  async show(id: string): Promise<ImportView> {
    assertUuid(id, 'import');
    const row = await this.imports.get(this.ds, id);
    if (!row) throw notFound('import', id);
    return toImportView(row);
  }

  /** A running import stops after the chunk it is writing and is marked failed (the file can be run again). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  private async run(id: string, staged: Staged, actor: Actor): Promise<void> {
    let last: ImportCounts = { rows: 0, imported: 0, skipped: 0, failed: 0 };
    const progress = (c: ImportCounts, errors: ImportView['errors']) => ({ rows: c.rows, done: c.imported + c.skipped, skipped: c.skipped, failed: c.failed, errors });
    let errors: ImportView['errors'] = [];
    try {
      const s = await new HistoricalImport(this.ds).run(createReadStream(staged.path), {
        actor: auditActor(actor),
        submittedBy: { id: actor.id, role: actor.role },
        source: { importId: id, fileSha256: staged.sha256 },
        dryRun: false,
        defaultTimeZone: this.cfg.defaultTimeZone,
        signal: this.stopping.signal,
        onProgress: async (c, e) => {
          last = c;
          errors = e;
          await this.imports.update(this.ds, id, progress(c, e));
        },
      });
      await this.finish(id, actor, { ...progress(s, s.errors), finished: 'done' }, { rows: s.rows, imported: s.imported, skipped: s.skipped, failed: s.failed });
    } catch (e) {
      this.logger.error(`import ${id} failed: ${(e as Error).message}`);
      await this.finish(id, actor, { ...progress(last, errors), finished: 'failed' }, { ...last, error: (e as Error).message }).catch(() => undefined);
    } finally {
      await rm(staged.dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async finish(id: string, actor: Actor, p: Parameters<ImportsRepository['update']>[2], data: Record<string, unknown>): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await this.imports.update(tx, id, p);
      await this.audit.appendSystemEvent(tx, { actor: auditActor(actor), action: 'import.finished', data: { importId: id, status: p.finished, ...data } });
    });
  }

  /** The header row, judged before answering: a file that cannot be imported at all is a 422, not a failed import. */
  private async assertHeader(path: string): Promise<void> {
    const parser = createReadStream(path).pipe(parse({ bom: true, to_line: 1, relax_column_count: true }));
    try {
      for await (const header of parser as AsyncIterable<string[]>) checkHeader(header.map((h) => h.trim()));
    } catch (e) {
      const message = e instanceof ImportFileError ? e.message : `not a readable CSV file: ${(e as Error).message}`;
      throw validationFailed({ file: { code: 'INVALID', message } });
    }
  }

  /** The multipart body's one `file` part, streamed to a temporary file and hashed (SHA-256) on the way. */
  private receive(req: Request): Promise<Staged> {
    const ct = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data/i.test(ct)) return Promise.reject(new ProblemException('REQUEST.MEDIA_TYPE', 'Send the CSV as multipart/form-data with the field file'));
    return new Promise<Staged>((resolve, reject) => {
      let bb: BusboyInstance;
      try {
        bb = new Busboy({ headers: req.headers as { 'content-type': string }, limits: { files: 1, fields: 0, parts: 5 }, defCharset: 'utf8' });
      } catch {
        reject(new ProblemException('REQUEST.MALFORMED', 'The multipart body could not be read (missing boundary?)'));
        return;
      }
      let failed: unknown = null;
      let staging: Promise<Staged> | null = null;
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        void (staging ?? Promise.resolve(null)).then(
          async (s) => {
            if (!failed && s) return resolve(s);
            if (s) await rm(s.dir, { recursive: true, force: true });
            reject(failed ?? validationFailed({ file: { code: 'REQUIRED', message: 'is required (a CSV file)' } }));
          },
          (e: unknown) => reject(e instanceof TooLarge ? new ProblemException('REQUEST.TOO_LARGE', `The file is larger than ${IMPORT_MAX_BYTES} bytes; use npm run import`, { maxBytes: IMPORT_MAX_BYTES }) : e),
        );
      };
      bb.on('field', (name) => (failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown field: ${name}`, { fields: [name] })));
      bb.on('fieldsLimit', () => (failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', 'Only the field file is taken', { fields: [] })));
      bb.on('file', (name, stream) => {
        stream.on('error', () => undefined);
        if (name !== 'file') {
          stream.resume();
          failed ??= new ProblemException('REQUEST.UNKNOWN_FIELD', `Unknown file field: ${name}`, { fields: [name] });
          return;
        }
        staging = stage(stream);
        // Too large (or a write failure): stop parsing, read off the rest of the request, answer (busboy would never finish).
        staging.catch(() => {
          req.unpipe(bb);
          req.resume();
          settle();
        });
      });
      bb.on('filesLimit', () => (failed ??= new ProblemException('REQUEST.MALFORMED', 'Upload one file at a time')));
      bb.on('error', () => {
        failed ??= new ProblemException('REQUEST.MALFORMED', 'The multipart body is malformed');
        settle();
      });
      bb.on('finish', settle);
      req.on('aborted', () => {
        failed ??= new ProblemException('REQUEST.MALFORMED', 'The upload was aborted');
        settle();
      });
      req.pipe(bb);
    });
  }
}

/** Writes the stream to a new temporary directory, hashing it and refusing more than IMPORT_MAX_BYTES. */
async function stage(stream: Readable): Promise<Staged> {
  const dir = await mkdtemp(join(tmpdir(), 'sn-import-'));
  const path = join(dir, 'upload.csv');
  const hash = createHash('sha256');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > IMPORT_MAX_BYTES) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, count, createWriteStream(path));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { dir, path, sha256: hash.digest('hex'), size };
}

export function toImportView(r: ImportRow): ImportView {
  return {
    id: r.id,
    status: r.status,
    rows: r.rows,
    done: r.done,
    skipped: r.skipped,
    failed: r.failed,
    errors: r.errors,
    fileSha256: r.fileSha256,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  };
}
