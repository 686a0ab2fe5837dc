import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { DataSource, EntityManager } from 'typeorm';
import { importedEventData, planChange, type AuditActor, type ChangePlan, type ImportedReport } from '@sentinel/domain';
import { CaseWriter, ImportsRepository, ReportsRepository, type ReportedTerminal } from '@sentinel/persistence';
import { checkHeader, ImportFileError, incomingReport, parseImportRow, type ImportError, type ImportRowOk } from './import-row';

/** Rows per transaction (docs/api.md "Historical import"). */
export const IMPORT_CHUNK_ROWS = 1000;
/** Chunks in the database at once (each in its own transaction and connection). */
export const IMPORT_WRITERS = 2;
/** Error entries kept (the first ones; `failed` still counts every refused row). */
export const IMPORT_MAX_ERRORS = 10_000;

export interface ImportCounts {
  /** data rows read so far */
  rows: number;
  /** rows stored as reports (new cases or links) */
  imported: number;
  /** rows whose externalId was imported before (by an earlier run, or an earlier row of this file) */
  skipped: number;
  /** rows refused (each with one or more entries in `errors`) */
  failed: number;
}

export interface ImportSummary extends ImportCounts {
  errors: ImportError[];
  ms: number;
  rowsPerSecond: number;
  dryRun: boolean;
}

export interface ImportOptions {
  /** the events' actor: `system:import` for the CLI, the admin over HTTP */
  actor: AuditActor;
  /** the reports' submitter (a users row) */
  submittedBy: { id: string; role: string };
  /** named in every event's `data.imported` */
  source: { fileSha256?: string; importId?: string };
  /** validate only: nothing is written (already imported rows are still counted as skipped) */
  dryRun: boolean;
  /** the time zone for priority's "off hours" when the terminal has none */
  defaultTimeZone: string;
  chunkRows?: number;
  /** stops the import after the chunk being written (it ends with an error; the chunks committed stay) */
  signal?: AbortSignal;
  /** after each chunk (and once at the end) */
  onProgress?: (counts: ImportCounts, errors: ImportError[]) => void | Promise<void>;
}

const sameRow = (a: ImportRowOk) => ({ sn: a.sn, idempotency: { scope: 'import', key: a.externalId } });

/**
 * The historical import (docs/api.md "Historical import"): the CSV parsed as a stream, each row judged like a
 * POST /api/reports body, the valid ones applied ~1,000 per transaction. A bad row is an error entry and the
 * others continue; a database error ends the import (the chunks committed before it stay, and running the file
 * again skips them by `externalId`).
 */
export class HistoricalImport {
  private readonly imports = new ImportsRepository();
  private readonly reports = new ReportsRepository();
  private readonly writer = new CaseWriter();

  constructor(private readonly ds: DataSource) {}

