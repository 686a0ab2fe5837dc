/** How close a deadline is, for the colour of its chip: past it, past its warning moment, or fine. */
export type Urgency = 'overdue' | 'soon' | 'ok';

export function urgencyOf(dueAt: string | null, warnAt: string | null, now: number): Urgency {
  if (!dueAt) return 'ok';
  if (Date.parse(dueAt) <= now) return 'overdue';
  if (warnAt && Date.parse(warnAt) <= now) return 'soon';
  return 'ok';
}

export const URGENCY_COLOR: Record<Urgency, 'error' | 'warning' | 'success'> = { overdue: 'error', soon: 'warning', ok: 'success' };
