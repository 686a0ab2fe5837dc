import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { CaseWriter, NotificationsRepository } from '@sentinel/persistence';
import { Api } from './api';
import { ADMIN, REPO } from './stack';

export const PASSWORD = 'E2e-Demo-Password-1!';

/** The demo users of tools/seed/demo-seed.ts (all with PASSWORD). */
export const USERS = {
  analyst: 'analyst@sentinel.local', // Li Wei, East (names carry no role: the console shows roles itself)
  analyst2: 'analyst2@sentinel.local', // Wang Fang, East
  analyst3: 'analyst3@sentinel.local', // Chen Jie, South
  supervisor: 'supervisor@sentinel.local', // Zhao Min, East
  supervisor2: 'supervisor2@sentinel.local', // Sun Lei, South
  auditor: 'auditor@sentinel.local',
  intake: 'intake@sentinel.local',
} as const;
export type UserKey = keyof typeof USERS | 'admin';

export interface SeededUser {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
}

export interface Seeded {
  api: Api;
  ds: DataSource;
  users: Record<UserKey, SeededUser>;
  /** A fresh open case from a new report (intake), optionally claimed and walked by `by` up to a stage. */
  openCase(opts?: { by?: UserKey; upTo?: WalkTarget; merchantName?: string }): Promise<{ id: string; reference: string }>;
}

/** Free text the tests type (shared with the zh-CN check, which must not mistake data for untranslated UI). */
export const TEXT = {
  agency: 'Shanghai PSB Huangpu Branch',
  officer: 'Officer Liu',
  findings: 'Owner reached by phone: the terminal is in the shop; the SN was copied from a repair invoice.',
  summary: 'Cloned terminal confirmed: transactions in two cities within the hour; police case HP-2026-004417.',
  priorityReason: 'Police stop-payment instruction received by phone.',
  fixtureFindings: 'Merchant confirms the terminal never left the shop.',
  fixtureSummary: 'Confirmed after review of the transaction records.',
  fixtureAgency: 'Shanghai PSB Pudong Branch',
  reporter: 'ICBC alert gateway',
  description: 'Cards swiped under this SN in two cities within the hour.',
};

/** Latin free text written by tools/seed/demo-seed.ts and demo-history.ts, and by these fixtures. */
export const SEED_TEXTS = [
  ...Object.values(TEXT),
  'Demo report: suspicious transactions under this SN.',
  'Demo resolution after review.',
  'Demo reporter',
  'Historic merchant',
  'Business days (mainland China)',
  'Bank alert gateway',
  'Replaced by the service provider after the police report.',
];

export type WalkTarget = 'unassigned' | 'claimed' | 'police_report' | 'merchant_contact' | 'evidence' | 'review' | 'closed';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/**
 * tools/seed/demo-seed.ts against the test API, as `npm start` runs it: users, banks, teams, queues, cases in every
 * stage, and (given DATABASE_URL) four weeks of closed-case history for the dashboard. No bank sandbox (it
 * tolerates one that is not there); the production freeze SLA (1 h) rather than the demo's 5 minutes, so nothing
 * changes state while the tests run.
 */
function runDemoSeed(apiUrl: string, dbUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './tools/register.js', join('tools', 'seed', 'demo-seed.ts')], {
      cwd: REPO,
      env: {
        ...process.env,
        API_URL: apiUrl,
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DEMO_PASSWORD: PASSWORD,
        BANK_SANDBOX_URL: 'http://127.0.0.1:9',
        DEFAULT_TIME_ZONE: 'Asia/Shanghai',
        DATABASE_URL: dbUrl,
        DEMO_FREEZE_SLA: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`demo seed exited ${code}: ${err.trim()}`))));
  });
}

let snSeq = 0;
const CSV = 'time,amount,card\n2026-11-24T01:12:00Z,4999.00,622848******1234\n';

