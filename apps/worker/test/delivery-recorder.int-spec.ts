import { randomUUID } from 'node:crypto';
import type { DeliveryAttemptChange } from '@sentinel/domain';
import { CaseWriter, NotificationsRepository } from '@sentinel/persistence';
import { createTestDatabase, type TestDatabase } from '@sentinel/testing';
import { createWorkerLogger } from '../src/common/logger';
import { DeliveryRecorder } from '../src/bank-notifications/delivery-recorder';
import { caseEvents, insertBank, insertCase, insertFreezeRequest } from './helpers';

/**
 * Group commit of delivery results (DeliveryRecorder): results that come together are recorded in one transaction
 * through the write path; a result that cannot be recorded in the group, or a group whose transaction fails, is
 * recorded on its own — each result exactly once.
 */
describe('delivery results recorded together', () => {
  let db: TestDatabase;
  const notifications = new NotificationsRepository();
  const log = createWorkerLogger('silent');

  beforeAll(async () => {
    db = await createTestDatabase('worker_group', { poolSize: 4 });
    await insertBank(db.dataSource, { code: 'GBANK', webhookUrl: 'http://127.0.0.1:9/webhooks/GBANK' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** `n` claimed freeze requests (each its own case) and the delivered result of each. */
  async function claimed(n: number, caseId?: string): Promise<Array<{ caseId: string; change: DeliveryAttemptChange }>> {
    const out: Array<{ caseId: string; change: DeliveryAttemptChange }> = [];
    for (let i = 0; i < n; i++) {
      const c = caseId ?? (await insertCase(db.dataSource, 'GBANK'));
      const id = await insertFreezeRequest(db.dataSource, c);
      const claim = await notifications.claim(db.dataSource, id, new Date(), { dueSlackMs: 60_000 });
      if (!claim.ok) throw new Error(`claim of ${id}: ${claim.reason}`);
      const n = claim.notification;
      out.push({
        caseId: c,
        change: {
          kind: 'delivery_attempt',
          notificationId: n.id,
          generation: n.generation,
          claimedAt: n.claimedAt,
          attemptNo: 1,
          startedAt: new Date(),
          durationMs: 3,
          statusCode: 200,
          error: null,
          outcome: 'delivered',
          nextAttemptAt: null,
        },
      });
    }
    return out;
  }

  async function recordedOnce(items: Array<{ caseId: string; change: DeliveryAttemptChange }>): Promise<void> {
    for (const { caseId, change } of items) {
      const [row] = await db.dataSource.query(`SELECT status FROM notifications WHERE id = $1`, [change.notificationId]);
      expect(row.status).toBe('delivered');
      const attempts = await db.dataSource.query(`SELECT 1 FROM notification_attempts WHERE notification_id = $1`, [change.notificationId]);
      expect(attempts).toHaveLength(1);
      const events = (await caseEvents(db.dataSource, caseId, 'notification.delivered')).filter((e) => e.data.notificationId === change.notificationId);
      expect(events).toHaveLength(1);
    }
  }

  it('should record N results in one transaction, and the one that fails on its own', async () => {
    const writer = new CaseWriter();
    const changeMany = jest.spyOn(writer, 'changeMany');
    const change = jest.spyOn(writer, 'change');
    const recorder = new DeliveryRecorder(db.dataSource, writer, log, { max: 20, waitMs: 50 });
    const items = await claimed(6);
    // A result for a notification that does not exist: its case is not in the group's read, so it is recorded
    // on its own, and fails there as a lone result would.
    const missing = { ...items[0].change, notificationId: randomUUID() };
    const results = await Promise.allSettled([...items.map((i) => recorder.record(i.caseId, i.change, new Date())), recorder.record(items[0].caseId, missing, new Date())]);

    expect(results.slice(0, 6).map((r) => r.status === 'fulfilled' && r.value.applied.status)).toEqual(Array(6).fill('delivered'));
    expect(results[6]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/vanished/) }) });
    // One group of the six results (the seventh is for a case already in it: it waits for the next group).
    expect(changeMany).toHaveBeenCalledTimes(1);
    expect(changeMany.mock.calls[0][2]).toHaveLength(6);
    expect(change).toHaveBeenCalledTimes(1);
    await recordedOnce(items);
  });

  it('should record every result of a group whose transaction failed on its own, exactly once', async () => {
    const writer = new CaseWriter();
    const applyMany = jest.spyOn(writer, 'applyMany').mockRejectedValueOnce(new Error('connection lost'));
    const change = jest.spyOn(writer, 'change');
    const recorder = new DeliveryRecorder(db.dataSource, writer, log, { max: 20, waitMs: 50 });
    const items = await claimed(4);
    const results = await Promise.all(items.map((i) => recorder.record(i.caseId, i.change, new Date())));

    expect(results.map((r) => r.applied.status)).toEqual(Array(4).fill('delivered'));
    expect(applyMany).toHaveBeenCalled();
    expect(change).toHaveBeenCalledTimes(4);
    await recordedOnce(items);
  });

  it('should record two results of the same case in two groups', async () => {
    const writer = new CaseWriter();
    const changeMany = jest.spyOn(writer, 'changeMany');
    const recorder = new DeliveryRecorder(db.dataSource, writer, log, { max: 20, waitMs: 20 });
    const caseId = await insertCase(db.dataSource, 'GBANK');
    const [a] = await claimed(1, caseId);
    // A second freeze request of the same case (a retry after the first would do the same).
    const [b] = await claimed(1, caseId);
    const [c] = await claimed(1);
    const results = await Promise.all([a, b, c].map((i) => recorder.record(i.caseId, i.change, new Date())));

    expect(results.map((r) => r.applied.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(changeMany.mock.calls[0][2].map((i) => i.caseId)).toEqual([caseId, c.caseId]);
    await recordedOnce([a, b, c]);
  });
});
