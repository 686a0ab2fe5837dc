/**
 * SMOKE-CHECK FIXTURES — canned API responses for screenshots of the built console.
 * Not the API, not its rules: `allowedActions` and `exitRule` are written by hand here, as the
 * real API would compute them, only so the screens have something to show.
 */
const now = Date.now();
const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();
const H = 3_600_000;
const D = 24 * H;

export const USERS = [
  { id: 'u-sup', email: 'supervisor@example.test', name: 'Li Wei', role: 'supervisor', teamId: 't-east', active: true, locale: 'en', timeZone: 'Asia/Shanghai' },
  { id: 'u-ana', email: 'analyst@example.test', name: 'Zhang Min', role: 'analyst', teamId: 't-east', active: true, locale: 'en', timeZone: 'Asia/Shanghai' },
  { id: 'u-ana2', email: 'wang.fang@example.test', name: 'Wang Fang', role: 'analyst', teamId: 't-east', active: true, locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  { id: 'u-aud', email: 'auditor@example.test', name: 'Chen Jing', role: 'auditor', teamId: null, active: true, locale: 'en', timeZone: 'Asia/Shanghai' },
  { id: 'u-adm', email: 'admin@example.test', name: 'Admin', role: 'admin', teamId: null, active: true, locale: 'en', timeZone: 'Asia/Shanghai' },
  { id: 'u-icbc', email: 'icbc-alerts@example.test', name: 'ICBC alerting system', role: 'intake', teamId: null, active: true, locale: 'en', timeZone: null },
];

export const API_KEYS = [
  { id: 'k-1', name: 'ICBC fraud alerts (prod)', keyPrefix: 'snk_live_7Hq2', bankCodes: ['ICBC'], channels: ['bank_alert'], createdAt: iso(-30 * 24 * 3_600_000), lastUsedAt: iso(-3 * 60_000), revokedAt: null },
  { id: 'k-0', name: 'ICBC pilot', keyPrefix: 'snk_live_1aB9', bankCodes: ['ICBC'], channels: null, createdAt: iso(-90 * 24 * 3_600_000), lastUsedAt: iso(-31 * 24 * 3_600_000), revokedAt: iso(-30 * 24 * 3_600_000) },
];

export const PERMISSIONS: Record<string, string[]> = {
  analyst: ['reports:create', 'cases:read', 'cases:act', 'settings:read', 'sla:read', 'alerts:read'],
  supervisor: ['reports:create', 'cases:read', 'cases:act', 'cases:supervise', 'users:read', 'queues:manage', 'terminals:edit', 'settings:read', 'sla:read', 'alerts:read'],
  auditor: ['cases:read', 'users:read', 'settings:read', 'sla:read', 'audit:export', 'alerts:read'],
  admin: ['users:read', 'users:manage', 'banks:manage', 'teams:manage', 'queues:manage', 'terminals:edit', 'settings:read', 'sla:manage', 'audit:export', 'alerts:read'],
};

export const BANKS = [
  { id: 'b-icbc', code: 'ICBC', name: 'Industrial and Commercial Bank', webhookUrl: 'http://127.0.0.1:4010/webhooks', active: true },
  { id: 'b-cmb', code: 'CMB', name: 'China Merchants Bank', webhookUrl: 'http://127.0.0.1:9/hooks/sentinel', active: true },
];
export const TEAMS = [
  { id: 't-east', name: 'East China team', bankCodes: ['ICBC', 'CMB'], isDefault: true },
];
export const QUEUES = [
  { id: 'q-freeze', name: 'Freeze desk', teamId: 't-east', filter: { stage: 'freeze' }, counts: { open: 4, unassigned: 2, warning: 1, breached: 1 } },
  { id: 'q-p1', name: 'P1 — urgent', teamId: 't-east', filter: { priority: 'p1' }, counts: { open: 3, unassigned: 1, warning: 0, breached: 1 } },
  { id: 'q-evidence', name: 'Evidence & review', teamId: 't-east', filter: { stage: 'evidence' }, counts: { open: 6, unassigned: 3, warning: 2, breached: 0 } },
];
export const CALENDARS = [
  { id: '24x7', name: 'Around the clock', timeZone: 'UTC', workingHours: { mon: ['00:00', '24:00'], tue: ['00:00', '24:00'], wed: ['00:00', '24:00'], thu: ['00:00', '24:00'], fri: ['00:00', '24:00'], sat: ['00:00', '24:00'], sun: ['00:00', '24:00'] }, holidays: [], extraWorkingDays: [], builtin: true },
  { id: 'business', name: 'Business days (Shanghai)', timeZone: 'Asia/Shanghai', workingHours: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] }, holidays: ['2026-10-01', '2026-10-02', '2026-10-05'], extraWorkingDays: ['2026-09-27', '2026-10-10'] },
];
export const SLA_POLICIES = [
  { id: 'freeze', stage: 'freeze', target: 'PT1H', calendarId: '24x7', warnAtPercent: 80 },
  { id: 'police_report', stage: 'police_report', target: 'P1D', calendarId: 'business', warnAtPercent: 80 },
  { id: 'merchant_contact', stage: 'merchant_contact', target: 'P2D', calendarId: 'business', warnAtPercent: 80 },
  { id: 'evidence', stage: 'evidence', target: 'P5D', calendarId: 'business', warnAtPercent: 80 },
  { id: 'review', stage: 'review', target: 'P2D', calendarId: 'business', warnAtPercent: 80 },
];

