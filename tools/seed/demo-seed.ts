/**
 * Demo seed for `npm start`: users for each role, two banks wired to the bank sandbox, teams, a queue,
 * the business calendar in the demo time zone with China's holidays, and a few dozen cases in different
 * stages — all through the public HTTP API, so the demo exercises the real paths (and its audit trail).
 * Idempotent: a second run creates no duplicates; it re-registers the banks' secrets with the sandbox
 * (the sandbox keeps them only in memory). Prints one JSON line `{"demoLogins":[…]}` for the launcher.
 */
import { CHINA_2026_HOLIDAYS } from '@sentinel/domain';
import { seedHistory } from './demo-history';

const API = process.env.API_URL ?? 'http://127.0.0.1:3000';
const SANDBOX = process.env.BANK_SANDBOX_URL ?? 'http://127.0.0.1:4010';
const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'admin@sentinel.local';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'Sentinel-Demo-2026!';
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Sentinel-Demo-2026!';
const TZ = process.env.DEFAULT_TIME_ZONE ?? 'Asia/Shanghai';

const USERS = [
  { email: 'analyst@sentinel.local', name: 'Li Wei', role: 'analyst', team: 'East' },
  { email: 'analyst2@sentinel.local', name: 'Wang Fang', role: 'analyst', team: 'East' },
  { email: 'analyst3@sentinel.local', name: 'Chen Jie', role: 'analyst', team: 'South' },
  { email: 'supervisor@sentinel.local', name: 'Zhao Min', role: 'supervisor', team: 'East' },
  { email: 'supervisor2@sentinel.local', name: 'Sun Lei', role: 'supervisor', team: 'South' },
  { email: 'auditor@sentinel.local', name: 'Zhou Yan', role: 'auditor', team: null },
  { email: 'intake@sentinel.local', name: 'Bank alert gateway', role: 'intake', team: null },
] as const;

const BANKS = [
  { code: 'ICBC_SH', name: 'ICBC Shanghai Acquiring', team: 'East' },
  { code: 'CMB_SZ', name: 'China Merchants Bank Shenzhen', team: 'South' },
];

type Json = Record<string, any>;

async function call(method: string, path: string, token: string | null, body?: unknown, base = API): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

