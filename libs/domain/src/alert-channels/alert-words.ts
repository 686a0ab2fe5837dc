import type { AlertType, Stage } from '@sentinel/contracts';

export type MessageLocale = 'en' | 'zh-CN';

/** What an alert says in a message, per language (the console's own words live in its i18n files). */
export const ALERT_TYPE_WORDS: Record<MessageLocale, Record<AlertType, string>> = {
  en: {
    'sla.warning': 'SLA warning',
    'sla.breached': 'SLA breached',
    'notification.dead': 'Notification dead',
    'freeze.rejected': 'Freeze rejected by the bank',
    'freeze_notice.missing': 'Merchant freeze notice missing',
    'case.unassigned': 'Case unassigned',
    'case.returned': 'Case returned to you',
    'hold.expiring': 'Hold expiring soon',
    'hold.expired': 'Hold expired',
    'regulatory.warning': 'Regulatory deadline close',
    'regulatory.breached': 'Regulatory deadline missed',
    'watchlist.hit': 'Watchlist hit',
  },
  'zh-CN': {
    'sla.warning': 'SLA 预警',
    'sla.breached': 'SLA 超时',
    'notification.dead': '通知投递失败',
    'freeze.rejected': '银行拒绝冻结',
    'freeze_notice.missing': '未记录商户冻结告知',
    'case.unassigned': '案件已取消分配',
    'case.returned': '案件已退回给您',
    'hold.expiring': '限制措施即将到期',
    'hold.expired': '限制措施已到期',
    'regulatory.warning': '监管报送即将到期',
    'regulatory.breached': '监管报送已逾期',
    'watchlist.hit': '命中观察名单',
  },
};

export const STAGE_WORDS: Record<MessageLocale, Record<Stage, string>> = {
  en: { freeze: 'freeze', police_report: 'police report', merchant_contact: 'merchant contact', evidence: 'evidence', review: 'review' },
  'zh-CN': { freeze: '冻结', police_report: '报案', merchant_contact: '联系商户', evidence: '证据', review: '复核' },
};

export const MESSAGE_WORDS: Record<MessageLocale, { product: string; digest: (n: number, minutes: number) => string; test: string; testBody: string; stage: string; open: string }> = {
  en: {
    product: 'Sentinel SN',
    digest: (n, minutes) => `${n} alert${n === 1 ? '' : 's'} in the last ${minutes} min`,
    test: 'Test message',
    testBody: 'This channel receives your Sentinel SN alerts.',
    stage: 'stage',
    open: 'Open',
  },
  'zh-CN': {
    product: 'Sentinel SN',
    digest: (n, minutes) => `最近 ${minutes} 分钟内 ${n} 条提醒`,
    test: '测试消息',
    testBody: '此渠道将接收您的 Sentinel SN 提醒。',
    stage: '阶段',
    open: '打开',
  },
};

export function messageLocale(locale: string | null | undefined): MessageLocale {
  return locale === 'zh-CN' ? 'zh-CN' : 'en';
}
