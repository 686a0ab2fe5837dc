import englishMessages from 'ra-language-english';
import {
  ALERT_TYPES,
  CALLBACK_TYPES,
  CASE_ACTIONS,
  CASE_STATUSES,
  CHANNELS,
  CLOCK_STATES,
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  ENTRY_MODES,
  EVIDENCE_ACTIONS,
  EVIDENCE_TYPES,
  FREEZE_SCOPES,
  HOLD_KINDS,
  HOLD_STATUSES,
  REGULATORY_KINDS,
  REGULATORY_STATES,
  MISUSE_TYPES,
  NOTICE_CHANNELS,
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
  NOTIFIED_BY,
  OUTCOMES,
  PRIORITIES,
  PROBLEM_CODES,
  REPORTER_RELATIONSHIPS,
  ROLES,
  SLA_STATES,
  STAGES,
} from '@sentinel/contracts';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { KNOWN_FIELD_CODES } from '../problem/problem';

type Tree = { [k: string]: string | Tree };

/** Every leaf as a dotted path (literal dots in keys, e.g. `filter.stage`, stay as they are). */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, s] of leaves(v, path)) out.set(p, s);
  }
  return out;
}

function lookup(tree: Tree, dotted: string): string | undefined {
  // polyglot flattens nested objects with dots, so `a.b.c` may be {a:{b:{c}}} or {a:{'b.c'}}.
  const flat = leaves(tree);
  return flat.get(dotted);
}

const placeholders = (s: string) => new Set([...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]));
/** Values with nothing to translate: only placeholders, digits, punctuation and spaces. */
const nothingToTranslate = (s: string) => s.replace(/%\{\w+\}/g, '').replace(/[\s\d\p{P}\p{S}]/gu, '') === '';

const enLeaves = leaves(en as unknown as Tree);
const zhLeaves = leaves(zhCN as unknown as Tree);

