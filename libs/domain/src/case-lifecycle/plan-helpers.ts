import type { Stage } from '@sentinel/contracts';
import type { CaseState, ChangeContext } from './case-state';
import type { AlertDraft, CasePatch, ClockWrite, OutboxWrite, RecordWrite } from './change-plan';
import { endStageClocks, startClock } from './clock-plans';
import { nextStage } from './stage-rules';

/**
 * What one case action does before `planAction` attributes it to its actor: every action records exactly one
 * event. The case version moves unless `versionUnchanged` (add_note).
 */
export interface ActionEffect {
  patch?: CasePatch;
  versionUnchanged?: boolean;
  records?: RecordWrite[];
  clocks?: ClockWrite[];
  outbox?: OutboxWrite[];
  alerts?: AlertDraft[];
  event: { action: string; data: Record<string, unknown> };
}

/** An effect carrying only its event (the version still moves). */
export function effect(action: string, data: Record<string, unknown> = {}): ActionEffect {
  return { event: { action, data } };
}

/** The seq the `offset`-th event of this change will get (alerts deduplicated per event use it). */
export function nextSeq(c: CaseState, offset = 0): number {
  return c.head.seq + 1 + offset;
}

/**
 * The current stage exits (met or waived): its clock ends and the next stage's clock starts. `review` has no
 * next stage (it ends only by a resolution or a return).
 */
export function advance(
  c: CaseState,
  how: 'met' | 'waived',
  ctx: ChangeContext,
): { stage: Stage; clocks: ClockWrite[]; before: { stage: Stage }; after: { stage: Stage } } {
  const next = nextStage(c.stage);
  if (!next) throw new Error(`No stage after ${c.stage}`);
  return moveTo(c, next, how, ctx);
}

/** Leaves the current stage for `stage` (forward, or back as return_to_analyst does). */
export function moveTo(
  c: CaseState,
  stage: Stage,
  how: 'met' | 'waived',
  ctx: ChangeContext,
): { stage: Stage; clocks: ClockWrite[]; before: { stage: Stage }; after: { stage: Stage } } {
  return {
    stage,
    clocks: [...endStageClocks(c, c.stage, how, ctx.now), startClock(stage, ctx)],
    before: { stage: c.stage },
    after: { stage },
  };
}
