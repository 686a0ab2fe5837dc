import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const { evaluate, parseAllowlist } = require('./audit-check.js');

const via = (id: string, name: string, severity: string) => ({ source: 1, name, title: `${name} is bad`, url: `https://github.com/advisories/${id}`, severity, range: '<9' });
const report = (vulns: Record<string, { via: unknown[] }>) => ({ auditReportVersion: 2, vulnerabilities: vulns, metadata: {} });
const entry = (id: string, pkg: string, until = '2099-01-01') => ({ id, package: pkg, reason: 'not reachable: we never parse untrusted input with it', until });

describe('npm audit check (tools/ci/audit-check.js)', () => {
  it('should fail on a high or critical advisory outside the allow-list and ignore moderate ones', () => {
    const v = evaluate(
      report({
        a: { via: [via('GHSA-aaaa-bbbb-cccc', 'a', 'high')] },
        b: { via: [via('GHSA-dddd-eeee-ffff', 'b', 'moderate')] },
        c: { via: ['a'] },
      }),
      [],
    );
    expect(v.status).toBe('fail');
    expect(v.blocking.map((a: { id: string }) => a.id)).toEqual(['GHSA-AAAA-BBBB-CCCC']);
  });

  it('should pass an advisory the allow-list accepts until a date, and fail it after that date', () => {
    const r = report({ a: { via: [via('GHSA-aaaa-bbbb-cccc', 'a', 'critical')] } });
    const list = parseAllowlist({ advisories: [entry('GHSA-aaaa-bbbb-cccc', 'a', '2027-01-31')] });
    expect(evaluate(r, list, new Date('2027-01-31T12:00:00Z')).status).toBe('ok');
    const late = evaluate(r, list, new Date('2027-02-01T00:00:00Z'));
    expect(late.status).toBe('fail');
    expect(late.expired).toHaveLength(1);
  });

  it('should report allow-list entries that match nothing any more', () => {
    const v = evaluate(report({}), parseAllowlist({ advisories: [entry('GHSA-zzzz-zzzz-zzzz', 'gone')] }));
    expect(v.status).toBe('ok');
    expect(v.stale.map((e: { package: string }) => e.package)).toEqual(['gone']);
  });

  it('should call an error answer of the registry unavailable, not a pass or a failure of the code', () => {
    const v = evaluate({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 }, []);
    expect(v.status).toBe('unavailable');
    expect(v.message).toMatch(/405/);
  });

  it('should refuse allow-list entries without an id, a reason or a date', () => {
    expect(() => parseAllowlist({})).toThrow(/advisories/);
    expect(() => parseAllowlist({ advisories: [{ ...entry('GHSA-a-b', 'x'), reason: 'ok' }] })).toThrow(/reason/);
    expect(() => parseAllowlist({ advisories: [{ ...entry('GHSA-a-b', 'x'), until: 'soon' }] })).toThrow(/until/);
    expect(() => parseAllowlist({ advisories: [{ ...entry('nope', 'x') }] })).toThrow(/id/);
  });

  it('should keep the committed allow-list valid', () => {
    expect(() => parseAllowlist(JSON.parse(readFileSync(join(__dirname, '..', '..', '.ci', 'audit-allowlist.json'), 'utf8')))).not.toThrow();
  });

  it('should exit 1 for a failing saved report, 0 for a clean one, and 1 for an unavailable audit only with AUDIT_REQUIRED=true', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sn-audit-'));
    const file = (name: string, body: unknown) => {
      const p = join(dir, name);
      writeFileSync(p, JSON.stringify(body));
      return p;
    };
    const run = (p: string, env: Record<string, string> = {}) => {
      try {
        execFileSync(process.execPath, [join(__dirname, 'audit-check.js'), '--json', p], { env: { ...process.env, ...env }, stdio: 'pipe' });
        return 0;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    expect(run(file('bad.json', report({ a: { via: [via('GHSA-aaaa-bbbb-cccc', 'a', 'high')] } })))).toBe(1);
    expect(run(file('clean.json', report({})))).toBe(0);
    const down = file('down.json', { message: 'audit endpoint returned an error' });
    expect(run(down, { AUDIT_REQUIRED: 'false' })).toBe(0);
    expect(run(down, { AUDIT_REQUIRED: 'true' })).toBe(1);
  });
});
