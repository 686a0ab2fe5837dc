import { useMemo } from 'react';
import { useGetIdentity, useLocaleState } from 'react-admin';
import type { Money } from '@sentinel/contracts';
import {
  browserTimeZone,
  describeTimeZone,
  formatBytes,
  formatDate,
  formatDateTime,
  formatDuration,
  formatIsoDuration,
  formatMoney,
  formatNumber,
  formatPercent,
  isoToZonedWallTime,
  isValidTimeZone,
  zonedWallTimeToIso,
} from '../format/formatters';

/** The user's time zone: `timeZone` of GET /api/auth/me, else the browser's. */
export function useTimeZone(): string {
  const { identity } = useGetIdentity();
  const tz = (identity as { timeZone?: string | null } | undefined)?.timeZone;
  return isValidTimeZone(tz) ? tz : browserTimeZone();
}

export function useFormatters() {
  const [locale] = useLocaleState();
  const timeZone = useTimeZone();
  return useMemo(
    () => ({
      locale,
      timeZone,
      /** `Asia/Shanghai (UTC+08:00)`: the zone every time on screen is shown in. */
      zoneDescription: describeTimeZone(timeZone),
      /** `2026-12-02 14:26 UTC+8`, the one date-time format of the console. */
      dateTime: (v: string | Date | null | undefined, seconds = false) => formatDateTime(v, timeZone, { seconds }),
      date: (v: string | Date | null | undefined) => formatDate(v, timeZone),
      money: (m: Money | null | undefined) => formatMoney(m, locale),
      duration: (ms: number) => formatDuration(ms, locale),
      isoDuration: (d: string | null | undefined) => formatIsoDuration(d, locale),
      bytes: (n: number | null | undefined) => formatBytes(n, locale),
      percent: (r: number | null | undefined) => formatPercent(r, locale),
      number: (n: number | null | undefined) => formatNumber(n, locale),
      toWall: (iso: string | Date | null | undefined) => isoToZonedWallTime(iso, timeZone),
      fromWall: (wall: string) => zonedWallTimeToIso(wall, timeZone),
    }),
    [locale, timeZone],
  );
}
export type Formatters = ReturnType<typeof useFormatters>;