  async run(input: Readable, opts: ImportOptions): Promise<ImportSummary> {
    const t0 = process.hrtime.bigint();
    const counts: ImportCounts = { rows: 0, imported: 0, skipped: 0, failed: 0 };
    const errors: ImportError[] = [];
    const seen = new Set<string>();
    const chunkRows = opts.chunkRows ?? IMPORT_CHUNK_ROWS;
    const parser = input.pipe(parse({ columns: (header: string[]) => checkHeader(header.map((h) => h.trim())), bom: true, skip_empty_lines: true, relax_column_count: true }));
    let chunk: ImportRowOk[] = [];
    // Up to IMPORT_WRITERS chunks are in the database at once while the next one is parsed and judged. Each chunk
    // takes its intake locks only once the chunk before holds its own, so rows of one SN still apply in file order
    // (a later chunk sharing an SN waits for the earlier one's commit).
    const inFlight: Array<Promise<unknown>> = [];
    let locked: Promise<void> = Promise.resolve();
    const settleOldest = async () => {
      const failed = await inFlight.shift();
      if (failed) throw failed;
    };
    const flush = async () => {
      if (!chunk.length) return;
      while (inFlight.length >= IMPORT_WRITERS) await settleOldest();
      const rows = chunk;
      chunk = [];
      const before = locked;
      let markLocked: () => void = () => undefined;
      locked = new Promise<void>((resolve) => (markLocked = resolve));
      const job = (async () => {
        try {
          const done = opts.dryRun ? await this.dryRunChunk(rows) : await this.ds.transaction((tx) => this.applyChunk(tx, rows, opts, before, markLocked));
          counts.imported += done.imported;
          counts.skipped += done.skipped;
          await opts.onProgress?.({ ...counts }, errors);
        } finally {
          markLocked();
        }
      })().then(
        () => null,
        (e: unknown) => e ?? new Error('import chunk failed'),
      );
      inFlight.push(job);
    };
    for await (const record of csvRecords(parser)) {
      if (opts.signal?.aborted) {
        await Promise.all(inFlight);
        throw new Error('the import was stopped (the API is shutting down); run the file again to import the rest');
      }
      const row = ++counts.rows;
      const judged = parseImportRow(record, row, new Date());
      if ('errors' in judged) {
        counts.failed++;
        if (errors.length < IMPORT_MAX_ERRORS) errors.push(...judged.errors.slice(0, IMPORT_MAX_ERRORS - errors.length));
        continue;
      }
      if (seen.has(judged.ok.externalId)) {
        counts.skipped++;
        continue;
      }
      seen.add(judged.ok.externalId);
      chunk.push(judged.ok);
      if (chunk.length >= chunkRows) await flush();
    }
    await flush();
    while (inFlight.length) await settleOldest();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ...counts, errors, ms, rowsPerSecond: ms > 0 ? Math.round((counts.rows * 1000) / ms) : counts.rows, dryRun: opts.dryRun };
  }

  /** `--dry-run`: the rows already imported are counted, nothing is written. */
  private async dryRunChunk(rows: ImportRowOk[]): Promise<{ imported: number; skipped: number }> {
    const known = await this.imports.knownExternalIds(this.ds, rows.map((r) => r.externalId));
    return { imported: rows.length - known.size, skipped: known.size };
  }

  /**
   * One chunk in the caller's transaction: the rows' intake locks (their SNs and external ids, in one global
   * order; taken after the chunk before took its own), what is already imported, the terminals, then the plans. Rows of one SN without an open case make one
   * case (the first opens it, later open rows link); a closed row is a case of its own; a row whose SN has an open
   * case from before the chunk links to it through the case writer (`link_report`).
   */
  private async applyChunk(
    tx: EntityManager,
    rows: ImportRowOk[],
    opts: ImportOptions,
    before: Promise<void>,
    locked: () => void,
  ): Promise<{ imported: number; skipped: number }> {
    await this.imports.relaxCommit(tx);
    await before;
    await this.reports.lockIntakeMany(tx, rows.map(sameRow));
    locked();
    const known = await this.imports.knownExternalIds(tx, rows.map((r) => r.externalId));
    const todo = rows.filter((r) => !known.has(r.externalId));
    if (!todo.length) return { imported: 0, skipped: known.size };
    const now = new Date();
    const { terminals, openCaseSns } = await this.imports.upsertTerminals(tx, reportedTerminals(todo));

    const groups: Array<{ rows: ImportRowOk[]; closing: ImportRowOk['closing'] }> = [];
    const openGroups = new Map<string, { rows: ImportRowOk[]; closing: null }>();
    const links: ImportRowOk[] = [];
    for (const r of todo) {
      if (r.closing) groups.push({ rows: [r], closing: r.closing });
      else if (openCaseSns.has(r.sn)) links.push(r);
      else if (openGroups.has(r.sn)) openGroups.get(r.sn)!.rows.push(r);
      else {
        const g = { rows: [r], closing: null };
        openGroups.set(r.sn, g);
        groups.push(g);
      }
    }
    const bankOf = (r: ImportRowOk) => terminals.get(r.sn)?.bankCode ?? r.bankCode;
    const codes = [...new Set(groups.map((g) => bankOf(g.rows[0])).filter((c): c is string => !!c))];
    const lookups = await this.imports.chunkLookups(tx, codes, groups.length);
    const plans: ChangePlan[] = groups.map((g, i) => {
      const terminal = terminals.get(g.rows[0].sn)!;
      const code = bankOf(g.rows[0]);
      const reports: ImportedReport[] = g.rows.map((r) => ({ report: incomingReport(r, opts.submittedBy, now), externalId: r.externalId, row: r.row, occurredAt: r.occurredAt }));
      return planChange(
        null,
        {
          kind: 'import_case',
          actor: opts.actor,
          reports,
          referenceSeq: lookups.referenceSeqs[i],
          terminal,
          bank: code ? { code, active: lookups.banks.get(code)?.active ?? false } : null,
          teamId: lookups.teams.get(code ?? '') ?? lookups.teams.get('') ?? null,
          timeZone: terminal.timeZone ?? opts.defaultTimeZone,
          source: opts.source,
          closing: g.closing,
        },
        { now, newId: randomUUID },
      );
    });
    await this.imports.insertNewCases(tx, plans, now);
    for (const r of links) {
      const timeZone = terminals.get(r.sn)?.timeZone ?? opts.defaultTimeZone;
      const report = incomingReport(r, opts.submittedBy, now);
      const imported = importedEventData(opts.source, { report, externalId: r.externalId, row: r.row, occurredAt: r.occurredAt });
      const linked = await this.writer.change(tx, { openCaseOfSn: r.sn }, { kind: 'link_report', actor: opts.actor, report, timeZone, imported }, now);
      if (!linked) throw new Error(`the open case of ${r.sn} went away under its intake lock`);
    }
    return { imported: todo.length, skipped: known.size };
  }
}

/** The parser's records; a file that is not CSV (an unclosed quote, …) is an ImportFileError. */
async function* csvRecords(parser: AsyncIterable<unknown>): AsyncGenerator<Record<string, string | undefined>> {
  try {
    for await (const record of parser) yield record as Record<string, string | undefined>;
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new ImportFileError(`not a readable CSV file: ${(e as Error).message}`);
    throw e;
  }
}

/** One terminal per SN, each field from the first row that has it (a report fills blanks). */
function reportedTerminals(rows: ImportRowOk[]): ReportedTerminal[] {
  const bySn = new Map<string, ReportedTerminal>();
  for (const r of rows) {
    const t = { sn: r.sn, model: r.dto.terminalModel ?? null, tid: r.tid, bankCode: r.bankCode, merchantId: r.merchantId, merchantName: r.dto.merchantName ?? null };
    const had = bySn.get(r.sn);
    bySn.set(
      r.sn,
      had
        ? { sn: r.sn, model: had.model ?? t.model, tid: had.tid ?? t.tid, bankCode: had.bankCode ?? t.bankCode, merchantId: had.merchantId ?? t.merchantId, merchantName: had.merchantName ?? t.merchantName }
        : t,
    );
  }
  return [...bySn.values()];
}
