import type { DeliveryAttemptChange } from './case-change';
import type { NotificationFacts } from './case-state';
import { ctx, domainError, inStage, NOW, outboxOps, SUPERVISOR } from './case-state.fixture';
import { planChange } from './plan-change';

const N = 'n-1';
const CLAIMED = new Date('2026-03-10T07:59:50.000Z');
const row = (o: Partial<NotificationFacts> = {}): NotificationFacts => ({
  id: N,
  type: 'freeze.requested',
  status: 'delivering',
  bankCode: 'ICBC',
  generation: 2,
  attemptCount: 2,
  createdAt: new Date('2026-03-10T07:00:00.000Z'),
  updatedAt: CLAIMED,
  ...o,
});
const attempt = (o: Partial<DeliveryAttemptChange> = {}): DeliveryAttemptChange => ({
  kind: 'delivery_attempt',
  notificationId: N,
  generation: 2,
  claimedAt: CLAIMED,
  attemptNo: 3,
  startedAt: CLAIMED,
  durationMs: 120.4,
  statusCode: 200,
  error: null,
  outcome: 'delivered',
  nextAttemptAt: null,
  ...o,
});
const failed = (o: Partial<DeliveryAttemptChange> = {}) => attempt({ outcome: 'failed', statusCode: 503, error: 'HTTP 503', ...o });
const NEXT = new Date('2026-03-10T08:01:00.000Z');

describe('planChange(delivery_attempt)', () => {
  it.each<[string, DeliveryAttemptChange, Partial<NotificationFacts>, string[], string, string[]]>([
    ['a 2xx delivers the row', attempt(), {}, ['attempt n-1', 'delivered n-1'], 'delivered', ['notification.delivered']],
    ['a 2xx after the claim was superseded still delivers (the bank has it)', attempt(), { status: 'pending', updatedAt: NOW }, ['attempt n-1', 'delivered n-1'], 'delivered', ['notification.delivered']],
    ['a 2xx for a row delivered meanwhile changes nothing', attempt(), { status: 'delivered' }, ['attempt n-1'], 'unchanged', []],
    ['a 2xx for a row cancelled meanwhile keeps cancelled but records the delivery', attempt(), { status: 'cancelled' }, ['attempt n-1', 'delivered n-1'], 'unchanged', ['notification.delivered']],
    ['a failure with attempts left reschedules', failed({ nextAttemptAt: NEXT }), {}, ['attempt n-1', 'reschedule n-1'], 'pending', []],
    ['a failure after the last attempt is dead', failed(), {}, ['attempt n-1', 'dead n-1'], 'dead', ['notification.dead']],
    ['a failure of a superseded claim only records the attempt', failed({ nextAttemptAt: NEXT }), { updatedAt: NOW }, ['attempt n-1'], 'unchanged', []],
    ['a failure for a cancelled row only records the attempt', failed(), { status: 'cancelled' }, ['attempt n-1'], 'unchanged', []],
  ])('%s', (_name, change, facts, outbox, status, events) => {
    const plan = planChange(inStage('freeze'), change, ctx({ notification: row(facts) }));
    expect(outboxOps(plan)).toEqual(outbox);
    expect(plan.result).toMatchObject({ kind: 'delivery', status });
    expect(plan.events.map((e) => e.action)).toEqual(events);
    expect(plan.case).toBeUndefined();
  });

  it('records the attempt as made and the death with an alert to the team supervisors, once per generation', () => {
    const plan = planChange(inStage('police_report'), failed({ error: 'x'.repeat(900), statusCode: null }), ctx({ notification: row() }));
    expect(plan.outbox[0]).toEqual({ op: 'attempt', id: N, generation: 2, attemptNo: 3, startedAt: CLAIMED, durationMs: 120, statusCode: null, error: 'x'.repeat(500), outcome: 'failed' });
    expect(plan.events[0]).toEqual({
      actor: { id: 'system', role: 'system' },
      action: 'notification.dead',
      data: { notificationId: N, type: 'freeze.requested', bankCode: 'ICBC', generation: 2, attemptNo: 3, attempts: 3, lastError: 'x'.repeat(500), lastStatusCode: null },
    });
    expect(plan.alerts).toEqual([
      { type: 'notification.dead', recipients: { teamSupervisors: true, users: [] }, dedupeKey: 'notification.dead:n-1:2', stage: 'police_report', notificationId: N },
    ]);
  });

  it('flags a delivery that reached the bank after a cancellation', () => {
    const plan = planChange(inStage('freeze'), attempt(), ctx({ notification: row({ status: 'cancelled' }) }));
    expect(plan.outbox[1]).toMatchObject({ op: 'delivered', keepStatus: true, statusCode: 200, attemptNo: 3 });
    expect(plan.events[0].data).toMatchObject({ cancelledBeforeDelivery: true, statusCode: 200 });
  });
});

describe('planChange(notification_retry)', () => {
  it('starts a new generation of a dead notification, as the supervisor', () => {
    const plan = planChange(inStage('freeze'), { kind: 'notification_retry', notificationId: N, actor: SUPERVISOR }, ctx({ notification: row({ status: 'dead' }) }));
    expect(plan.outbox).toEqual([{ op: 'retry', id: N, generation: 3, at: NOW }]);
    expect(plan.events).toEqual([
      {
        actor: SUPERVISOR,
        action: 'notification.retried',
        data: { notificationId: N, type: 'freeze.requested', bankCode: 'ICBC', before: { status: 'dead', generation: 2 }, after: { status: 'pending', generation: 3 } },
      },
    ]);
    expect(plan.result).toEqual({ kind: 'retry', generation: 3 });
  });

  it.each(['pending', 'delivering', 'delivered', 'cancelled'] as const)('refuses a %s notification (422 with its status)', (status) => {
    const e = domainError(() => planChange(inStage('freeze'), { kind: 'notification_retry', notificationId: N, actor: SUPERVISOR }, ctx({ notification: row({ status }) })));
    expect(e).toMatchObject({ code: 'CASE.ACTION_NOT_ALLOWED', params: { status } });
  });
});
