import { parse } from 'csv-parse/browser/esm/sync';

/**
 * A year's public holidays and make-up working days (调休) read from a file, to be previewed and put into a
 * calendar (`holidays`, `extraWorkingDays` of PUT /api/calendars/:id). Two forms:
 *
 * - iCalendar (RFC 5545, `.ics`): each VEVENT is one day or a range of days (all-day `DTSTART;VALUE=DATE`,
 *   `DTEND` exclusive, or `DURATION`). A make-up working day is an event whose SUMMARY, CATEGORIES or
 *   DESCRIPTION says so (`班` as in 补班 / 上班, "working day", "workday", "make-up") or that carries
 *   `X-SENTINEL-TYPE:working_day`; every other event is a holiday (`休`). Recurring events (RRULE) are refused:
 *   holiday dates move every year.
 * - CSV `date,type,name` (header optional): `type` is `holiday` (also `休`, `off`) or `working_day` (also `班`,
 *   `workday`, `work`).
 *
 * Pure (no I/O); unit-tested in holidayFile.test.ts. The preview shows what was read and lets the admin change
 * a day's type before anything is saved.
 */
export type DayType = 'holiday' | 'working_day';

export interface HolidayEntry {
  date: string;
  type: DayType;
  name: string;
}

export interface FileProblem {
  /** 1-based line of the file (CSV row or the line of the ICS property). */
  line: number;
  code: 'bad_date' | 'bad_type' | 'recurring' | 'conflict' | 'no_dates' | 'too_long' | 'unreadable';
  detail?: string;
}

export interface HolidayFile {
  format: 'ics' | 'csv';
  entries: HolidayEntry[];
  problems: FileProblem[];
}

const MAX_DAYS_PER_EVENT = 60;
const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** `20270101`, `20270101T090000Z`, `2027-01-01` → `2027-01-01` (the calendar date as written). */
function icsDate(value: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:T.*)?$/.exec(value.trim());
  return m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Whole days of an ISO 8601 duration (`P3D`, `P1W`), for an all-day event's length. */
function durationDays(value: string): number | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?$/.exec(value.trim().toUpperCase());
  if (!m || (!m[1] && !m[2])) return null;
  return Number(m[1] ?? 0) * 7 + Number(m[2] ?? 0);
}

/** RFC 5545 text values: `\,` `\;` `\n` `\\` escapes. */
const unescapeText = (v: string) => v.replace(/\\([,;\\nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));

const WORKING_WORDS = /班|working[\s_-]?day|workday|make[\s-]?up|business day/i;

export function dayTypeOf(...texts: Array<string | undefined>): DayType {
  const text = texts.filter(Boolean).join(' ');
  return WORKING_WORDS.test(text) ? 'working_day' : 'holiday';
}

interface IcsLine {
  name: string;
  params: string;
  value: string;
  line: number;
}

/** Unfolds continuation lines (a CRLF followed by a space or tab) and splits `NAME;PARAMS:VALUE`. */
function icsLines(text: string): IcsLine[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const out: IcsLine[] = [];
  raw.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && out.length > 0) {
      out[out.length - 1].value += l.slice(1);
      return;
    }
    const colon = l.indexOf(':');
    if (colon < 0) return;
    const head = l.slice(0, colon);
    const semi = head.indexOf(';');
    out.push({ name: (semi < 0 ? head : head.slice(0, semi)).toUpperCase(), params: semi < 0 ? '' : head.slice(semi + 1), value: l.slice(colon + 1), line: i + 1 });
  });
  return out;
}

export function parseIcs(text: string): HolidayFile {
  const entries: HolidayEntry[] = [];
  const problems: FileProblem[] = [];
  let event: Record<string, IcsLine> | null = null;
  for (const l of icsLines(text)) {
    if (l.name === 'BEGIN' && l.value.trim().toUpperCase() === 'VEVENT') {
      event = {};
      continue;
    }
    if (l.name === 'END' && l.value.trim().toUpperCase() === 'VEVENT' && event) {
      const start = event.DTSTART;
      const name = unescapeText(event.SUMMARY?.value ?? '').trim();
      if (event.RRULE) problems.push({ line: event.RRULE.line, code: 'recurring', detail: name });
      else if (!start) problems.push({ line: l.line, code: 'bad_date', detail: name });
      else {
        const first = icsDate(start.value);
        if (!first) problems.push({ line: start.line, code: 'bad_date', detail: start.value });
        else {
          let days = 1;
          const end = event.DTEND ? icsDate(event.DTEND.value) : null;
          // DTEND is exclusive for all-day events and for timed ones ending at midnight.
          const dateOnly = /VALUE=DATE(?!-)/i.test(start.params) || /^\d{8}$/.test(start.value.trim());
          const endsAtMidnight = dateOnly || /T0{6}Z?$/i.test(event.DTEND?.value.trim() ?? '');
          if (end && end >= first) days = Math.max(1, Math.round((Date.parse(end) - Date.parse(first)) / 86_400_000) + (endsAtMidnight ? 0 : 1));
          else if (event.DURATION) days = durationDays(event.DURATION.value) ?? 1;
          if (days > MAX_DAYS_PER_EVENT) problems.push({ line: start.line, code: 'too_long', detail: name });
          else {
            const explicit = event['X-SENTINEL-TYPE']?.value.trim().toLowerCase();
            const type: DayType =
              explicit === 'working_day' || explicit === 'holiday'
                ? explicit
                : dayTypeOf(name, unescapeText(event.CATEGORIES?.value ?? ''), unescapeText(event.DESCRIPTION?.value ?? ''));
            for (let i = 0; i < Math.max(1, days); i++) entries.push({ date: addDays(first, i), type, name });
          }
        }
      }
      event = null;
      continue;
    }
    if (event && !(l.name in event)) event[l.name] = l;
  }
  return finish('ics', entries, problems);
}