export async function seed(apiUrl: string, dbUrl: string, ds: DataSource): Promise<Seeded> {
  const api = new Api(apiUrl);
  await runDemoSeed(apiUrl, dbUrl);

  const adminToken = await api.login(ADMIN.email, ADMIN.password);
  const all = await api.list('/api/users', adminToken);
  const users = {} as Record<UserKey, SeededUser>;
  const admin = all.find((u) => u.email === ADMIN.email)!;
  users.admin = { id: admin.id, email: ADMIN.email, name: admin.name, password: ADMIN.password, token: adminToken };
  await Promise.all(
    (Object.keys(USERS) as Array<keyof typeof USERS>).map(async (k) => {
      const u = all.find((x) => x.email === USERS[k]);
      if (!u) throw new Error(`demo seed did not create ${USERS[k]}`);
      users[k] = { id: u.id, email: u.email, name: u.name, password: PASSWORD, token: await api.login(u.email, PASSWORD) };
    }),
  );

  const walk = async (caseId: string, by: UserKey, upTo: WalkTarget) => {
    if (upTo === 'unassigned') return;
    const tok = users[by].token;
    await api.act(caseId, tok, 'claim');
    if (upTo === 'claimed') return;
    await api.act(caseId, tok, 'confirm_freeze', { bankReference: `FRZ-${caseId.slice(0, 8).toUpperCase()}`, confirmedAt: ago(20 * MIN) });
    if (upTo === 'police_report') return;
    await api.act(caseId, tok, 'record_police_report', { agency: TEXT.fixtureAgency, reportNumber: `PD-2026-${caseId.slice(0, 6)}`, filedAt: ago(10 * MIN) });
    if (upTo === 'merchant_contact') return;
    await api.act(caseId, tok, 'log_merchant_contact', { channel: 'phone', contactedAt: ago(5 * MIN), outcome: 'reached', findings: TEXT.fixtureFindings });
    if (upTo === 'evidence') return;
    await api.upload(caseId, tok, 'transaction_records', 'transactions.csv', CSV, 'text/csv');
    await api.upload(caseId, tok, 'police_receipt', 'police-receipt.txt', `Police receipt PD-2026-${caseId.slice(0, 6)}\n`, 'text/plain');
    await api.act(caseId, tok, 'submit_for_review');
    if (upTo === 'review') return;
    await api.act(caseId, users.supervisor.token, 'resolve', { outcome: 'confirmed_misuse', summary: TEXT.fixtureSummary });
  };

  // The bank's gateway reports through a bound API key that may request the freeze at opening (a password session
  // never triggers it: docs/api.md "Who may trigger the automatic freeze").
  const gatewayKey: string = (
    await api.post(`/api/users/${users.intake.id}/api-keys`, adminToken, { name: 'Browser tests gateway', bankCodes: ['ICBC_SH'], channels: ['bank_alert'], autoFreeze: true })
  ).key;
  const openCase: Seeded['openCase'] = async (opts = {}) => {
    const n = ++snSeq;
    const r = await api.post('/api/reports', gatewayKey, {
      sn: `NEWLAND-N910-${pad(700000 + n * 37, 7)}`,
      channel: 'bank_alert',
      misuseType: n % 2 ? 'cloned_terminal' : 'cash_out',
      bankCode: 'ICBC_SH',
      merchantId: `89831005${pad(9000000 + n, 7)}`,
      merchantName: opts.merchantName ?? ['Silk Road Tailors', 'Peony Bakery', 'Yangtze Books', 'Red Lantern Karaoke'][n % 4],
      terminalId: `T${pad(20086000 + n, 8)}`,
      terminalModel: 'NEWLAND N910',
      amountAtRisk: { minor: 1_250_000 + n * 10_000, currency: 'CNY' },
      deviceWithMerchant: true,
      reporter: { name: TEXT.reporter, relationship: 'issuer' },
      transactions: [{ at: ago(3 * HOUR), amount: { minor: 499_900, currency: 'CNY' }, maskedPan: `622848******${pad(1000 + n, 4)}`, entryMode: 'magstripe' }],
      description: TEXT.description,
    });
    await walk(r.caseId, opts.by ?? 'analyst', opts.upTo ?? 'unassigned');
    return { id: r.caseId, reference: r.caseReference };
  };

  await seedSlaNow(ds);
  await seedDeadNotification(ds);
  return { api, ds, users, openCase };
}