const terminal = {
  id: 'term-1',
  sn: 'PAX-A920-00471122',
  model: 'PAX A920',
  tid: '87650012',
  bankCode: 'ICBC',
  merchantId: '102310058120001',
  merchantName: 'Jinqiao Fresh Market',
  merchantCreditCode: '****4411',
  settlementAccount: '****7788',
  registeredAddress: '88 Jinqiao Rd, Pudong, Shanghai',
  timeZone: 'Asia/Shanghai',
  createdAt: iso(-40 * D),
  updatedAt: iso(-2 * D),
};

const clock = (stage: string, startedAt: string, dueAt: string, state: string, metAt: string | null = null) => ({
  id: `clk-${stage}`,
  stage,
  startedAt,
  dueAt,
  warnAt: null,
  pausedMs: 0,
  warnedAt: state === 'warning' ? iso(-H) : null,
  breachedAt: state === 'breached' ? dueAt : null,
  metAt,
  endedAt: metAt,
  state,
  calendarId: stage === 'freeze' ? '24x7' : 'business',
  target: SLA_POLICIES.find((p) => p.stage === stage)!.target,
});

export const CASE_MAIN = {
  id: 'c-123',
  reference: 'SNC-2026-000123',
  sn: terminal.sn,
  merchantName: terminal.merchantName,
  bankCode: 'ICBC',
  teamId: 't-east',
  stage: 'evidence',
  status: 'open',
  outcome: null,
  priority: 'p1',
  priorityOverridden: false,
  assigneeId: 'u-ana',
  assignee: { id: 'u-ana', name: 'Zhang Min' },
  dueAt: iso(5 * H + 12 * 60_000),
  slaState: 'warning',
  misuseType: 'cloned_terminal',
  amountAtRisk: { minor: 8_650_000, currency: 'CNY' },
  createdAt: iso(-3 * D),
  updatedAt: iso(-2 * H),
  closedAt: null,
  closedFromStage: null,
  duplicateOfCaseId: null,
  version: 7,
  waivedStages: [],
  terminal,
  reports: [
    {
      id: 'r-1',
      caseId: 'c-123',
      caseReference: 'SNC-2026-000123',
      sn: terminal.sn,
      channel: 'bank_alert',
      misuseType: 'cloned_terminal',
      merchantId: terminal.merchantId,
      merchantName: terminal.merchantName,
      bankCode: 'ICBC',
      amountAtRisk: { minor: 8_650_000, currency: 'CNY' },
      deviceWithMerchant: true,
      reporter: { name: 'ICBC fraud desk', relationship: 'issuer' },
      transactions: [
        { at: iso(-3 * D - 5 * H), amount: { minor: 1_980_000, currency: 'CNY' }, maskedPan: '622848******1234', entryMode: 'chip_fallback', rrn: '402211003311', authCode: '883210' },
        { at: iso(-3 * D - 4 * H), amount: { minor: 2_450_000, currency: 'CNY' }, maskedPan: '621700******9981', entryMode: 'magstripe', rrn: '402211003355' },
      ],
      description: 'Two chip-fallback transactions at 02:14 and 03:05 from cards never seen at this merchant; the merchant says the terminal was locked in the shop.',
      receivedAt: iso(-3 * D),
      createdAt: iso(-3 * D),
      submittedBy: { id: 'k-icbc', role: 'intake' },
    },
    {
      id: 'r-2',
      caseId: 'c-123',
      caseReference: 'SNC-2026-000123',
      sn: terminal.sn,
      channel: 'merchant_call',
      misuseType: 'unauthorised_use',
      reporter: { name: 'Ms. Zhou (owner)', relationship: 'merchant', phone: '138****2211' },
      deviceWithMerchant: true,
      description: 'Owner called: settlement shows sales the shop never made.',
      receivedAt: iso(-2 * D - 3 * H),
      createdAt: iso(-2 * D - 3 * H),
      submittedBy: { id: 'u-ana', role: 'analyst' },
    },
  ],
  freeze: {
    bankCode: 'ICBC',
    requestedAt: iso(-3 * D + 60_000),
    notificationId: 'n-1',
    notificationStatus: 'delivered',
    bankReference: 'ICBC-FRZ-20261123-0091',
    confirmedAt: iso(-3 * D + 40 * 60_000),
    confirmedVia: 'callback',
    rejectedAt: null,
    rejectionReason: null,
    notice: { notifiedAt: iso(-3 * D + 3 * H), channel: 'phone', notifiedBy: 'bank', appealInstructionsGiven: true, recordedBy: 'u-ana' },
    unfreezeRequestedAt: null,
    unfrozenAt: null,
  },
  policeReport: { agency: 'Pudong PSB, Jinqiao station', reportNumber: 'PD-2026-118842', filedAt: iso(-2 * D - 20 * H), officer: 'Officer Sun', recordedBy: 'u-ana', recordedAt: iso(-2 * D - 19 * H) },
  merchantContacts: [
    { id: 'mc-1', channel: 'phone', contactedAt: iso(-2 * D - 2 * H), outcome: 'no_answer', findings: null, recordedBy: 'u-ana', createdAt: iso(-2 * D - 2 * H) },
    { id: 'mc-2', channel: 'visit', contactedAt: iso(-D - 4 * H), outcome: 'reached', findings: 'Terminal found in the shop, seal intact. Owner confirms no transactions after 22:00; CCTV shows shop closed.', recordedBy: 'u-ana', createdAt: iso(-D - 4 * H) },
  ],
  evidence: [
    { id: 'e-1', caseId: 'c-123', type: 'transaction_records', fileName: 'icbc-txn-export-20261123.csv', size: 48_213, mediaType: 'text/csv', sha256: '9f2c4a8b71d0e3f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3', description: 'Acquirer export, 30 days', addedBy: 'u-ana', addedAt: iso(-D), removedAt: null, removedBy: null, removalReason: null },
    { id: 'e-2', caseId: 'c-123', type: 'terminal_photo', fileName: 'sn-label.jpg', size: 1_482_331, mediaType: 'image/jpeg', sha256: '1b7e0c9a4d3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d', description: 'SN label and seal', addedBy: 'u-ana', addedAt: iso(-D + H), removedAt: null, removedBy: null, removalReason: null },
  ],
  clocks: [
    clock('freeze', iso(-3 * D), iso(-3 * D + H), 'met', iso(-3 * D + 40 * 60_000)),
    clock('police_report', iso(-3 * D + 40 * 60_000), iso(-2 * D), 'met', iso(-2 * D - 19 * H)),
    clock('merchant_contact', iso(-2 * D - 19 * H), iso(D), 'met', iso(-D - 4 * H)),
    clock('evidence', iso(-D - 4 * H), iso(5 * H + 12 * 60_000), 'warning'),
  ],
  notes: [
    { id: 'nt-1', text: 'Bank confirmed freeze by callback; merchant was told by ICBC branch.', authorId: 'u-ana', authorName: 'Zhang Min', createdAt: iso(-3 * D + 4 * H) },
  ],
  headHash: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2',
  lastEventSeq: 9,
  allowedActions: [] as string[],
  exitRule: { met: false, missing: ['police_receipt'] },
};

