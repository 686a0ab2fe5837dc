import { Blob as NodeBlob } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { CsvRecordCounter, splitCsvRecord, summariseCsv } from './csvFile';
import { importProgress } from './importProgress';

const count = (...pieces: string[]) => {
  const c = new CsvRecordCounter();
  for (const p of pieces) c.push(p);
  return c.finish();
};

describe('CSV summary', () => {
  it('should count data rows after the header, with quoted line breaks and commas, CRLF and blank lines', () => {
    const csv = 'externalId,sn,description\r\nH-1,PAX-1,"two\nlines, and a ""quote"""\r\n\r\nH-2,PAX-2,\n   \nH-3,PAX-3,x';
    expect(count(csv)).toEqual({ header: ['externalId', 'sn', 'description'], rows: 3 });
  });

  it('should count the same when the text arrives split inside a quoted field and inside CRLF', () => {
    const csv = '\uFEFFexternalId,"s""n"\r\nA,"x\r\ny"\r\nB,z\r\n';
    const whole = count(csv);
    expect(whole).toEqual({ header: ['externalId', 's"n'], rows: 2 });
    for (let i = 1; i < csv.length; i++) expect(count(csv.slice(0, i), csv.slice(i))).toEqual(whole);
  });

  it('should say an empty file has no header and no rows', () => {
    expect(count('')).toEqual({ header: [], rows: 0 });
    expect(count('\n\n')).toEqual({ header: [], rows: 0 });
    expect(count('externalId\n')).toEqual({ header: ['externalId'], rows: 0 });
  });

  it('should split a record into unquoted cells', () => {
    expect(splitCsvRecord('a, "b,c" ,"d ""e"""')).toEqual(['a', 'b,c', 'd "e"']);
  });

  // jsdom's Blob cannot be read as bytes: Node's, as browsers' can
  it('should read a Blob in slices, a character split between two', async () => {
    const big = ['externalId,sn', ...Array.from({ length: 5000 }, (_, i) => `R-${i},"PAX\n${i} 中"`)].join('\n');
    expect(await summariseCsv(new NodeBlob([big]) as unknown as Blob, 1000)).toEqual({ header: ['externalId', 'sn'], rows: 5000 });
  });
});

describe('import progress', () => {
  it("should measure a running import against the file's rows, an ended one against the API's", () => {
    expect(importProgress({ status: 'running', rows: 1000, done: 900, failed: 100 }, 4000)).toEqual({ handled: 1000, total: 4000, percent: 25, running: true });
    expect(importProgress({ status: 'done', rows: 4, done: 3, failed: 1 }, 4)).toEqual({ handled: 4, total: 4, percent: 100, running: false });
    expect(importProgress({ status: 'failed', rows: 2000, done: 1000, failed: 0 }, 4000)).toMatchObject({ total: 2000, percent: 50, running: false });
  });

  it('should have no percent while running without a count, and never pass 100', () => {
    expect(importProgress({ status: 'running', rows: 0, done: 0, failed: 0 }, null).percent).toBeNull();
    expect(importProgress({ status: 'running', rows: 5, done: 5, failed: 0 }, 3).percent).toBe(100);
    expect(importProgress({ status: 'done', rows: 0, done: 0, failed: 0 }, 0).percent).toBe(100);
  });
});