/**
 * SLA breaches and warnings now: a few open freeze clocks moved back in time (as if their cases had been opened
 * earlier), then fired through the worker's own code path (the `sla_timer` change: case event, case SLA fields, alerts).
 */
const writer = new CaseWriter();
const notifications = new NotificationsRepository();

async function seedSlaNow(ds: DataSource): Promise<void> {
  const clocks: Array<{ id: string }> = await ds.query(
    `SELECT k.id FROM sla_clocks k JOIN cases c ON c.id = k.case_id
      WHERE c.status = 'open' AND c.stage = 'freeze' AND k.stage = 'freeze' AND k.state = 'on_track'
      ORDER BY c.reference LIMIT 7`,
  );
  for (const [i, k] of clocks.entries()) {
    const breach = i < 4;
    if (breach) {
      // due (10 + 15i) minutes ago
      await ds.query(
        `UPDATE sla_clocks SET started_at = now() - $2::interval - (due_at - started_at), warn_at = now() - $2::interval - (due_at - warn_at),
                due_at = now() - $2::interval WHERE id = $1`,
        [k.id, `${10 + 15 * i} minutes`],
      );
    } else {
      // the warning moment passed 2 minutes ago; the due time is still ahead
      await ds.query(
        `UPDATE sla_clocks SET started_at = now() - interval '2 minutes' - (warn_at - started_at), due_at = now() - interval '2 minutes' + (due_at - warn_at),
                warn_at = now() - interval '2 minutes' WHERE id = $1`,
        [k.id],
      );
    }
    const now = new Date();
    const fired = await ds.transaction((em) => writer.change(em, { clockId: k.id }, { kind: 'sla_timer', clockId: k.id, timer: breach ? 'due' : 'warning' }, now));
    const result = fired?.plan.result;
    if (result?.kind !== 'sla_timer' || result.outcome !== (breach ? 'breached' : 'warned')) throw new Error(`SLA fixture: clock ${k.id} → ${JSON.stringify(result)}`);
  }
}

/** One freeze request that exhausted its delivery schedule (the worker's code path, without the HTTP call). */
async function seedDeadNotification(ds: DataSource): Promise<void> {
  const [n] = await ds.query(
    `SELECT n.id FROM notifications n JOIN cases c ON c.id = n.case_id
      WHERE n.status = 'pending' AND n.type = 'freeze.requested' AND c.status = 'open' AND c.assignee_id IS NULL AND c.bank_code = 'CMB_SZ'
      ORDER BY c.reference LIMIT 1`,
  );
  if (!n) return;
  const ATTEMPTS = 8;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const now = new Date();
    const claim = await notifications.claim(ds, n.id, now, { dueSlackMs: DAY });
    if (!claim.ok) throw new Error(`could not claim notification ${n.id}: ${claim.reason}`);
    const last = attempt === ATTEMPTS;
    await ds.transaction((em) =>
      writer.change(
        em,
        { notificationId: n.id },
        {
          kind: 'delivery_attempt',
          notificationId: n.id,
          generation: claim.notification.generation,
          claimedAt: claim.notification.claimedAt,
          attemptNo: attempt,
          startedAt: now,
          durationMs: 10_000,
          statusCode: null,
          error: 'timeout after 10000 ms (connect ETIMEDOUT 127.0.0.1:9)',
          outcome: 'failed',
          nextAttemptAt: last ? null : new Date(now.getTime() - 1),
        },
        new Date(now.getTime() + 1),
      ),
    );
  }
}
