/**
 * Settings of the console build (Vite `VITE_*` variables, read when the console is built: `npm start` builds it
 * once, `docker/` at image build). Each has a default, so an unset variable never breaks the console.
 */
function month(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 12 ? n : fallback;
}

const env = import.meta.env as Record<string, string | undefined>;

export const consoleConfig = {
  /**
   * From this month (1–12) on, calendars without next year's holidays are flagged on the calendar screens and
   * the dashboards (`VITE_HOLIDAY_WARNING_MONTH`, default 10: October). A calendar without the current year's
   * holidays is flagged all year.
   */
  holidayWarningFromMonth: month(env.VITE_HOLIDAY_WARNING_MONTH, 10),
};
