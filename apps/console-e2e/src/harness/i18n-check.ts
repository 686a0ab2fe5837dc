import { en } from '../../../console/src/i18n/en';
import { zhCN } from '../../../console/src/i18n/zh-CN';

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else if (v && typeof v === 'object') leaves(v, key, out);
  }
  return out;
}

const EN = leaves(en as unknown as Tree);
const ZH = leaves(zhCN as unknown as Tree);

/** The console's key namespaces (top-level keys of its messages: ra, app, enums, actions, errors, resources, …). */
export const NAMESPACES = Object.keys(en);

/** A translation key left on screen: `resources.cases.fields.x`, `ra.action.save`, `enums.stage.freeze`, … */
const RAW_KEY = new RegExp(`(?<![\\w@.-])(?:${NAMESPACES.join('|')})\\.[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*`, 'g');
/** An event or alert type shown as its code (`sla.breached`, `case.opened`) instead of its label. */
const RAW_EVENT = /(?<![\w@.-])(?:case|report|priority|sla|notification|bank|stage|auth|user|team|queue|calendar|terminal|api_key|freeze|freeze_notice)\.[a-z][a-z_]*(?![\w.-])/g;
/** An enum value shown as its code (`police_report`, `confirmed_misuse`): the label fallback of useEnumLabel. */
const RAW_ENUM = /(?<![\w@.\-/])[a-z]+(?:_[a-z0-9]+)+(?![\w.\-/@])/g;
/** An actor's role shown as its code: `(system)`, `(analyst)` (user names, which may end so, are cut out first). */
const RAW_ROLE = /\((?:analyst|supervisor|auditor|admin|intake|system|bank)\)/g;
/** A camelCase field name (`bankReference`, `lateMs`): a field label missing from resources.*.fields. */
const RAW_FIELD = /(?<![\w@.\-/])[a-z]+(?:[A-Z][a-z0-9]*)+(?![\w.\-/@])/g;

/**
 * English UI strings that must not appear in the Chinese console: every English message of at least two words
 * whose Chinese translation differs (placeholders cut out), matched as a whole line of the page's text.
 */
const ENGLISH_LINES = new Set(
  [...EN.entries()]
    .filter(([k, v]) => ZH.get(k) !== v && !v.includes('%{') && !v.includes('||||') && /^[A-Za-z][A-Za-z ,.'’()-]+$/.test(v) && v.trim().includes(' '))
    .map(([, v]) => v.trim()),
);
/** Short, common labels checked anywhere in the text (whole words). */
const ENGLISH_WORDS = [
  'Claim next', 'Next step', 'Sign in', 'Dashboard', 'Queues', 'Cases', 'Users', 'Timeline', 'History', 'Evidence', 'Unassigned',
  'Reload', 'Rows per page', 'Search', 'Filter', 'Assignee', 'Priority', 'Stage', 'Merchant', 'Breached', 'Warning', 'On track',
  'Open cases', 'Police report', 'Freeze', 'Review', 'Loading', 'No results', 'Administration', 'Language', 'Bank notifications',
];
const ENGLISH_WORD = new RegExp(`\\b(?:${ENGLISH_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})\\b`, 'g');

export interface I18nFinding {
  kind: 'raw key' | 'raw event code' | 'raw enum value' | 'raw field name' | 'English text';
  text: string;
  context: string;
}

/**
 * Looks for untranslated text in what a user can read on a Chinese page. `allow` lists data values that are
 * legitimately Latin (merchant names, user names, file names, …) and are cut out before checking.
 */
export function findUntranslated(pageText: string, allow: Array<string | RegExp> = []): I18nFinding[] {
  let text = pageText;
  for (const re of allow.filter((a): a is RegExp => a instanceof RegExp)) text = text.replace(new RegExp(re.source, 'g'), ' ');
  const strings = allow.filter((a): a is string => typeof a === 'string');
  const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const a of strings.sort((x, y) => y.length - x.length)) {
    // Spaces may be line breaks or nothing at all where a chart wraps a label into several lines.
    if (a) text = text.replace(new RegExp(`(?<![A-Za-z0-9])${escape(a).replace(/\s+/g, '\\s*')}(?![A-Za-z0-9])`, 'g'), ' ');
  }
  const found: I18nFinding[] = [];
  const ctx = (i: number, len: number) => text.slice(Math.max(0, i - 40), i + len + 40).replace(/\s+/g, ' ');
  const scan = (re: RegExp, kind: I18nFinding['kind']) => {
    for (const m of text.matchAll(re)) found.push({ kind, text: m[0], context: ctx(m.index ?? 0, m[0].length) });
  };
  scan(RAW_KEY, 'raw key');
  scan(RAW_EVENT, 'raw event code');
  scan(RAW_ENUM, 'raw enum value');
  scan(RAW_ROLE, 'raw enum value');
  scan(RAW_FIELD, 'raw field name');
  scan(ENGLISH_WORD, 'English text');
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (ENGLISH_LINES.has(line)) found.push({ kind: 'English text', text: line, context: line });
  }
  const seen = new Set<string>();
  return found.filter((f) => (seen.has(`${f.kind}|${f.text}`) ? false : (seen.add(`${f.kind}|${f.text}`), true)));
}

export const zh = zhCN;
