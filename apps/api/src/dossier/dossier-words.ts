/** The dossier's words in English and Simplified Chinese (full-width punctuation in zh-CN). */
export const DOSSIER_LANGS = ['en', 'zh-CN'] as const;
export type DossierLang = (typeof DOSSIER_LANGS)[number];

export interface DossierWords {
  title: string;
  generated: string;
  by: string;
  summary: string;
  reference: string;
  status: string;
  stage: string;
  outcome: string;
  priority: string;
  misuseType: string;
  openedAt: string;
  closedAt: string;
  assignee: string;
  team: string;
  bank: string;
  amountAtRisk: string;
  terminal: string;
  sn: string;
  model: string;
  tid: string;
  merchantId: string;
  merchantName: string;
  creditCode: string;
  settlementAccount: string;
  address: string;
  maskedNote: string;
  reports: string;
  receivedAt: string;
  channel: string;
  description: string;
  submittedBy: string;
  stageRecords: string;
  freeze: string;
  bankReference: string;
  confirmedAt: string;
  rejected: string;
  policeReport: string;
  agency: string;
  reportNumber: string;
  filedAt: string;
  merchantContacts: string;
  contactedAt: string;
  contactOutcome: string;
  findings: string;
  clocks: string;
  startedAt: string;
  dueAt: string;
  endedAt: string;
  slaOutcome: string;
  breachedAt: string;
  warnedAt: string;
  holds: string;
  holdRenewals: string;
  regulatory: string;
  filed: string;
  cancelled: string;
  aftercare: string;
  replacedBy: string;
  watchlistHits: string;
  evidence: string;
  fileName: string;
  size: string;
  addedAt: string;
  removed: string;
  notes: string;
  notifications: string;
  attempts: string;
  timeline: string;
  actor: string;
  action: string;
  chain: string;
  lastEventSeq: string;
  headHash: string;
  checkpoint: string;
  noCheckpoint: string;
  checkpointCovers: string;
  signature: string;
  valid: string;
  invalid: string;
  otherKey: string;
  none: string;
  page: string;
  stages: Record<string, string>;
  slaStates: Record<string, string>;
}

const en: DossierWords = {
  title: 'Case dossier',
  generated: 'Generated',
  by: 'for',
  summary: 'Summary',
  reference: 'Reference',
  status: 'Status',
  stage: 'Stage',
  outcome: 'Outcome',
  priority: 'Priority',
  misuseType: 'Misuse type',
  openedAt: 'Opened',
  closedAt: 'Closed',
  assignee: 'Assignee',
  team: 'Team',
  bank: 'Bank',
  amountAtRisk: 'Amount at risk',
  terminal: 'Terminal',
  sn: 'SN',
  model: 'Model',
  tid: 'TID',
  merchantId: 'Merchant ID',
  merchantName: 'Merchant',
  creditCode: 'Credit code',
  settlementAccount: 'Settlement account',
  address: 'Registered address',
  maskedNote: 'Personal fields are masked.',
  reports: 'Reports',
  receivedAt: 'Received',
  channel: 'Channel',
  description: 'Description',
  submittedBy: 'Submitted by',
  stageRecords: 'Stage records',
  freeze: 'Freeze',
  bankReference: 'Bank reference',
  confirmedAt: 'Confirmed',
  rejected: 'Rejected',
  policeReport: 'Police report',
  agency: 'Agency',
  reportNumber: 'Report number',
  filedAt: 'Filed',
  merchantContacts: 'Merchant contacts',
  contactedAt: 'Contacted',
  contactOutcome: 'Outcome',
  findings: 'Findings',
  clocks: 'SLA clocks',
  startedAt: 'Started',
  dueAt: 'Due',
  endedAt: 'Ended',
  slaOutcome: 'SLA outcome',
  breachedAt: 'Breached',
  warnedAt: 'Warned',
  holds: 'Holds and police orders',
  holdRenewals: 'Renewals',
  regulatory: 'Regulatory deadlines',
  filed: 'Filed',
  cancelled: 'Cancelled',
  aftercare: 'Aftercare',
  replacedBy: 'Terminal replaced by',
  watchlistHits: 'Watchlist hits',
  evidence: 'Evidence',
  fileName: 'File',
  size: 'Size',
  addedAt: 'Added',
  removed: 'Removed',
  notes: 'Notes',
  notifications: 'Bank notifications',
  attempts: 'Attempts',
  timeline: 'Full timeline',
  actor: 'Actor',
  action: 'Action',
  chain: 'Audit chain',
  lastEventSeq: 'Last event',
  headHash: 'Head hash',
  checkpoint: 'Latest checkpoint',
  noCheckpoint: 'No checkpoint covers this case yet.',
  checkpointCovers: 'Covers this case up to event',
  signature: 'Signature',
  valid: 'valid',
  invalid: 'INVALID',
  otherKey: 'signed with another key',
  none: '—',
  page: 'Page',
  stages: { freeze: 'Freeze', police_report: 'Police report', merchant_contact: 'Merchant contact', evidence: 'Evidence', review: 'Review' },
  slaStates: { on_track: 'on track', warning: 'warning', breached: 'breached', met: 'met', waived: 'waived', cancelled: 'cancelled' },
};

