import type { AlertDeliveryKind, AlertType, Stage } from '@sentinel/contracts';
import { ALERT_TYPE_WORDS, MESSAGE_WORDS, STAGE_WORDS, type MessageLocale } from './alert-words';

/** An alert as a message shows it (no personal data: a type, a case reference, a stage, a time). */
export interface MessageAlert {
  id: string;
  type: AlertType;
  caseId: string | null;
  caseReference: string | null;
  stage: Stage | null;
  createdAt: Date;
}

export interface MessageInput {
  kind: AlertDeliveryKind;
  alerts: readonly MessageAlert[];
  locale: MessageLocale;
  /** the digest window, for its title */
  digestMinutes?: number;
  /** e.g. `https://sentinel.bank.example`: each case line links to `<consoleUrl>/#/cases/<id>/show` */
  consoleUrl?: string;
}

/** A message in the forms channels take: a subject, plain text and Markdown (one line per alert). */
export interface AlertMessage {
  title: string;
  text: string;
  markdown: string;
}

/** At most this many alerts are listed in one message; a digest says how many more there were. */
export const MESSAGE_MAX_LINES = 20;

export function caseLink(consoleUrl: string | undefined, caseId: string | null): string | null {
  return consoleUrl && caseId ? `${consoleUrl.replace(/\/+$/, '')}/#/cases/${caseId}/show` : null;
}

/** Builds the words of one delivery: a single alert, a digest of a window's alerts, or the test message. */
export function buildAlertMessage(m: MessageInput): AlertMessage {
  const w = MESSAGE_WORDS[m.locale];
  const sep = m.locale === 'zh-CN' ? '：' : ': ';
  if (m.kind === 'test') {
    const title = `${w.product}${sep}${w.test}`;
    return { title, text: `${title}\n${w.testBody}`, markdown: `**${title}**\n\n${w.testBody}` };
  }
  const shown = m.alerts.slice(0, MESSAGE_MAX_LINES);
  const more = m.alerts.length - shown.length;
  const lines = shown.map((a) => line(a, m));
  const title =
    m.kind === 'digest' || m.alerts.length !== 1
      ? `${w.product}${sep}${w.digest(m.alerts.length, m.digestMinutes ?? 0)}`
      : `${w.product}${sep}${ALERT_TYPE_WORDS[m.locale][m.alerts[0].type]}${m.alerts[0].caseReference ? ` ${m.alerts[0].caseReference}` : ''}`;
  const tail = more > 0 ? [`… +${more}`] : [];
  return {
    title,
    text: [title, ...lines.map((l) => `- ${l.text}`), ...tail].join('\n'),
    markdown: [`**${title}**`, '', ...lines.map((l) => `- ${l.markdown}`), ...tail].join('\n'),
  };
}

function line(a: MessageAlert, m: MessageInput): { text: string; markdown: string } {
  const w = MESSAGE_WORDS[m.locale];
  const what = ALERT_TYPE_WORDS[m.locale][a.type];
  const stage = !a.stage ? '' : m.locale === 'zh-CN' ? `（${w.stage}：${STAGE_WORDS[m.locale][a.stage]}）` : ` (${w.stage}: ${STAGE_WORDS[m.locale][a.stage]})`;
  const at = a.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const ref = a.caseReference ?? '';
  const link = caseLink(m.consoleUrl, a.caseId);
  return {
    text: `${what} ${ref}${stage} ${at}${link ? ` ${link}` : ''}`.replace(/\s+/g, ' ').trim(),
    markdown: `${what} ${link && ref ? `[${ref}](${link})` : ref}${stage} ${at}`.replace(/\s+/g, ' ').trim(),
  };
}
