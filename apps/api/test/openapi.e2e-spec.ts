import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import ts from 'typescript';
import { createOpenApiDocument } from '../src/app.factory';
import { conformanceProblems, type OpenApiSchema } from './schema-conformance';
import { auth, TestApp, type TestUser } from './test-app';

/**
 * The OpenAPI document is part of the contract (docs/api.md "Operations"): the live `/api/openapi.json` is what
 * `npm run openapi` committed as docs/openapi.json; it validates (swagger-parser), lints with zero problems under
 * redocly.yaml, and the TypeScript types openapi-typescript generates from it type-check — and work — in a client
 * that reports a misuse and reads the case it opened.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const COMMITTED = join(ROOT, 'docs', 'openapi.json');
const run = promisify(execFile);
const bin = (...p: string[]) => join(ROOT, 'node_modules', ...p);

/** A client written the way an integrator would, against the generated `paths` types only. */
const CLIENT = `
import type { components, paths } from './schema';

type ReportBody = paths['/api/reports']['post']['requestBody']['content']['application/json'];
type ReportCreated = paths['/api/reports']['post']['responses'][201]['content']['application/json'];
type CaseBody = paths['/api/cases/{id}']['get']['responses'][200]['content']['application/json'];
type Problem = components['schemas']['Problem'];
type Stage = components['schemas']['Case']['stage'];

export interface Seen { reference: string; stage: Stage; version: number; linked: boolean; problemCode: Problem['code'] }

export async function reportAndRead(base: string, token: string, sn: string): Promise<Seen> {
  const headers = { authorization: 'Bearer ' + token, 'content-type': 'application/json' };
  const report: ReportBody = { sn, channel: 'merchant_call', misuseType: 'cloned_terminal', amountAtRisk: { minor: 1250000, currency: 'CNY' } };
  const res = await fetch(base + '/api/reports', { method: 'POST', headers, body: JSON.stringify(report) });
  const created = (await res.json()) as ReportCreated;
  const read = await fetch(base + '/api/cases/' + created.caseId, { headers });
  const c = (await read.json()) as CaseBody;
  const bad = await fetch(base + '/api/reports', { method: 'POST', headers, body: JSON.stringify({ ...report, sn: 'AB' }) });
  const problem = (await bad.json()) as Problem;
  // The generated types are as strict as the contract: an unknown channel does not compile.
  // @ts-expect-error 'pigeon' is not a report channel
  const wrong: ReportBody = { sn, channel: 'pigeon', misuseType: 'other' };
  void wrong;
  return { reference: c.reference, stage: c.stage, version: c.version, linked: created.linkedToExisting, problemCode: problem.code };
}
`;

