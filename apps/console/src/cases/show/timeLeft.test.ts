import { describe, expect, it } from 'vitest';
import { urgencyOf } from './timeLeft';

describe('urgencyOf', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  it('should colour a deadline as it runs out', () => {
    expect(urgencyOf('2026-12-03T12:00:00Z', '2026-12-03T00:00:00Z', now)).toBe('ok');
    expect(urgencyOf('2026-12-03T12:00:00Z', '2026-12-02T11:00:00Z', now)).toBe('soon');
    expect(urgencyOf('2026-12-02T11:59:59Z', '2026-12-02T10:00:00Z', now)).toBe('overdue');
    expect(urgencyOf(null, null, now)).toBe('ok');
  });
});
