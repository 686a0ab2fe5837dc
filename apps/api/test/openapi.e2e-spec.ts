import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import ts from 'typescript';
import { createOpenApiDocument } from '../src/app.factory';
import { TestApp, type TestUser } from './test-app';

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