export const ALLOWED_BY_ROLE: Record<string, string[]> = {
  analyst: ['add_evidence', 'submit_for_review', 'log_merchant_contact', 'add_note', 'release', 'remove_evidence'],
  supervisor: ['assign', 'set_priority', 'waive_stage', 'close_early', 'add_note', 'add_evidence'],
  auditor: [],
  admin: [],
};

const row = (over: Record<string, unknown>) => ({
  id: 'x',
  reference: 'SNC-2026-000000',
  sn: 'SN-000',
  merchantName: 'Merchant',
  bankCode: 'ICBC',
  teamId: 't-east',
  stage: 'freeze',
  status: 'open',
  outcome: null,
  priority: 'p3',
  assigneeId: null,
  assignee: null,
  dueAt: iso(H),
  slaState: 'on_track',
  misuseType: 'other',
  createdAt: iso(-H),
  updatedAt: iso(-H),
  version: 1,
  ...over,
});

export const CASE_ROWS = [
  row({ id: 'c-131', reference: 'SNC-2026-000131', sn: 'NEW9220-7781-0042', merchantName: 'Lujiazui Coffee Lab', bankCode: 'CMB', stage: 'freeze', priority: 'p1', dueAt: iso(-14 * 60_000), slaState: 'breached', misuseType: 'lost_or_stolen', createdAt: iso(-74 * 60_000) }),
  row({ id: 'c-129', reference: 'SNC-2026-000129', sn: 'LANDI-P990-55120', merchantName: 'Hongqiao Auto Parts', stage: 'freeze', priority: 'p2', dueAt: iso(9 * 60_000), slaState: 'warning', misuseType: 'sn_leak_laundering', createdAt: iso(-51 * 60_000) }),
  row({ ...CASE_MAIN, terminal: undefined, reports: undefined }),
  row({ id: 'c-118', reference: 'SNC-2026-000118', sn: 'VERIFONE-X990-1187', merchantName: 'Xuhui Night Market Stall 12', stage: 'police_report', priority: 'p2', assigneeId: 'u-ana2', assignee: { id: 'u-ana2', name: 'Wang Fang' }, dueAt: iso(20 * H), slaState: 'on_track', misuseType: 'relocation', createdAt: iso(-D) }),
  row({ id: 'c-112', reference: 'SNC-2026-000112', sn: 'PAX-S300-99812', merchantName: 'Minhang Hardware', bankCode: 'CMB', stage: 'merchant_contact', priority: 'p3', dueAt: iso(30 * H), slaState: 'on_track', misuseType: 'mcc_tampering', createdAt: iso(-2 * D) }),
  row({ id: 'c-104', reference: 'SNC-2026-000104', sn: 'SUNMI-P2-77120', merchantName: 'Jing’an Tea House', stage: 'review', priority: 'p4', assigneeId: 'u-ana', assignee: { id: 'u-ana', name: 'Zhang Min' }, dueAt: iso(40 * H), slaState: 'on_track', misuseType: 'cash_out', createdAt: iso(-6 * D) }),
];

