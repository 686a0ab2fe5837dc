import { withoutImplied } from './claim-next.sql';

const TEAM = '6f1c2a3e-0000-4000-8000-000000000001';
const OTHER = '6f1c2a3e-0000-4000-8000-000000000002';

describe('withoutImplied (a claim-next filter without what the claim scope already says)', () => {
  it('drops "unassigned" and "open", which every claimable case is', () => {
    expect(withoutImplied({ assignee: { ids: [OTHER], unassigned: true }, status: ['open', 'closed'], stage: ['freeze'] }, null)).toEqual({ stage: ['freeze'] });
  });

  it('keeps an assignee or status filter that excludes claimable cases (the claim then finds none, as before)', () => {
    const f = { assignee: { ids: [OTHER], unassigned: false }, status: ['closed' as const] };
    expect(withoutImplied(f, null)).toEqual(f);
  });

  it('drops need-to-know only when it names the team the claim is already limited to', () => {
    expect(withoutImplied({ visibleTo: { teamId: TEAM }, priority: ['p1'] }, TEAM)).toEqual({ priority: ['p1'] });
    expect(withoutImplied({ visibleTo: { teamId: TEAM } }, OTHER)).toEqual({ visibleTo: { teamId: TEAM } });
    expect(withoutImplied({ visibleTo: { teamId: TEAM } }, null)).toEqual({ visibleTo: { teamId: TEAM } });
    expect(withoutImplied({ visibleTo: { teamId: null } }, null)).toEqual({ visibleTo: { teamId: null } });
  });
});