async function must(method: string, path: string, token: string | null, body?: unknown): Promise<any> {
  const r = await call(method, path, token, body);
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function login(email: string, password: string): Promise<string> {
  return (await must('POST', '/api/auth/login', null, { email, password })).token;
}

async function list(path: string, token: string): Promise<Json[]> {
  return must('GET', `${path}${path.includes('?') ? '&' : '?'}range=${encodeURIComponent('[0,999]')}`, token);
}

const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const rnd = (n: number) => Math.floor(Math.random() * n);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

async function main(): Promise<void> {
  const admin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);

  // Business calendar in the demo time zone with that year's public holidays and make-up days (editable data).
  await call('PUT', '/api/calendars/business', admin, {
    id: 'business',
    name: 'Business days (mainland China)',
    timeZone: TZ,
    workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
    holidays: CHINA_2026_HOLIDAYS.holidays,
    extraWorkingDays: CHINA_2026_HOLIDAYS.extraWorkingDays,
  });

  // The demo shortens the freeze SLA (production default 1 h) so warnings and breaches appear while you watch:
  // cases from untrusted channels get no automatic freeze request and run out of time in the freeze stage.
  const demoFreezeSla = process.env.DEMO_FREEZE_SLA ?? 'PT5M';
  if (demoFreezeSla !== 'off') {
    await call('PUT', '/api/sla-policies/freeze', admin, { target: demoFreezeSla, calendarId: '24x7', warnAtPercent: 80 });
  }

  const teamList = await list('/api/teams', admin);
  const teams = new Map<string, string>(teamList.map((t) => [t.name, t.id]));
  // Every installation has exactly one default team (a migration makes it, named "Default team"); the demo makes
  // that team its East desk instead of leaving an empty team beside it. A default an admin set up is left alone.
  const installed = teamList.find((t) => t.isDefault && t.name === 'Default team' && t.bankCodes.length === 0);
  if (!teams.has('East') && installed) {
    await must('PUT', `/api/teams/${installed.id}`, admin, { name: 'East', bankCodes: ['ICBC_SH'], isDefault: true });
    teams.set('East', installed.id);
  }
  for (const [name, bankCodes, isDefault] of [
    ['East', ['ICBC_SH'], true],
    ['South', ['CMB_SZ'], false],
  ] as const) {
    if (!teams.has(name)) teams.set(name, (await must('POST', '/api/teams', admin, { name, bankCodes, isDefault })).id);
  }

  // Banks: webhook at the sandbox; a fresh secret on every start, registered with the (in-memory) sandbox.
  const banks = new Map<string, Json>((await list('/api/banks', admin)).map((b) => [b.code, b]));
  for (const b of BANKS) {
    const webhookUrl = `${SANDBOX}/webhooks/${b.code}`;
    let secret: string;
    if (!banks.has(b.code)) {
      const created = await must('POST', '/api/banks', admin, { code: b.code, name: b.name, webhookUrl, active: true });
      secret = created.secret;
      banks.set(b.code, created);
    } else {
      const bank = banks.get(b.code)!;
      // The launcher may have put the sandbox on another port this time: the webhook follows it.
      if (bank.webhookUrl !== webhookUrl) await must('PUT', `/api/banks/${bank.id}`, admin, { webhookUrl });
      secret = (await must('POST', `/api/banks/${bank.id}/rotate-secret`, admin, {})).secret;
    }
    // BANK_SANDBOX_CONTROL_TOKEN: the sandbox's control API needs it when it listens beyond loopback (compose demo)
    await call('PUT', `/control/banks/${b.code}`, process.env.BANK_SANDBOX_CONTROL_TOKEN || null, { secret, callbackUrl: `${API}/api/bank-callbacks/${b.code}` }, SANDBOX).catch(() => undefined);
  }

  const existing = new Map<string, Json>((await list('/api/users', admin)).map((u) => [u.email ?? u.name, u]));
  for (const u of USERS) {
    if (existing.has(u.email)) continue;
    existing.set(u.email, await must('POST', '/api/users', admin, { email: u.email, name: u.name, role: u.role, teamId: u.team ? teams.get(u.team) : null, password: DEMO_PASSWORD }));
  }

  const queues = await list('/api/queues', admin);
  if (!queues.some((q) => q.name === 'East — urgent')) {
    await must('POST', '/api/queues', admin, { name: 'East — urgent', teamId: teams.get('East'), filter: { priority: ['p1', 'p2'] } });
    await must('POST', '/api/queues', admin, { name: 'East — all open', teamId: teams.get('East'), filter: {} });
    await must('POST', '/api/queues', admin, { name: 'Breached (all teams)', filter: { slaState: ['breached'] } });
  }

  const analyst = await login('analyst@sentinel.local', DEMO_PASSWORD);
  const analyst2 = await login('analyst2@sentinel.local', DEMO_PASSWORD);
  const supervisor = await login('supervisor@sentinel.local', DEMO_PASSWORD);
  const intake = await login('intake@sentinel.local', DEMO_PASSWORD);

  const count = await fetch(`${API}/api/cases?range=${encodeURIComponent('[0,0]')}`, { headers: { authorization: `Bearer ${supervisor}` } });
  const existingCases = Number((count.headers.get('content-range') ?? '*/0').split('/').pop());
  if (existingCases < 10) await seedCases({ analyst, analyst2, supervisor, intake });
  // History for the dashboard charts (needs the database: the past cannot be made through the API).
  if (process.env.DATABASE_URL) {
    const made = await seedHistory(process.env.DATABASE_URL, 'supervisor2@sentinel.local', 'analyst@sentinel.local');
    if (made) console.error(`seed: ${made} closed cases of history for the dashboard`);
  }

  console.log(
    JSON.stringify({
      demoLogins: [
        { role: 'admin', email: ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : ADMIN_PASSWORD },
        ...USERS.map((u) => ({ role: u.role, email: u.email, password: DEMO_PASSWORD })),
      ],
    }),
  );
}

const MISUSE = ['cloned_terminal', 'sn_leak_laundering', 'lost_or_stolen', 'unauthorised_use', 'relocation', 'mcc_tampering', 'skimming_tampering', 'cash_out'];
const MERCHANTS = ['Lucky Noodles', 'Golden Dragon Tea House', 'Pearl River Electronics', 'Jade Garden Hotpot', 'Bund Coffee Roasters', 'Nanjing Road Jewellers', 'Lotus Pharmacy', 'Harbour Seafood'];