export const EVENTS = [
  { seq: 1, at: iso(-3 * D), actor: { id: 'k-icbc', role: 'intake' }, action: 'case.opened', data: { after: { stage: 'freeze', priority: 'p1', misuseType: 'cloned_terminal' } } },
  { seq: 2, at: iso(-3 * D + 1000), actor: { id: 'system', role: 'system' }, action: 'request_freeze', data: { after: { bankCode: 'ICBC' } } },
  { seq: 3, at: iso(-3 * D + 40 * 60_000), actor: { id: 'bank:ICBC', role: 'bank' }, action: 'bank.freeze_confirmed', data: { after: { bankReference: 'ICBC-FRZ-20261123-0091', stage: 'police_report' }, before: { stage: 'freeze' } } },
  { seq: 4, at: iso(-2 * D - 3 * H), actor: { id: 'u-ana', role: 'analyst' }, action: 'report.linked', data: { after: { reportId: 'r-2' } } },
  { seq: 5, at: iso(-2 * D - 19 * H), actor: { id: 'u-ana', role: 'analyst' }, action: 'record_police_report', data: { before: { stage: 'police_report' }, after: { stage: 'merchant_contact', reportNumber: 'PD-2026-118842' } } },
  { seq: 6, at: iso(-D - 4 * H), actor: { id: 'u-ana', role: 'analyst' }, action: 'log_merchant_contact', data: { before: { stage: 'merchant_contact' }, after: { stage: 'evidence', outcome: 'reached' } } },
  { seq: 7, at: iso(-D), actor: { id: 'u-ana', role: 'analyst' }, action: 'evidence.added', data: { after: { type: 'transaction_records', sha256: '9f2c4a8b71d0…' } } },
  { seq: 8, at: iso(-D + H), actor: { id: 'u-ana', role: 'analyst' }, action: 'evidence.added', data: { after: { type: 'terminal_photo' } } },
  { seq: 9, at: iso(-H), actor: { id: 'system', role: 'system' }, action: 'sla.warning', data: { stage: 'evidence' } },
].map((e, i, all) => {
  const hash = (n: number) => (n.toString(16).padStart(2, '0') + 'a3f9c2e71b0d4c8e9f1a2b3c4d5e6f7081928374655647382910abcdef0123').slice(0, 64);
  return { id: `ev-${e.seq}`, caseId: 'c-123', ...e, prevHash: i === 0 ? '0'.repeat(64) : hash(all[i - 1].seq), hash: hash(e.seq) };
});

