import type { Stage } from '@sentinel/contracts';
import type { ActionPlan, CaseState } from './case-state';
import { nextStage } from './stage-rules';

/** An empty plan carrying only its event. */
export function eventOnly(action: string, data: Record<string, unknown> = {}): ActionPlan {
  return { changes: {}, notifications: [], alerts: [], event: { action, data } };
}

/** The current stage exits (met or waived) and the next one starts its clock. */
export function advance(
  c: CaseState,
  how: 'met' | 'waived',
): Pick<ActionPlan, 'endClock' | 'startClock'> & { stage: Stage; before: { stage: Stage }; after: { stage: Stage } } {
  const next = nextStage(c.stage);
  if (!next) throw new Error(`No stage after ${c.stage}`);
  return {
    stage: next,
    endClock: { stage: c.stage, how },
    startClock: next,
    before: { stage: c.stage },
    after: { stage: next },
  };
}