async function seedCases(t: { analyst: string; analyst2: string; supervisor: string; intake: string }): Promise<void> {
  const created: Array<{ caseId: string; bank: string }> = [];
  for (let i = 0; i < 36; i++) {
    const bank = i % 3 === 2 ? 'CMB_SZ' : 'ICBC_SH';
    const misuseType = MISUSE[i % MISUSE.length];
    const brand = ['PAX-A920', 'NEWLAND-N910', 'VERIFONE-X990', 'LANDI-A8'][i % 4];
    const body = {
      sn: `${brand}-${pad(100000 + i * 7919, 7)}`,
      channel: i % 4 === 0 ? 'merchant_call' : i % 4 === 1 ? 'bank_alert' : i % 4 === 2 ? 'cardholder' : 'internal_monitoring',
      misuseType,
      bankCode: bank,
      merchantId: `8983100${pad(58120000 + i, 8)}`,
      merchantName: MERCHANTS[i % MERCHANTS.length],
      terminalId: `T${pad(10086000 + i, 8)}`,
      terminalModel: brand.replace('-', ' '),
      amountAtRisk: { minor: (rnd(90) + 1) * 100_000 * (i % 5 === 0 ? 10 : 1), currency: 'CNY' },
      deviceWithMerchant: i % 7 !== 3,
      reporter: { name: 'Demo reporter', relationship: i % 2 ? 'merchant' : 'issuer' },
      transactions: Array.from({ length: 1 + (i % 6) }, (_, k) => ({
        at: ago(30 - k),
        amount: { minor: 50_000 + rnd(500_000), currency: 'CNY' },
        maskedPan: `622848******${pad(1000 + ((i * 13 + k * 7) % 9000), 4)}`,
        entryMode: k % 3 === 0 ? 'magstripe' : 'chip',
      })),
      description: 'Demo report: suspicious transactions under this SN.',
    };
    const r = await must('POST', '/api/reports', t.intake, body);
    created.push({ caseId: r.caseId, bank });
  }
  // Walk some cases forward so every stage and state shows up in the demo.
  const walk = async (idx: number, upTo: 'claimed' | 'police_report' | 'merchant_contact' | 'evidence' | 'review' | 'closed') => {
    const { caseId, bank } = created[idx];
    const who = bank === 'ICBC_SH' ? (idx % 2 ? t.analyst : t.analyst2) : t.analyst;
    let c = await must('GET', `/api/cases/${caseId}`, who);
    const act = async (action: string, payload: Json = {}, token = who) => {
      c = await must('POST', `/api/cases/${caseId}/actions/${action}`, token, { version: c.version, ...payload });
    };
    await act('claim');
    if (upTo === 'claimed') return;
    if (c.stage === 'freeze') await act('confirm_freeze', { bankReference: `${bank}-FRZ-${pad(idx, 4)}`, confirmedAt: ago(0.2) });
    await act('record_freeze_notice', { notifiedAt: ago(0.1), channel: 'phone', notifiedBy: 'bank', appealInstructionsGiven: true }).catch(() => undefined);
    if (upTo === 'police_report') return;
    await act('record_police_report', { agency: 'Shanghai PSB Huangpu Branch', reportNumber: `HP-2026-${pad(idx, 5)}`, filedAt: ago(0.05) });
    if (upTo === 'merchant_contact') return;
    await act('log_merchant_contact', { channel: 'phone', contactedAt: ago(0.04), outcome: 'reached', findings: 'Merchant confirms the terminal never left the shop.' });
    if (upTo === 'evidence') return;
    for (const [type, name, content] of [
      ['transaction_records', 'transactions.csv', 'time,amount,card\n2026-11-24T01:12:00Z,4999.00,622848******1234\n'],
      ['police_receipt', 'police-receipt.txt', `Police receipt HP-2026-${pad(idx, 5)}\n`],
    ]) {
      const form = new FormData();
      form.append('type', type);
      form.append('file', new Blob([content], { type: 'text/plain' }), name);
      const res = await fetch(`${API}/api/cases/${caseId}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${who}` }, body: form });
      if (res.status !== 201) throw new Error(`evidence upload → ${res.status} ${await res.text()}`);
    }
    c = await must('GET', `/api/cases/${caseId}`, who);
    await act('submit_for_review');
    if (upTo === 'review') return;
    await act('resolve', { outcome: idx % 2 ? 'confirmed_misuse' : 'no_misuse', summary: 'Demo resolution after review.' }, t.supervisor);
  };
  const plan: Array<Parameters<typeof walk>[1]> = ['claimed', 'claimed', 'police_report', 'police_report', 'merchant_contact', 'merchant_contact', 'evidence', 'evidence', 'review', 'review', 'review', 'closed', 'closed', 'closed'];
  for (let i = 0; i < plan.length; i++) {
    try {
      await walk(i * 2 + 1, plan[i]);
    } catch (e) {
      console.error(`seed: walking case ${i * 2 + 1} to ${plan[i]} stopped: ${(e as Error).message}`);
    }
  }
}

main().catch((e) => {
  console.error(`demo seed failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