export const NOTIFICATIONS = [
  {
    id: 'n-1', caseId: 'c-123', caseReference: 'SNC-2026-000123', bankCode: 'ICBC', type: 'freeze.requested', status: 'delivered', attemptCount: 2, createdAt: iso(-3 * D + 1000), deliveredAt: iso(-3 * D + 12_000), lastError: null, lastStatusCode: 200,
    attempts: [
      { attemptNo: 1, startedAt: iso(-3 * D + 1500), durationMs: 10_004, statusCode: null, error: 'timeout after 10 s', outcome: 'failed' },
      { attemptNo: 2, startedAt: iso(-3 * D + 11_600), durationMs: 184, statusCode: 200, error: null, outcome: 'delivered' },
    ],
  },
  {
    id: 'n-7', caseId: 'c-131', caseReference: 'SNC-2026-000131', bankCode: 'CMB', type: 'freeze.requested', status: 'dead', attemptCount: 8, createdAt: iso(-74 * 60_000), deadAt: iso(-30 * 60_000), lastError: 'connect ECONNREFUSED 127.0.0.1:9', lastStatusCode: null,
    attempts: [{ attemptNo: 8, startedAt: iso(-30 * 60_000), durationMs: 3, statusCode: null, error: 'connect ECONNREFUSED 127.0.0.1:9', outcome: 'failed' }],
  },
];

export const ALERTS = [
  { id: 'a-1', type: 'sla.breached', caseId: 'c-131', caseReference: 'SNC-2026-000131', stage: 'freeze', createdAt: iso(-14 * 60_000), readAt: null },
  { id: 'a-2', type: 'notification.dead', caseId: 'c-131', caseReference: 'SNC-2026-000131', notificationId: 'n-7', createdAt: iso(-30 * 60_000), readAt: null },
  { id: 'a-3', type: 'sla.warning', caseId: 'c-123', caseReference: 'SNC-2026-000123', stage: 'evidence', createdAt: iso(-H), readAt: null },
  { id: 'a-4', type: 'freeze.rejected', caseId: 'c-118', caseReference: 'SNC-2026-000118', stage: 'freeze', createdAt: iso(-D), readAt: iso(-20 * H) },
];

export function slaSummary() {
  const stages = ['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'];
  const open = [4, 3, 5, 6, 2];
  const series: Array<Record<string, unknown>> = [];
  for (let d = 13; d >= 0; d--) {
    const bucket = new Date(now - d * D).toISOString().slice(0, 10);
    stages.forEach((stage, i) => {
      const met = 6 + ((d * 7 + i * 3) % 9);
      const breached = (d + i) % 4 === 0 ? 2 : (d * i) % 5 === 1 ? 1 : 0;
      series.push({ bucket, stage, met, breached, medianSeconds: [1800, 20_000, 60_000, 200_000, 90_000][i] * (0.8 + ((d + i) % 5) / 10) });
    });
  }
  return {
    stages: stages.map((stage, i) => ({ stage, open: open[i], warning: [1, 0, 1, 2, 0][i], breached: [1, 0, 0, 0, 0][i], met: 120 - i * 9, breachRate: [0.06, 0.03, 0.05, 0.08, 0.02][i], medianSeconds: [1800, 20_000, 60_000, 200_000, 90_000][i], p90Seconds: [3200, 50_000, 140_000, 380_000, 160_000][i] })),
    series,
  };
}

export const BREACHES = [
  { id: 'clk-131', caseId: 'c-131', caseReference: 'SNC-2026-000131', stage: 'freeze', state: 'breached', dueAt: iso(-14 * 60_000), breachedAt: iso(-14 * 60_000), priority: 'p1', assigneeId: null, teamId: 't-east', open: true },
  { id: 'clk-118', caseId: 'c-118', caseReference: 'SNC-2026-000118', stage: 'freeze', state: 'met', dueAt: iso(-D + H), breachedAt: iso(-D + H), priority: 'p2', assigneeId: 'u-ana2', teamId: 't-east', open: true },
  { id: 'clk-112', caseId: 'c-112', caseReference: 'SNC-2026-000112', stage: 'police_report', state: 'met', dueAt: iso(-2 * D), breachedAt: iso(-2 * D), priority: 'p3', assigneeId: null, teamId: 't-east', open: true },
];

export const LOAD = [
  { assigneeId: 'u-ana', name: 'Zhang Min', open: 7, overdue: 1 },
  { assigneeId: 'u-ana2', name: 'Wang Fang', open: 5, overdue: 0 },
  { assigneeId: 'u-sup', name: 'Li Wei', open: 2, overdue: 0 },
  { assigneeId: 'u-x', name: 'Zhao Lei', open: 9, overdue: 3 },
];

export const TERMINALS = [terminal];
export const REPORTS = CASE_MAIN.reports;