describe('OpenAPI document (contract)', () => {
  let t: TestApp;
  let analyst: TestUser;
  let live: Record<string, unknown>;
  let dir: string;

  beforeAll(async () => {
    t = await TestApp.start('openapi');
    analyst = await t.createUser('analyst');
    const res = await t.http().get('/api/openapi.json');
    expect(res.status).toBe(200);
    live = res.body;
    dir = mkdtempSync(join(tmpdir(), 'sn-openapi-'));
  });
  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t?.stop();
  });

  it('should be the committed docs/openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(JSON.parse(committed)).toEqual(live);
    // The script writes exactly this text, without a database (Nest preview mode).
    expect(`${JSON.stringify(await createOpenApiDocument(), null, 2)}\n`).toBe(committed);
  });

  it('should validate as OpenAPI with swagger-parser', async () => {
    await expect(SwaggerParser.validate(structuredClone(live) as never)).resolves.toBeDefined();
  });

  it('should lint with no problem under redocly.yaml (recommended, made stricter)', async () => {
    const { stdout } = await run(process.execPath, [bin('@redocly', 'cli', 'bin', 'cli.js'), 'lint', 'docs/openapi.json', '--format=json', '--max-problems=1000'], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 32 * 1024 * 1024,
    }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr }));
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string }> };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('should describe every operation for client generators', () => {
    const paths = live.paths as Record<string, Record<string, Record<string, unknown>>>;
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${path}`;
        expect({ name, summary: typeof op.summary }).toEqual({ name, summary: 'string' });
        expect(ids.has(op.operationId as string)).toBe(false);
        ids.add(op.operationId as string);
        expect({ name, security: Array.isArray(op.security) }).toEqual({ name, security: true });
        const responses = op.responses as Record<string, { content?: Record<string, unknown> }>;
        for (const [status, r] of Object.entries(responses)) {
          if (status === 'default' || (Number(status) >= 400 && Number(status) < 500)) {
            expect({ name, status, types: Object.keys(r.content ?? {}) }).toEqual({ name, status, types: ['application/problem+json'] });
          }
        }
      }
    }
    expect(ids.size).toBeGreaterThan(60);
  });

  it('should describe what the API answers (every field documented, every required field sent)', async () => {
    const doc = live as { components: { schemas: Record<string, OpenApiSchema> }; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: OpenApiSchema }> }> }>> };
    const admin = t.adminToken;
    const supervisor = await t.createUser('supervisor');
    const bank = await t.http().post('/api/banks').set(auth(admin)).send({ code: 'OAPI', name: 'OpenAPI Bank', webhookUrl: 'http://127.0.0.1:9/none' });
    expect(bank.status).toBe(201);
    await t.http().post('/api/teams').set(auth(admin)).send({ name: 'OpenAPI desk', bankCodes: ['OAPI'] }).expect(201);
    await t.http().post('/api/queues').set(auth(supervisor.token)).send({ name: 'Freeze', filter: { stage: 'freeze' } }).expect(201);
    const report = await t.http().post('/api/reports').set(auth(analyst.token)).send({
      sn: 'OAPI-SHAPES-0001', channel: 'merchant_call', misuseType: 'cash_out', bankCode: 'OAPI', merchantId: '898310048161234',
      amountAtRisk: { minor: 500000, currency: 'CNY' }, reporter: { name: 'Zhang San', relationship: 'merchant' },
      transactions: [{ at: '2026-11-25T02:14:00+08:00', amount: { minor: 99900, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'magstripe' }],
    });
    expect(report.status).toBe(201);
    const caseId = report.body.caseId as string;
    const claimed = await t.http().post(`/api/cases/${caseId}/actions/claim`).set(auth(analyst.token)).send({ version: 1 }).expect(200);
    await t.http().post(`/api/cases/${caseId}/actions/add_note`).set(auth(analyst.token)).send({ version: claimed.body.version, text: 'Called the bank' }).expect(200);
    await t.http().post(`/api/cases/${caseId}/evidence`).set(auth(analyst.token)).field('type', 'transaction_records').attach('file', Buffer.from('time,amount\n2026-11-25T01:00:00Z,500.00\n'), 'tx.csv').expect(201);
    const terminalId = (await t.http().get(`/api/cases/${caseId}`).set(auth(analyst.token))).body.terminal.id as string;
    const intake = await t.http().post('/api/users').set(auth(admin)).send({ email: 'gateway@oapi.test', name: 'OAPI gateway', role: 'intake' }).expect(201);
    await t.http().post(`/api/users/${intake.body.id}/api-keys`).set(auth(admin)).send({ name: 'Gateway', bankCodes: ['OAPI'], channels: ['bank_alert'] }).expect(201);
    // A breach and its alert, as the worker records them (the test app runs no worker).
    await t.ds.query(`UPDATE sla_clocks SET warned_at = now(), breached_at = now(), state = 'breached' WHERE case_id = $1`, [caseId]);
    await t.ds.query(
      `INSERT INTO alerts (user_id, type, case_id, case_reference, stage, dedupe_key) VALUES ($1, 'sla.breached', $2, $3, 'freeze', 'oapi')`,
      [supervisor.id, caseId, report.body.caseReference],
    );

    const reads: Array<[template: string, path: string, token: string]> = [
      ['/api/auth/me', '/api/auth/me', analyst.token],
      ['/api/health', '/api/health', analyst.token],
      ['/api/cases', '/api/cases', analyst.token],
      ['/api/cases/{id}', `/api/cases/${caseId}`, analyst.token],
      ['/api/cases/{id}/events', `/api/cases/${caseId}/events`, analyst.token],
      ['/api/cases/{id}/evidence', `/api/cases/${caseId}/evidence`, analyst.token],
      ['/api/reports', '/api/reports', analyst.token],
      ['/api/reports/{id}', `/api/reports/${report.body.id}`, analyst.token],
      ['/api/notifications', '/api/notifications', supervisor.token],
      ['/api/queues', '/api/queues', analyst.token],
      ['/api/terminals', '/api/terminals', analyst.token],
      ['/api/terminals/{id}', `/api/terminals/${terminalId}`, analyst.token],
      ['/api/sla-policies', '/api/sla-policies', analyst.token],
      ['/api/calendars', '/api/calendars', analyst.token],
      ['/api/sla/summary', '/api/sla/summary', supervisor.token],
      ['/api/sla/breaches', '/api/sla/breaches', supervisor.token],
      ['/api/stats/load', '/api/stats/load', supervisor.token],
      ['/api/alerts', '/api/alerts', supervisor.token],
      ['/api/alerts/unread-count', '/api/alerts/unread-count', supervisor.token],
      ['/api/users', '/api/users', admin],
      ['/api/teams', '/api/teams', admin],
      ['/api/banks', '/api/banks', admin],
      ['/api/api-keys', '/api/api-keys', admin],
      ['/api/audit/verify', '/api/audit/verify', admin],
    ];
    const problems: string[] = [];
    for (const [template, path, token] of reads) {
      const res = await t.http().get(path).set(auth(token));
      const schema = doc.paths[template]?.get?.responses[String(res.status)]?.content?.['application/json']?.schema;
      if (!schema) {
        problems.push(`GET ${path}: ${res.status} is not documented`);
        continue;
      }
      if (Array.isArray(res.body) && res.body.length === 0) problems.push(`GET ${path}: an empty list proves nothing`);
      problems.push(...conformanceProblems(doc, schema, res.body, `GET ${template}`));
    }
    expect(problems).toEqual([]);
  });

  it('should generate TypeScript types that a typed client compiles against and runs with', async () => {
    const schema = join(dir, 'schema.d.ts');
    await run(process.execPath, [bin('openapi-typescript', 'bin', 'cli.js'), COMMITTED, '--output', schema], { cwd: ROOT });
    const client = join(dir, 'client.ts');
    writeFileSync(client, CLIENT);
    const program = ts.createProgram([client], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [bin('@types')],
      skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    // And it works against the running API: the types describe what the API answers.
    const js = ts.transpileModule(CLIENT, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod: { exports: { reportAndRead?: (base: string, token: string, sn: string) => Promise<Record<string, unknown>> } } = { exports: {} };
    new Function('exports', 'module', js)(mod.exports, mod);
    const seen = await mod.exports.reportAndRead!(t.url, analyst.token, 'OAPI-CLIENT-0001');
    expect(seen).toEqual({ reference: expect.stringMatching(/^SNC-\d{4}-\d{6,}$/), stage: 'freeze', version: expect.any(Number), linked: false, problemCode: 'VALIDATION.FAILED' });
  });
});
