import { caseScopeOf, inCaseScope, masksReporterContact } from './case-visibility';

describe('caseScopeOf / inCaseScope (CASE_VISIBILITY)', () => {
  it('limits only analysts, and only with team', () => {
    expect(caseScopeOf({ role: 'analyst', teamId: 't1' }, 'team')).toEqual({ teamId: 't1' });
    expect(caseScopeOf({ role: 'analyst', teamId: 't1' }, 'all')).toBeNull();
    for (const role of ['supervisor', 'auditor', 'admin', 'intake'] as const) expect(caseScopeOf({ role, teamId: 't1' }, 'team')).toBeNull();
  });

  it("keeps a team's analyst to that team's cases, and a teamless analyst to none", () => {
    expect(inCaseScope({ teamId: 't1' }, 't1')).toBe(true);
    expect(inCaseScope({ teamId: 't1' }, 't2')).toBe(false);
    expect(inCaseScope({ teamId: 't1' }, null)).toBe(false);
    expect(inCaseScope({ teamId: null }, null)).toBe(false);
    expect(inCaseScope(null, 't2')).toBe(true);
  });

  it('masks reporter contact for auditors only', () => {
    expect(masksReporterContact('auditor')).toBe(true);
    expect(masksReporterContact('analyst')).toBe(false);
    expect(masksReporterContact('supervisor')).toBe(false);
  });
});