const TYPE_WORDS: Record<string, DayType> = {
  holiday: 'holiday',
  off: 'holiday',
  rest: 'holiday',
  休: 'holiday',
  假: 'holiday',
  节假日: 'holiday',
  working_day: 'working_day',
  workday: 'working_day',
  work: 'working_day',
  班: 'working_day',
  上班: 'working_day',
  补班: 'working_day',
  调休上班: 'working_day',
};

export function parseCsv(text: string): HolidayFile {
  const entries: HolidayEntry[] = [];
  const problems: FileProblem[] = [];
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    return { format: 'csv', entries: [], problems: [{ line: (e as { lines?: number }).lines ?? 1, code: 'unreadable', detail: (e as Error).message }] };
  }
  rows.forEach((row, i) => {
    const [dateText = '', typeText = '', ...nameParts] = row;
    if (i === 0 && /^date$/i.test(dateText)) return; // header
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(dateText);
    const date = m ? validDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (!date) {
      problems.push({ line: i + 1, code: 'bad_date', detail: dateText });
      return;
    }
    const type = TYPE_WORDS[typeText.toLowerCase().replace(/[\s-]+/g, '_')] ?? TYPE_WORDS[typeText];
    if (!type) {
      problems.push({ line: i + 1, code: 'bad_type', detail: typeText });
      return;
    }
    entries.push({ date, type, name: nameParts.join(',').trim() });
  });
  return finish('csv', entries, problems);
}

/** Sorted by date; a date listed twice with the same type once; with both types, a conflict to resolve. */
function finish(format: HolidayFile['format'], entries: HolidayEntry[], problems: FileProblem[]): HolidayFile {
  const byDate = new Map<string, HolidayEntry>();
  for (const e of entries) {
    const seen = byDate.get(e.date);
    if (!seen) byDate.set(e.date, e);
    else if (seen.type !== e.type) problems.push({ line: 0, code: 'conflict', detail: e.date });
  }
  const out = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  if (out.length === 0 && problems.length === 0) problems.push({ line: 0, code: 'no_dates' });
  return { format, entries: out, problems };
}

/** By the file's name, else by its content (`BEGIN:VCALENDAR`). */
export function parseHolidayFile(fileName: string, text: string): HolidayFile {
  const ics = /\.(ics|ical|ifb)$/i.test(fileName) || /^\uFEFF?BEGIN:VCALENDAR/i.test(text.trimStart());
  return ics ? parseIcs(text) : parseCsv(text);
}

export const yearsOf = (dates: Iterable<string>) => [...new Set([...dates].map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);

export interface ImportPlan {
  holidays: string[];
  extraWorkingDays: string[];
  /** Per year of the file: what changes in the calendar. */
  years: Array<{ year: number; added: number; removed: number; kept: number; holidays: number; workingDays: number }>;
}

/**
 * The calendar's dates after the import: for each year the file covers, the file's dates replace the calendar's
 * (a year's schedule is published whole, and a moved day must not survive); other years stay as they are.
 */
export function planImport(current: { holidays: string[]; extraWorkingDays: string[] }, entries: HolidayEntry[]): ImportPlan {
  const years = yearsOf(entries.map((e) => e.date));
  const inFile = (d: string) => years.includes(Number(d.slice(0, 4)));
  const fileHolidays = entries.filter((e) => e.type === 'holiday').map((e) => e.date);
  const fileWorking = entries.filter((e) => e.type === 'working_day').map((e) => e.date);
  const holidays = [...new Set([...current.holidays.filter((d) => !inFile(d)), ...fileHolidays])].sort();
  const extraWorkingDays = [...new Set([...current.extraWorkingDays.filter((d) => !inFile(d)), ...fileWorking])].sort();
  const before = new Map<string, DayType>([
    ...current.holidays.map((d) => [d, 'holiday'] as const),
    ...current.extraWorkingDays.map((d) => [d, 'working_day'] as const),
  ]);
  return {
    holidays,
    extraWorkingDays,
    years: years.map((year) => {
      const mine = entries.filter((e) => Number(e.date.slice(0, 4)) === year);
      const old = [...before.entries()].filter(([d]) => Number(d.slice(0, 4)) === year);
      const kept = mine.filter((e) => before.get(e.date) === e.type).length;
      return {
        year,
        added: mine.length - kept,
        removed: old.filter(([d, type]) => !mine.some((e) => e.date === d && e.type === type)).length,
        kept,
        holidays: mine.filter((e) => e.type === 'holiday').length,
        workingDays: mine.filter((e) => e.type === 'working_day').length,
      };
    }),
  };
}