const zhCN: DossierWords = {
  title: '案件档案',
  generated: '生成时间',
  by: '查阅人',
  summary: '概要',
  reference: '案件编号',
  status: '状态',
  stage: '阶段',
  outcome: '结论',
  priority: '优先级',
  misuseType: '滥用类型',
  openedAt: '立案时间',
  closedAt: '结案时间',
  assignee: '经办人',
  team: '团队',
  bank: '银行',
  amountAtRisk: '风险金额',
  terminal: '终端',
  sn: '序列号',
  model: '型号',
  tid: '终端号',
  merchantId: '商户号',
  merchantName: '商户',
  creditCode: '统一社会信用代码',
  settlementAccount: '结算账户',
  address: '注册地址',
  maskedNote: '个人信息已脱敏。',
  reports: '报告',
  receivedAt: '接收时间',
  channel: '渠道',
  description: '描述',
  submittedBy: '提交人',
  stageRecords: '阶段记录',
  freeze: '冻结',
  bankReference: '银行编号',
  confirmedAt: '确认时间',
  rejected: '已拒绝',
  policeReport: '报案记录',
  agency: '公安机关',
  reportNumber: '报案编号',
  filedAt: '报案时间',
  merchantContacts: '商户联系',
  contactedAt: '联系时间',
  contactOutcome: '结果',
  findings: '情况',
  clocks: 'SLA 计时',
  startedAt: '开始',
  dueAt: '到期',
  endedAt: '结束',
  slaOutcome: 'SLA 结果',
  breachedAt: '超时时间',
  warnedAt: '预警时间',
  holds: '限制措施与公安指令',
  holdRenewals: '续期',
  regulatory: '监管报送时限',
  filed: '已报送',
  cancelled: '已取消',
  aftercare: '后续处置',
  replacedBy: '终端已更换为',
  watchlistHits: '命中观察名单',
  evidence: '证据',
  fileName: '文件',
  size: '大小',
  addedAt: '添加时间',
  removed: '已移除',
  notes: '备注',
  notifications: '银行通知',
  attempts: '投递尝试',
  timeline: '完整时间线',
  actor: '操作人',
  action: '操作',
  chain: '审计链',
  lastEventSeq: '最新事件',
  headHash: '链头哈希',
  checkpoint: '最新检查点',
  noCheckpoint: '尚无检查点覆盖本案件。',
  checkpointCovers: '覆盖本案件至事件',
  signature: '签名',
  valid: '有效',
  invalid: '无效',
  otherKey: '由其他密钥签名',
  none: '—',
  page: '页',
  stages: { freeze: '冻结', police_report: '报案', merchant_contact: '联系商户', evidence: '证据', review: '复核' },
  slaStates: { on_track: '正常', warning: '预警', breached: '超时', met: '达成', waived: '豁免', cancelled: '取消' },
};

export const DOSSIER_WORDS: Record<DossierLang, DossierWords> = { en, 'zh-CN': zhCN };
