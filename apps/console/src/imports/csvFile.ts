/**
 * What the import screen shows of a CSV before sending it (docs/api.md "Historical import"): its header's columns
 * and how many data rows it has, read in the browser chunk by chunk (quoted fields may hold commas and line breaks;
 * blank lines are not rows). The count is the progress bar's total: the API only knows the rows it has read so far.
 */
export interface CsvSummary {
  header: string[];
  rows: number;
}

/** The cells of one CSV record (RFC 4180 quoting: `"a, ""b"""` → `a, "b"`). */
export function splitCsvRecord(record: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** Counts the records of a CSV fed in pieces of text; the first record is the header. */
export class CsvRecordCounter {
  private quoted = false;
  private records = 0;
  private content = false;
  private first = '';
  private firstDone = false;

  push(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '"') this.quoted = !this.quoted;
      if (!this.quoted && (c === '\n' || c === '\r')) {
        this.endRecord();
        continue;
      }
      if (!this.firstDone) this.first += c;
      if (c !== ' ' && c !== '\t' && !(this.records === 0 && c === '\uFEFF')) this.content = true;
    }
  }

  finish(): CsvSummary {
    this.endRecord();
    const header = this.first ? splitCsvRecord(this.first.replace(/^\uFEFF/, '')) : [];
    return { header, rows: Math.max(0, this.records - 1) };
  }

  private endRecord(): void {
    if (!this.content) {
      if (!this.firstDone) this.first = '';
      return;
    }
    this.records++;
    this.firstDone = true;
    this.content = false;
  }
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Reads a file as UTF-8 in slices (a 200 MB file never sits in memory as one string). */
export async function summariseCsv(file: Blob, chunkBytes = CHUNK_BYTES): Promise<CsvSummary> {
  const counter = new CsvRecordCounter();
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < file.size; at += chunkBytes) {
    counter.push(decoder.decode(await file.slice(at, at + chunkBytes).arrayBuffer(), { stream: true }));
  }
  counter.push(decoder.decode());
  return counter.finish();
}
