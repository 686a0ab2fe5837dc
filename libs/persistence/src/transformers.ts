import type { ValueTransformer } from 'typeorm';

/**
 * bigint (int8) <-> number. pg returns int8 as a string (it may exceed 2^53); our bigint columns
 * (money in minor units, byte sizes, paused milliseconds) stay far below Number.MAX_SAFE_INTEGER,
 * so we convert per column instead of changing pg's global parser. Throws rather than silently
 * losing precision.
 */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null | undefined): number | null | undefined => {
    if (value === null || value === undefined) return value;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`bigint value ${String(value)} is not a safe integer`);
    return n;
  },
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A calendar date as 'YYYY-MM-DD'. pg parses `date` to a Date at LOCAL midnight, so read local parts. */
export function toDateString(value: Date | string): string {
  if (typeof value === 'string') return value.slice(0, 10);
  return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/**
 * date[] <-> string[] ('YYYY-MM-DD'). Writes pass strings through (PostgreSQL parses them as dates,
 * no time zone involved); reads turn pg's local-midnight Dates (or strings, if someone installed a
 * string parser for type 1182/1082) back into 'YYYY-MM-DD' without shifting the day.
 */
export const dateStringArray: ValueTransformer = {
  to: (value: string[] | null | undefined) => value,
  from: (value: Array<Date | string> | string | null | undefined): string[] | null | undefined => {
    if (value === null || value === undefined) return value;
    if (typeof value === 'string') {
      // Unparsed array literal: '{2026-01-01,2026-10-01}'.
      const inner = value.replace(/^\{|\}$/g, '');
      return inner ? inner.split(',').map((s) => s.replace(/"/g, '').slice(0, 10)) : [];
    }
    return value.map(toDateString);
  },
};