describe('i18n messages', () => {
  it('should have every English key in zh-CN', () => {
    const missing = [...enLeaves.keys()].filter((k) => !zhLeaves.has(k));
    expect(missing).toEqual([]);
  });

  it('should have no zh-CN key that English lacks', () => {
    const extra = [...zhLeaves.keys()].filter((k) => !enLeaves.has(k));
    expect(extra).toEqual([]);
  });

  it("should cover every key of react-admin's English messages in both languages", () => {
    const raKeys = [...leaves(englishMessages as unknown as Tree).keys()];
    expect(raKeys.length).toBeGreaterThan(150);
    expect(raKeys.filter((k) => !zhLeaves.has(k))).toEqual([]);
    expect(raKeys.filter((k) => !enLeaves.has(k))).toEqual([]);
  });

  it('should translate every zh-CN value (no English placeholder left behind)', () => {
    const untranslated = [...zhLeaves.entries()].filter(([k, v]) => {
      const english = enLeaves.get(k);
      if (english == null) return false;
      if (nothingToTranslate(english)) return false;
      return v.trim() === '' || v === english || /\b(TODO|TBD|FIXME)\b/.test(v);
    });
    expect(untranslated).toEqual([]);
  });

  it('should write every zh-CN sentence in Chinese', () => {
    const notChinese = [...zhLeaves.entries()].filter(([k, v]) => {
      const english = enLeaves.get(k) ?? '';
      return !nothingToTranslate(english) && !/[\u3400-\u9fff]/.test(v);
    });
    expect(notChinese).toEqual([]);
  });

  it('should keep the same interpolation placeholders', () => {
    const mismatched = [...enLeaves.entries()]
      .filter(([k, v]) => {
        const zh = zhLeaves.get(k);
        if (zh == null) return false;
        const a = placeholders(v);
        const b = placeholders(zh);
        return a.size !== b.size || [...a].some((p) => !b.has(p));
      })
      .map(([k]) => k);
    expect(mismatched).toEqual([]);
  });

  it('should use full-width punctuation in Chinese text (no half-width colon, comma, semicolon, brackets next to a Chinese character)', () => {
    const CJK = '[\\u3400-\\u9fff]';
    const halfWidth = new RegExp(`${CJK}\\s*[:,;!?()]|[:,;!?()]\\s*${CJK}`);
    expect([...zhLeaves.entries()].filter(([, v]) => halfWidth.test(v.replace(/%\{\w+\}/g, 'x'))).map(([k, v]) => `${k}: ${v}`)).toEqual([]);
  });

  it('should say each domain word one way in zh-CN', () => {
    const values = [...zhLeaves.values()].join('\n');
    // claim next is 领取下一件 (not 领取下一个); a case is put back into the queue (放回队列), never 释放 (reads like lifting the freeze)
    expect(values).not.toMatch(/领取下一个|释放/);
    // the police stage is 报案 (filing a report), not 报警 (calling the police)
    expect(values).not.toMatch(/报警/);
  });

  it('should use a single plural form in zh-CN', () => {
    expect([...zhLeaves.entries()].filter(([, v]) => v.includes('||||')).map(([k]) => k)).toEqual([]);
  });

  const enums: Array<[string, readonly string[]]> = [
    ['role', ROLES],
    ['stage', STAGES],
    ['caseStatus', CASE_STATUSES],
    ['outcome', OUTCOMES],
    ['priority', PRIORITIES],
    ['channel', CHANNELS],
    ['misuseType', MISUSE_TYPES],
    ['reporterRelationship', REPORTER_RELATIONSHIPS],
    ['entryMode', ENTRY_MODES],
    ['evidenceType', EVIDENCE_TYPES],
    ['contactChannel', CONTACT_CHANNELS],
    ['contactOutcome', CONTACT_OUTCOMES],
    ['noticeChannel', NOTICE_CHANNELS],
    ['notifiedBy', NOTIFIED_BY],
    ['clockState', CLOCK_STATES],
    ['slaState', SLA_STATES],
    ['notificationType', NOTIFICATION_TYPES],
    ['notificationStatus', NOTIFICATION_STATUSES],
    ['callbackType', CALLBACK_TYPES],
    ['alertType', ALERT_TYPES],
    ['freezeScope', FREEZE_SCOPES],
    ['holdKind', HOLD_KINDS],
    ['holdStatus', HOLD_STATUSES],
    ['regulatoryKind', REGULATORY_KINDS],
    ['regulatoryState', REGULATORY_STATES],
  ];

  it.each(enums)('should label every %s value in both languages', (name, values) => {
    for (const v of values) {
      expect(lookup(en as unknown as Tree, `enums.${name}.${v}`), `en enums.${name}.${v}`).toBeTruthy();
      expect(lookup(zhCN as unknown as Tree, `enums.${name}.${v}`), `zh-CN enums.${name}.${v}`).toBeTruthy();
    }
  });

  it('should label every case action and event', () => {
    for (const a of [...CASE_ACTIONS, ...EVIDENCE_ACTIONS]) {
      expect(lookup(en as unknown as Tree, `actions.${a}.label`), a).toBeTruthy();
      expect(lookup(zhCN as unknown as Tree, `actions.${a}.label`), a).toBeTruthy();
    }
    for (const a of CASE_ACTIONS) expect(lookup(en as unknown as Tree, `events.${a}`), a).toBeTruthy();
  });

  it('should say every field code in both languages', () => {
    for (const code of KNOWN_FIELD_CODES) {
      expect(lookup(en as unknown as Tree, `errors.field.${code}`), `en errors.field.${code}`).toBeTruthy();
      expect(lookup(zhCN as unknown as Tree, `errors.field.${code}`), `zh-CN errors.field.${code}`).toBeTruthy();
    }
  });

  it('should translate every API problem code', () => {
    for (const code of Object.keys(PROBLEM_CODES)) {
      expect(lookup(en as unknown as Tree, `errors.${code}`), `en errors.${code}`).toBeTruthy();
      expect(lookup(zhCN as unknown as Tree, `errors.${code}`), `zh-CN errors.${code}`).toBeTruthy();
    }
  });
});
