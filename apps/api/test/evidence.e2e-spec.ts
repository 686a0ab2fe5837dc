import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { auth, expectProblem, TestApp, type TestUser } from './test-app';

/** Evidence (docs/api.md "Evidence"): streamed and hashed uploads, limits, content-addressed bytes, removal, downloads. */
describe('Evidence (API end to end)', () => {
  const MAX = 1024;
  let t: TestApp;
  let analyst: TestUser;
  let analyst2: TestUser;
  let supervisor: TestUser;
  let auditor: TestUser;
  let intake: TestUser;
  let caseId: string;
  let snSeq = 0;

  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  // a 1×1 PNG
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('This program cannot be run in DOS mode.\r\n'), Buffer.alloc(200)]);
  EXE.writeUInt32LE(64, 0x3c);
  Buffer.from('PE\0\0').copy(EXE, 64);

  beforeAll(async () => {
    t = await TestApp.start('evidence', { evidenceMaxBytes: MAX });
    [analyst, analyst2, supervisor, auditor, intake] = await Promise.all([
      t.createUser('analyst'),
      t.createUser('analyst'),
      t.createUser('supervisor'),
      t.createUser('auditor'),
      t.createUser('intake'),
    ]);
    caseId = await claimedCase();
  });
  afterAll(() => t?.stop());

  async function claimedCase(): Promise<string> {
    const r = await t.http().post('/api/reports').set(auth(intake.token)).send({ sn: `EVID-${String(++snSeq).padStart(6, '0')}`, channel: 'partner_api', misuseType: 'other' });
    const id = r.body.caseId;
    const { version } = (await t.http().get(`/api/cases/${id}`).set(auth(analyst.token))).body;
    await t.http().post(`/api/cases/${id}/actions/claim`).set(auth(analyst.token)).send({ version }).expect(200);
    return id;
  }

  const upload = (u: TestUser, id: string, bytes: Buffer | null, fileName: string, type: string | null = 'transaction_records', description?: string) => {
    const req = t.http().post(`/api/cases/${id}/evidence`).set(auth(u.token));
    if (type !== null) req.field('type', type);
    if (description !== undefined) req.field('description', description);
    if (bytes) req.attach('file', bytes, fileName);
    return req;
  };
  const download = (u: TestUser, evidenceId: string) =>
    t
      .http()
      .get(`/api/evidence/${evidenceId}/content`)
      .set(auth(u.token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  const rows = async (id = caseId) => (await t.ds.query(`SELECT * FROM evidence WHERE case_id = $1 ORDER BY added_at`, [id])) as any[];
  const storedFiles = (): string[] => {
    const root = join(t.evidenceDir, 'sha256');
    if (!existsSync(root)) return [];
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else out.push(p);
      }
    };
    walk(root);
    return out;
  };
  const tmpFiles = () => (existsSync(join(t.evidenceDir, 'tmp')) ? readdirSync(join(t.evidenceDir, 'tmp')) : []);
  const events = async (id = caseId) => (await t.http().get(`/api/cases/${id}/events`).set(auth(auditor.token)).expect(200)).body as any[];

  it('should stream, hash and store an upload; the download returns the same bytes and is recorded in the system chain', async () => {
    const csv = Buffer.from('time,amount,maskedPan\n2026-11-25T01:00:00Z,500.00,622848******1234\n');
    const res = await upload(analyst, caseId, csv, 'tx.csv', 'transaction_records', 'Bank export').expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      type: 'transaction_records',
      fileName: 'tx.csv',
      size: csv.length,
      mediaType: 'text/csv',
      sha256: sha(csv),
      addedBy: analyst.id,
      addedAt: expect.stringMatching(/Z$/),
    });
    const [row] = await rows();
    expect(row).toMatchObject({ sha256: sha(csv), size: String(csv.length) });
    const onDisk = readFileSync(join(t.evidenceDir, row.storage_key));
    expect(Buffer.compare(onDisk, csv)).toBe(0);
    expect((await events()).at(-1)).toMatchObject({ action: 'evidence.added', actor: { id: analyst.id }, data: { after: { evidenceId: res.body.id, sha256: sha(csv) } } });

    const before = Number((await t.ds.query(`SELECT count(*) AS n FROM system_events WHERE action = 'evidence.downloaded'`))[0].n);
    const dl = await download(auditor, res.body.id);
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body, csv)).toBe(0);
    expect(sha(dl.body)).toBe(res.body.sha256);
    expect(dl.headers['content-type']).toMatch(/^text\/csv/);
    expect(dl.headers['x-content-sha256']).toBe(sha(csv));
    const logged = await t.ds.query(`SELECT * FROM system_events WHERE action = 'evidence.downloaded' ORDER BY seq`);
    expect(logged).toHaveLength(before + 1);
    expect(logged.at(-1)).toMatchObject({ actor_id: auditor.id, actor_role: 'auditor', data: { evidenceId: res.body.id, caseId, sha256: sha(csv) } });

    // binary files keep every byte
    const png = await upload(analyst, caseId, PNG, 'label.png', 'terminal_photo').expect(201);
    expect(png.body).toMatchObject({ mediaType: 'image/png', sha256: sha(PNG), size: PNG.length });
    expect(Buffer.compare((await download(analyst, png.body.id)).body, PNG)).toBe(0);
    const list = await t.http().get(`/api/cases/${caseId}/evidence`).set(auth(auditor.token)).expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([res.body.id, png.body.id]);
  });

  it('should refuse a file over the size limit with 413 EVIDENCE.TOO_LARGE, storing nothing', async () => {
    const before = (await rows()).length;
    const files = storedFiles().length;
    const p = expectProblem(await upload(analyst, caseId, randomBytes(MAX + 1), 'big.pdf'), 413, 'EVIDENCE.TOO_LARGE');
    expect(p.params).toMatchObject({ maxBytes: MAX });
    expectProblem(await upload(analyst, caseId, Buffer.alloc(3 * 1024 * 1024, 'a'), 'big.txt', 'other'), 413, 'EVIDENCE.TOO_LARGE'); // read off, never hangs
    expect((await rows()).length).toBe(before);
    expect(storedFiles()).toHaveLength(files);
    expect(tmpFiles()).toEqual([]);
    // exactly at the limit is fine
    const exact = Buffer.concat([Buffer.from('a,b\n'), Buffer.alloc(MAX - 4, '1')]);
    expect((await upload(analyst, caseId, exact, 'exact.csv')).status).toBe(201);
  });

  it('should refuse media types off the allow-list or not matching the name with 415 EVIDENCE.MEDIA_TYPE', async () => {
    const before = (await rows()).length;
    const files = storedFiles().length;
    const refused: Array<[Buffer, string]> = [
      [EXE, 'setup.exe'],
      [EXE, 'invoice.pdf'],
      [randomBytes(512), 'statement.pdf'],
      [PNG, 'transactions.csv'],
      [PDF, 'photo.png'],
      [Buffer.from('not json at all'), 'data.json'],
      [Buffer.from([0x00, 0x01, 0x02, 0x03, 0xff, 0xfe]), 'notes.txt'],
      [Buffer.from('PK\x03\x04 fake zip'), 'sheet.xlsx'],
    ];
    for (const [bytes, name] of refused) {
      const p = expectProblem(await upload(analyst, caseId, bytes, name), 415, 'EVIDENCE.MEDIA_TYPE');
      expect(p.params.allowed).toEqual(expect.arrayContaining(['application/pdf', 'text/csv']));
    }
    expect((await rows()).length).toBe(before);
    expect(storedFiles()).toHaveLength(files);
    expect(tmpFiles()).toEqual([]);
  });

  it('should refuse an extension not allowed for the detected type: scripts and markup as text, a PDF named .html', async () => {
    const before = (await rows()).length;
    const files = storedFiles().length;
    const script = Buffer.from('#!/bin/sh\necho pwned\n');
    const refused: Array<[Buffer, string]> = [
      [script, 'run.sh'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'page.html'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.svg'],
      [Buffer.from('@echo off\r\ndel *\r\n'), 'clean.bat'],
      [Buffer.from('Remove-Item -Recurse C:\\'), 'x.ps1'],
      [Buffer.from('alert(1)'), 'x.js'],
      [Buffer.from('<hta:application/>'), 'x.hta'],
      [PDF, 'invoice.html'],
      [PNG, 'photo.svg'],
      [PDF, 'receipt'],
      // a right-to-left override no longer hides the real extension: "invoice_\u202Efdp.sh" reads as "invoice_hs.pdf"
      [script, 'invoice_\u202Efdp.sh'],
    ];
    for (const [bytes, name] of refused) {
      const p = expectProblem(await upload(analyst, caseId, bytes, name), 415, 'EVIDENCE.MEDIA_TYPE');
      expect(p.detail).toMatch(/not accepted/);
    }
    expect((await rows()).length).toBe(before);
    expect(storedFiles()).toHaveLength(files);
    expect(tmpFiles()).toEqual([]);
  });

  it('should store and serve plain text as .txt, strip format characters from names, and sandbox every download', async () => {
    const log = Buffer.from('2026-11-25 01:00 terminal rebooted\n');
    const asLog = await upload(analyst, caseId, log, 'terminal.log', 'device_location_log').expect(201);
    expect(asLog.body).toMatchObject({ fileName: 'terminal.log.txt', mediaType: 'text/plain' });
    const bare = await upload(analyst, caseId, Buffer.from('call notes\n'), 'call notes', 'other').expect(201);
    expect(bare.body.fileName).toBe('call notes.txt');
    const rlo = await upload(analyst, caseId, PDF, 'receipt\u202E\u200Bfdp.pdf', 'police_receipt').expect(201);
    expect(rlo.body.fileName).toBe('receiptfdp.pdf');
    expect((await rows()).find((r) => r.id === rlo.body.id).file_name).toBe('receiptfdp.pdf');

    const dl = await download(auditor, asLog.body.id);
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body, log)).toBe(0);
    expect(dl.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(dl.headers['content-disposition']).toBe("attachment; filename*=UTF-8''terminal.log.txt");
    expect(dl.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    const pdf = await download(auditor, rlo.body.id);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; /);

    // a row stored before these rules (a script kept as text under its own name) is listed and served as .txt
    await t.ds.query(`UPDATE evidence SET file_name = $2 WHERE id = $1`, [bare.body.id, 'old\u202Etxt.sh']);
    expect((await t.http().get(`/api/evidence/${bare.body.id}`).set(auth(auditor.token)).expect(200)).body.fileName).toBe('oldtxt.sh.txt');
    const listed = (await t.http().get(`/api/cases/${caseId}`).set(auth(auditor.token)).expect(200)).body.evidence;
    expect(listed.find((e: { id: string }) => e.id === bare.body.id).fileName).toBe('oldtxt.sh.txt');
    expect((await download(auditor, bare.body.id)).headers['content-disposition']).toBe("attachment; filename*=UTF-8''oldtxt.sh.txt");
  });

  it('should refuse text evidence or a description holding a full card number with 422 PAN.DETECTED, keeping no bytes', async () => {
    const before = (await rows()).length;
    const files = storedFiles().length;
    const leaky = Buffer.from('time,amount,pan\n2026-11-25T01:00:00Z,500.00,4111111111111111\n');
    let p = expectProblem(await upload(analyst, caseId, leaky, 'tx.csv'), 422, 'PAN.DETECTED');
    expect(p.params.fields).toEqual(['file']);
    p = expectProblem(await upload(analyst, caseId, PDF, 'r.pdf', 'police_receipt', 'card 4111 1111 1111 1111'), 422, 'PAN.DETECTED');
    expect(p.params.fields).toEqual(['description']);
    expect((await rows()).length).toBe(before);
    expect(storedFiles()).toHaveLength(files);
    expect(storedFiles().some((f) => f.endsWith(sha(leaky)))).toBe(false);
    expect(tmpFiles()).toEqual([]);
  });

  it('should refuse a missing or unknown type and a missing or empty file with 422, and a JSON body with 415', async () => {
    const before = (await rows()).length;
    let p = expectProblem(await upload(analyst, caseId, PDF, 'r.pdf', null), 422, 'VALIDATION.FAILED');
    expect(p.errors).toHaveProperty('type');
    p = expectProblem(await upload(analyst, caseId, PDF, 'r.pdf', 'selfie'), 422, 'VALIDATION.FAILED');
    expect(p.errors).toHaveProperty('type');
    p = expectProblem(await upload(analyst, caseId, null, '', 'police_receipt'), 422, 'VALIDATION.FAILED');
    expect(p.errors).toHaveProperty('file');
    p = expectProblem(await upload(analyst, caseId, Buffer.alloc(0), 'empty.pdf', 'police_receipt'), 422, 'VALIDATION.FAILED');
    expect(p.errors).toHaveProperty('file');
    expectProblem(await t.http().post(`/api/cases/${caseId}/evidence`).set(auth(analyst.token)).send({ type: 'other' }), 415, 'REQUEST.MEDIA_TYPE');
    expectProblem(
      await t.http().post(`/api/cases/${caseId}/evidence`).set(auth(analyst.token)).field('type', 'other').field('colour', 'red').attach('file', PDF, 'x.pdf'),
      400,
      'REQUEST.UNKNOWN_FIELD',
    );
    expect((await rows()).length).toBe(before);
    expect(tmpFiles()).toEqual([]);
  });

  it('should remove evidence with a reason as an event, keeping the bytes; a bare DELETE is 405', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% receipt to remove\n%%EOF\n');
    const up = await upload(analyst, caseId, bytes, 'wrong.pdf', 'police_receipt').expect(201);
    const del = expectProblem(await t.http().delete(`/api/evidence/${up.body.id}`).set(auth(analyst.token)), 405, 'METHOD.NOT_ALLOWED');
    expect(del.detail).toMatch(/remove/);
    expectProblem(await t.http().post(`/api/evidence/${up.body.id}/remove`).set(auth(analyst.token)).send({}), 422, 'VALIDATION.FAILED');
    expectProblem(await t.http().post(`/api/evidence/${up.body.id}/remove`).set(auth(analyst.token)).send({ reason: 'x', hard: true }), 400, 'REQUEST.UNKNOWN_FIELD');

    const { version } = (await t.http().get(`/api/cases/${caseId}`).set(auth(analyst.token))).body;
    const rm = await t.http().post(`/api/evidence/${up.body.id}/remove`).set(auth(analyst.token)).send({ reason: 'Uploaded to the wrong case' }).expect(200);
    expect(rm.body).toMatchObject({ id: up.body.id, removedBy: analyst.id, removalReason: 'Uploaded to the wrong case', removedAt: expect.any(String), sha256: sha(bytes) });
    const c = (await t.http().get(`/api/cases/${caseId}`).set(auth(analyst.token))).body;
    expect(c.version).toBe(version + 1);
    expect(c.evidence.find((e: { id: string }) => e.id === up.body.id).removedAt).not.toBeNull();
    expect((await events()).at(-1)).toMatchObject({
      action: 'evidence.removed',
      actor: { id: analyst.id },
      data: { before: { evidenceId: up.body.id, sha256: sha(bytes) }, reason: 'Uploaded to the wrong case' },
    });
    const [row] = await t.ds.query(`SELECT storage_key FROM evidence WHERE id = $1`, [up.body.id]);
    expect(Buffer.compare(readFileSync(join(t.evidenceDir, row.storage_key)), bytes)).toBe(0);
    const dl = await download(auditor, up.body.id);
    expect(dl.status).toBe(200);
    expect(Buffer.compare(dl.body, bytes)).toBe(0);
    expectProblem(await t.http().post(`/api/evidence/${up.body.id}/remove`).set(auth(analyst.token)).send({ reason: 'again' }), 422, 'CASE.ACTION_NOT_ALLOWED');
    expectProblem(await t.http().post(`/api/evidence/${up.body.id}/remove`).set(auth(analyst.token)).send({ reason: 'card 4111 1111 1111 1111' }), 422, 'PAN.DETECTED');
  });

  it('should refuse to serve a file whose storage key was pointed elsewhere in the database (checked before any read)', async () => {
    const a = await upload(analyst, caseId, Buffer.from('first file\n'), 'a.txt', 'other').expect(201);
    const b = await upload(analyst, caseId, Buffer.from('second file\n'), 'b.txt', 'other').expect(201);
    const [rowB] = await t.ds.query(`SELECT storage_key FROM evidence WHERE id = $1`, [b.body.id]);
    for (const key of ['../../../../etc/passwd', rowB.storage_key, `sha256/../${rowB.storage_key}`, '/etc/hostname']) {
      await t.ds.query(`UPDATE evidence SET storage_key = $2 WHERE id = $1`, [a.body.id, key]);
      const res = await download(auditor, a.body.id);
      expect({ key, status: res.status, code: JSON.parse(res.body.toString('utf8')).code }).toEqual({ key, status: 409, code: 'CONFLICT' });
    }
    expect((await download(auditor, b.body.id)).status).toBe(200);
  });

  it('should let an auditor download but not upload or remove, and an analyst upload only to own cases', async () => {
    const [ev] = await rows();
    const dl: Response = await download(auditor, ev.id);
    expect(dl.status).toBe(200);
    expectProblem(await upload(auditor, caseId, PDF, 'a.pdf', 'police_receipt'), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().post(`/api/evidence/${ev.id}/remove`).set(auth(auditor.token)).send({ reason: 'x' }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().get(`/api/evidence/${ev.id}/content`).set(auth(intake.token)), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.http().get(`/api/evidence/${ev.id}/content`), 401, 'AUTH.UNAUTHENTICATED');

    const before = (await rows()).length;
    const p = expectProblem(await upload(analyst2, caseId, PDF, 'a.pdf', 'police_receipt'), 403, 'CASE.NOT_OWNER');
    expect(p.params).toMatchObject({ assigneeId: analyst.id });
    expectProblem(await t.http().post(`/api/evidence/${ev.id}/remove`).set(auth(analyst2.token)).send({ reason: 'x' }), 403, 'CASE.NOT_OWNER');
    expect((await rows()).length).toBe(before);
    // a supervisor may add evidence to any case
    expect((await upload(supervisor, caseId, PDF, 'sup.pdf', 'police_receipt')).status).toBe(201);
    expectProblem(await upload(analyst, '00000000-0000-4000-8000-000000000000', PDF, 'a.pdf'), 404, 'NOT_FOUND');
  });

  it('should store the same bytes once on disk (content-addressed) while keeping two evidence items', async () => {
    const other = await claimedCase();
    const bytes = Buffer.from(`%PDF-1.4\n% shared ${randomBytes(8).toString('hex')}\n%%EOF\n`);
    const files = storedFiles().length;
    const a = await upload(analyst, other, bytes, 'one.pdf', 'police_receipt').expect(201);
    const b = await upload(analyst, other, bytes, 'two.pdf', 'merchant_statement').expect(201);
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.sha256).toBe(b.body.sha256);
    expect(storedFiles()).toHaveLength(files + 1);
    expect(storedFiles().filter((f) => f.endsWith(sha(bytes)))).toHaveLength(1);
    const r = await rows(other);
    expect(r).toHaveLength(2);
    expect(r[0].storage_key).toBe(r[1].storage_key);
    expect((await events(other)).filter((e) => e.action === 'evidence.added')).toHaveLength(2);
    // removing one keeps the bytes for the other
    await t.http().post(`/api/evidence/${a.body.id}/remove`).set(auth(analyst.token)).send({ reason: 'duplicate upload' }).expect(200);
    expect(Buffer.compare((await download(analyst, b.body.id)).body, bytes)).toBe(0);
  });

  it('should refuse uploads to a closed case', async () => {
    const id = await claimedCase();
    const { version } = (await t.http().get(`/api/cases/${id}`).set(auth(supervisor.token))).body;
    await t.http().post(`/api/cases/${id}/actions/close_early`).set(auth(supervisor.token)).send({ version, outcome: 'no_misuse', reason: 'False alarm' }).expect(200);
    expectProblem(await upload(analyst, id, PDF, 'late.pdf', 'police_receipt'), 422, 'CASE.ACTION_NOT_ALLOWED');
  });
});
