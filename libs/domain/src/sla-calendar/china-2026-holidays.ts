/**
 * Demo data: mainland China's 2026 public holidays and make-up working days (调休), as announced by the
 * General Office of the State Council on 2025-11-04 (国务院办公厅关于2026年部分节假日安排的通知, Xinhua):
 *
 *   元旦 New Year        Jan 1 (Thu) – Jan 3 (Sat);   work Sun Jan 4
 *   春节 Spring Festival Feb 15 (Sun) – Feb 23 (Mon); work Sat Feb 14 and Sat Feb 28
 *   清明 Qingming        Apr 4 (Sat) – Apr 6 (Mon)
 *   劳动节 Labour Day     May 1 (Fri) – May 5 (Tue);   work Sat May 9
 *   端午 Dragon Boat     Jun 19 (Fri) – Jun 21 (Sun)
 *   中秋 Mid-Autumn      Sep 25 (Fri) – Sep 27 (Sun)
 *   国庆 National Day    Oct 1 (Thu) – Oct 7 (Wed);   work Sun Sep 20 and Sat Oct 10
 *
 * Holidays list every day of each break, weekends included (harmless, and it reads like the notice).
 * It is editable demo data for the Asia/Shanghai calendar, not a source of truth: admins maintain the real
 * calendar through /api/calendars.
 */
function range(from: string, toDay: number): string[] {
  const [y, m, d] = from.split('-').map(Number);
  const out: string[] = [];
  for (let day = d; day <= toDay; day++) out.push(`${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  return out;
}

export const CHINA_2026_HOLIDAYS: Readonly<{ holidays: readonly string[]; extraWorkingDays: readonly string[] }> =
  Object.freeze({
    holidays: Object.freeze([
      ...range('2026-01-01', 3),
      ...range('2026-02-15', 23),
      ...range('2026-04-04', 6),
      ...range('2026-05-01', 5),
      ...range('2026-06-19', 21),
      ...range('2026-09-25', 27),
      ...range('2026-10-01', 7),
    ]),
    extraWorkingDays: Object.freeze(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']),
  });
