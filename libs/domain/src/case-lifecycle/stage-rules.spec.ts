import type { Stage } from '@sentinel/contracts';
import type { CaseState } from './case-state';
import { caseState, inStage } from './case-state.fixture';
import { exitRule, nextStage, WAIVABLE_STAGES } from './stage-rules';

describe('nextStage', () => {
  it.each<[Stage, Stage | null]>([
    ['freeze', 'police_report'],
    ['police_report', 'merchant_contact'],
    ['merchant_contact', 'evidence'],
    ['evidence', 'review'],
    ['review', null],
  ])('%s → %s', (stage, next) => {
    expect(nextStage(stage)).toBe(next);
  });

  it('should make freeze … evidence waivable, never review', () => {
    expect(WAIVABLE_STAGES).toEqual(['freeze', 'police_report', 'merchant_contact', 'evidence']);
  });
});

describe('exitRule', () => {
  const filed = new Date('2026-03-09T10:00:00Z');
  const ev = (...types: Array<[CaseState['evidence'][number]['type'], boolean?]>) =>
    types.map(([type, removed]) => ({ type, removed: removed ?? false }));

  it.each<[string, CaseState, { met: boolean; missing: string[] }]>([
    ['freeze, not confirmed', inStage('freeze'), { met: false, missing: ['freeze.confirmed'] }],
    [
      'freeze, only rejected',
      inStage('freeze', { freeze: { rejectedAt: filed, lastAnswer: 'rejected' } }),
      { met: false, missing: ['freeze.confirmed'] },
    ],
    ['freeze, confirmed', inStage('freeze', { freeze: { confirmedAt: filed } }), { met: true, missing: [] }],
    [
      'police_report, nothing',
      inStage('police_report'),
      { met: false, missing: ['police_report.agency', 'police_report.report_number', 'police_report.filed_at'] },
    ],
    [
      'police_report, blank number',
      inStage('police_report', { policeReport: { agency: 'PSB Pudong', reportNumber: ' ', filedAt: filed } }),
      { met: false, missing: ['police_report.report_number'] },
    ],
    [
      'police_report, recorded',
      inStage('police_report', { policeReport: { agency: 'PSB Pudong', reportNumber: 'R-1', filedAt: filed } }),
      { met: true, missing: [] },
    ],
    ['merchant_contact, none', inStage('merchant_contact'), { met: false, missing: ['merchant_contact.reached'] }],
    [
      'merchant_contact, no answer and reached without findings',
      inStage('merchant_contact', {
        merchantContacts: [
          { outcome: 'no_answer', findings: 'tried twice' },
          { outcome: 'reached', findings: '  ' },
        ],
      }),
      { met: false, missing: ['merchant_contact.reached'] },
    ],
    [
      'merchant_contact, reached with findings',
      inStage('merchant_contact', { merchantContacts: [{ outcome: 'reached', findings: 'device lent to a relative' }] }),
      { met: true, missing: [] },
    ],
    ['evidence, none', inStage('evidence'), { met: false, missing: ['transaction_records', 'police_receipt'] }],
    [
      'evidence, police receipt removed',
      inStage('evidence', { evidence: ev(['transaction_records'], ['police_receipt', true], ['other']) }),
      { met: false, missing: ['police_receipt'] },
    ],
    [
      'evidence, both',
      inStage('evidence', { evidence: ev(['transaction_records'], ['police_receipt']) }),
      { met: true, missing: [] },
    ],
    [
      'evidence, police stage waived',
      inStage('evidence', { waivedStages: ['police_report'], evidence: ev(['transaction_records']) }),
      { met: true, missing: [] },
    ],
    [
      'evidence, police waived but no records',
      inStage('evidence', { waivedStages: ['police_report'] }),
      { met: false, missing: ['transaction_records'] },
    ],
    ['review', inStage('review'), { met: false, missing: ['review.resolution'] }],
  ])('%s', (_name, c, expected) => {
    expect(exitRule(c)).toEqual(expected);
  });

  it('should judge the current stage of the default fixture', () => {
    expect(exitRule(caseState()).met).toBe(false);
  });
});
