import { describe, expect, it } from 'vitest';
import { parseCsv, parseHolidayFile, parseIcs, planImport } from './holidayFile';

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Example//Holidays//ZH',
  'BEGIN:VEVENT',
  'UID:ny-2027',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270104',
  'SUMMARY:元旦',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:sf-work',
  'DTSTART;VALUE=DATE:20270207',
  'SUMMARY:春节补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:labour',
  'DTSTART;VALUE=DATE:20270501',
  'DURATION:P2D',
  'SUMMARY:Labour Day\\, holiday',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:made-up',
  'DTSTART:20270515T000000Z',
  'DTEND:20270516T000000Z',
  'SUMMARY:Make-up',
  '  working day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:explicit',
  'DTSTART;VALUE=DATE:20270606',
  'SUMMARY:端午',
  'X-SENTINEL-TYPE:working_day',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('parseIcs', () => {
  it('should read all-day ranges (DTEND exclusive), durations, folded lines and make-up working days', () => {
    const f = parseIcs(ICS);
    expect(f.problems).toEqual([]);
    expect(f.entries).toEqual([
      { date: '2027-01-01', type: 'holiday', name: '元旦' },
      { date: '2027-01-02', type: 'holiday', name: '元旦' },
      { date: '2027-01-03', type: 'holiday', name: '元旦' },
      { date: '2027-02-07', type: 'working_day', name: '春节补班' },
      { date: '2027-05-01', type: 'holiday', name: 'Labour Day, holiday' },
      { date: '2027-05-02', type: 'holiday', name: 'Labour Day, holiday' },
      { date: '2027-05-15', type: 'working_day', name: 'Make-up working day' },
      { date: '2027-06-06', type: 'working_day', name: '端午' },
    ]);
  });

  it('should refuse recurring events and impossible dates, and say when nothing was found', () => {
    const bad = parseIcs(
      ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=YEARLY', 'SUMMARY:x', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270230', 'END:VEVENT', 'END:VCALENDAR'].join('\n'),
    );
    expect(bad.entries).toEqual([]);
    expect(bad.problems.map((p) => [p.code, p.line])).toEqual([
      ['recurring', 4],
      ['bad_date', 8],
    ]);
    expect(parseIcs('BEGIN:VCALENDAR\nEND:VCALENDAR').problems.map((p) => p.code)).toEqual(['no_dates']);
  });
});

describe('parseCsv', () => {
  it('should read date,type,name with a header, Chinese type words and quoted names', () => {
    const f = parseCsv('date,type,name\n2027-10-01,holiday,国庆节\n2027/9/26,班,"国庆节, 补班"\n2027-10-02,休,国庆节\n');
    expect(f.problems).toEqual([]);
    expect(f.entries).toEqual([
      { date: '2027-09-26', type: 'working_day', name: '国庆节, 补班' },
      { date: '2027-10-01', type: 'holiday', name: '国庆节' },
      { date: '2027-10-02', type: 'holiday', name: '国庆节' },
    ]);
  });

  it('should name the lines it cannot read, and a date given both types', () => {
    const f = parseCsv('2027-13-01,holiday,x\n2027-10-01,party,x\n2027-10-03,holiday,a\n2027-10-03,working_day,b\n');
    expect(f.problems.map((p) => [p.code, p.line, p.detail])).toEqual([
      ['bad_date', 1, '2027-13-01'],
      ['bad_type', 2, 'party'],
      ['conflict', 0, '2027-10-03'],
    ]);
  });

  it('should be chosen by name or content', () => {
    expect(parseHolidayFile('holidays.ics', ICS).format).toBe('ics');
    expect(parseHolidayFile('upload', ICS).format).toBe('ics');
    expect(parseHolidayFile('holidays.csv', '2027-01-01,holiday,New Year').format).toBe('csv');
  });
});

describe('planImport', () => {
  it("should replace the file's years in the calendar and keep the other years", () => {
    const plan = planImport(
      { holidays: ['2026-10-01', '2027-01-01', '2027-05-03'], extraWorkingDays: ['2026-10-10', '2027-02-06'] },
      [
        { date: '2027-01-01', type: 'holiday', name: '元旦' },
        { date: '2027-01-02', type: 'holiday', name: '元旦' },
        { date: '2027-02-07', type: 'working_day', name: '补班' },
      ],
    );
    expect(plan.holidays).toEqual(['2026-10-01', '2027-01-01', '2027-01-02']);
    expect(plan.extraWorkingDays).toEqual(['2026-10-10', '2027-02-07']);
    expect(plan.years).toEqual([{ year: 2027, added: 2, removed: 2, kept: 1, holidays: 2, workingDays: 1 }]);
  });
});
