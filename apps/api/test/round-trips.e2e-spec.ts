import { recordStatements, type RecordedStatement } from '@sentinel/testing';
import { createBank, past } from './ops-fixtures';
import { auth, TestApp, type TestUser } from './test-app';

/**
 * SQL round trips of the hot paths (every statement sent to the suite's database, BEGIN and COMMIT included, the
 * authentication lookup left out), so a
 * regression shows. The budgets are upper bounds of what the write path does today (docs/architecture.md "The one
 * write path for a case"); lower them when a path gets cheaper, never raise them without a reason in the commit.
 */
const BUDGET = {
  intakeNewCase: 6,
  intakeNewCaseWithIdempotencyKey: 6,
  intakeLinked: 6,
  claimNext: 6,
  confirmFreeze: 6,
};

describe('Round trips of the write path', () => {
  let t: TestApp;
  let intake: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await TestApp.start('round-trips');
    await createBank(t, 'RTB');
    // a bank's gateway key that may trigger the freeze at opening (the intake path these budgets measure)
    intake = await t.createApiKey({ bankCodes: ['RTB'], channels: ['bank_alert'], autoFreeze: true });
    analyst = await t.createUser('analyst');
  });
  afterAll(() => t?.stop());

  async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: RecordedStatement[] }> {
    const rec = recordStatements({ database: t.dbName });
    try {
      const result = await fn();
      // Authentication (the session lookup, its sliding-expiry touch) is the guard's, not the write path's.
      return { result, statements: rec.stop().filter((x) => !/\b(sessions|api_keys)\b/.test(x.text)) };
    } finally {
      rec.stop();
    }
  }

  const report = (sn: string, extra: Record<string, unknown> = {}) => ({
    sn,
    channel: 'bank_alert',
    misuseType: 'cloned_terminal',
    bankCode: 'RTB',
    merchantId: 'M-1',
    amountAtRisk: { minor: 120_000, currency: 'CNY' },
    transactions: [{ at: past(30), amount: { minor: 50_000, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'chip' }],
    ...extra,
  });

  /** Fails with the list of statements, so a broken budget says where the round trips went. */
  const withinBudget = (label: string, s: RecordedStatement[], budget: number) => {
    const listing = `${label}: ${s.length} statements (budget ${budget})\n${s.map((x, i) => `  ${i + 1}. ${x.text.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n')}`;
    if (process.env.SHOW_ROUND_TRIPS) process.stdout.write(`${listing}\n`);
    if (s.length > budget) throw new Error(listing);
    expect(s.length).toBeGreaterThan(0);
  };

  it('should open a case from a report (auto freeze) within its budget', async () => {
    const { result, statements } = await counted(() => t.http().post('/api/reports').set(auth(intake.token)).send(report('RT-NEW-0001')));
    expect(result.status).toBe(201);
    withinBudget('intake new case', statements, BUDGET.intakeNewCase);
  });

  it('should open a case with an Idempotency-Key within its budget', async () => {
    const { result, statements } = await counted(() =>
      t.http().post('/api/reports').set(auth(intake.token)).set('Idempotency-Key', 'rt-key-1').send(report('RT-NEW-0002')),
    );
    expect(result.status).toBe(201);
    withinBudget('intake new case + key', statements, BUDGET.intakeNewCaseWithIdempotencyKey);
  });

  it('should link a report to the open case within its budget', async () => {
    const { result, statements } = await counted(() => t.http().post('/api/reports').set(auth(intake.token)).send(report('RT-NEW-0001')));
    expect(result.body.linkedToExisting).toBe(true);
    withinBudget('intake linked', statements, BUDGET.intakeLinked);
  });

  it('should claim the next case and run one action within their budgets', async () => {
    const { result: claimed, statements: claim } = await counted(() => t.http().post('/api/cases/claim-next').set(auth(analyst.token)).send({}));
    expect(claimed.status).toBe(200);
    withinBudget('claim-next', claim, BUDGET.claimNext);

    const { result: confirmed, statements: action } = await counted(() =>
      t
        .http()
        .post(`/api/cases/${claimed.body.id}/actions/confirm_freeze`)
        .set(auth(analyst.token))
        .send({ version: claimed.body.version, bankReference: 'RT-FRZ-1', confirmedAt: past(1) }),
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.stage).toBe('police_report');
    withinBudget('confirm_freeze', action, BUDGET.confirmFreeze);
  });
});
