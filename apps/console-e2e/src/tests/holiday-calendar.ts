import type { Page } from 'playwright-core';
import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { holidayIcs } from '../harness/files';
import { assert, assertEqual, pageText, settle, textOf } from '../harness/ui';

const C = en.resources.calendars;
const CAL = 'business';

/** The years the page warns about for the business calendar (data-year of each warning). */
async function warnedYears(page: Page): Promise<number[]> {
  const warnings = page.locator(`[data-testid=holiday-warning][data-calendar=${CAL}]`);
  const years: number[] = [];
  for (let i = 0; i < (await warnings.count()); i++) years.push(Number(await warnings.nth(i).getAttribute('data-year')));
  return years.sort();
}

/** The calendar year in Shanghai (the business calendar's zone). */
const shanghaiYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

export const holidayCalendarTest: BrowserTest = {
  name: "a missing year's holidays are flagged (supervisor's dashboard, admin's landing and calendars); the admin imports them from an ICS file with a preview; the warning goes",
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const admin = users.admin;
    await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
    let calendar = await api.get(`/api/calendars/${CAL}`, admin.token);
    const year = shanghaiYear();
    const hasYear = (c: { holidays: string[]; extraWorkingDays: string[] }, y: number) => [...c.holidays, ...c.extraWorkingDays].some((d) => d.startsWith(`${y}-`));
    const month = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(new Date()));
    if (hasYear(calendar, year) && (month < 10 || hasYear(calendar, year + 1))) {
      // Nothing would be missing today (before October, or next year already there): take this year's dates out.
      const keep = (d: string) => !d.startsWith(`${year}-`);
      calendar = await api.must('PUT', `/api/calendars/${CAL}`, admin.token, { ...calendar, holidays: calendar.holidays.filter(keep), extraWorkingDays: calendar.extraWorkingDays.filter(keep) });
    }

    // The supervisor's dashboard says it, without an admin's link.
    const sup = await ctx.session();
    await sup.login(users.supervisor);
    await sup.page.waitForURL(/#\/dashboard$/);
    await sup.page.getByTestId('holiday-warning').first().waitFor();
    const years = await warnedYears(sup.page);
    assert(years.length > 0 && years.every((y) => !hasYear(calendar, y)), `the dashboard warns about the missing years ${years.join(', ')}`);
    assertEqual(await sup.page.getByTestId('holiday-warning').getByRole('link').count(), 0, 'no import link for a supervisor');

    // The admin lands on the users with the same warning, follows it to the calendar.
    const s = await ctx.session();
    const { page } = s;
    await s.login(admin);
    await page.waitForURL(/#\/users$/);
    await page.getByTestId('holiday-warning').first().waitFor();
    assertEqual((await warnedYears(page)).join(','), years.join(','), "the admin's landing page warns about the same years");
    await page.getByTestId('holiday-warning').first().getByRole('link', { name: C.coverage.open }).click();
    await page.waitForURL(new RegExp(`#/calendars/${CAL}$`));
    await page.getByTestId('import-holidays').waitFor();
    assertEqual((await warnedYears(page)).join(','), years.join(','), 'the calendar page warns too');
    ctx.log(`warned about ${years.join(', ')} (today ${new Date().toISOString().slice(0, 10)}); screenshot ${await s.screenshot('calendar-holiday-warning-admin-en')}`);

    // Import an ICS file of those years: previewed first (each day with its type), then into the form, then saved.
    const file = holidayIcs(years);
    await page.getByTestId('holiday-file').setInputFiles({ name: `china-holidays-${years.join('-')}.ics`, mimeType: 'text/calendar', buffer: Buffer.from(file.ics, 'utf8') });
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    assertEqual(await preview.getByTestId('import-row').count(), file.holidays.length + file.workingDays.length, 'one preview row per day of the file');
    for (const y of years) {
      const summary = await textOf(preview.getByTestId(`import-year-${y}`));
      assert(summary.includes(`${file.holidays.filter((d) => d.startsWith(`${y}-`)).length} holidays`) && summary.includes(`${file.workingDays.filter((d) => d.startsWith(`${y}-`)).length} make-up working days`), `preview summary of ${y}: ${summary}`);
    }
    const workRow = preview.getByTestId('import-row').filter({ hasText: file.workingDays[0] });
    assert((await textOf(workRow)).includes(C.import.working_day), `${file.workingDays[0]} is read as a make-up working day (补班)`);
    ctx.log(`screenshot ${await s.screenshot('calendar-import-preview-admin-en')}`);
    await page.getByTestId('import-apply').click();
    await page.getByTestId('import-pending').waitFor();
    for (const y of years) await page.getByTestId(`dates-holidays-${y}`).waitFor();
    const saved = await s.withResponse('PUT', new RegExp(`/api/calendars/${CAL}$`), () => page.getByRole('button', { name: en.ra.action.save }).click());
    assertEqual(saved.status(), 200, 'PUT /api/calendars/business');
    await page.waitForURL(/#\/calendars$/);

    const after = await api.get(`/api/calendars/${CAL}`, admin.token);
    for (const d of [...file.holidays]) assert(after.holidays.includes(d), `holiday ${d} saved`);
    for (const d of file.workingDays) assert(after.extraWorkingDays.includes(d), `make-up working day ${d} saved`);
    assert(calendar.holidays.filter((d: string) => !years.includes(Number(d.slice(0, 4)))).every((d: string) => after.holidays.includes(d)), 'the other years are kept');
    await page.getByRole('row').filter({ hasText: String(years[years.length - 1]) }).first().waitFor();
    assertEqual(await page.getByTestId('holiday-warning').count(), 0, 'no warning left on the calendar list');
    ctx.log(`imported ${file.holidays.length} holidays and ${file.workingDays.length} make-up working days for ${years.join(', ')}`);

    await sup.page.reload();
    await sup.page.getByTestId('kpi-open-value').waitFor();
    await settle(sup.page);
    assertEqual(await sup.page.getByTestId('holiday-warning').count(), 0, "the supervisor's dashboard no longer warns");

    // The calendar screens in Chinese: list, edit page, the import preview.
    await page.getByTestId('locale-switcher').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByRole('row').filter({ hasText: CAL }).click();
    await page.waitForURL(new RegExp(`#/calendars/${CAL}$`));
    await page.getByRole('button', { name: zh.resources.calendars.import.button }).waitFor();
    await page.getByTestId('holiday-file').setInputFiles({ name: 'holidays.csv', mimeType: 'text/csv', buffer: Buffer.from(`date,type,name\n${years[0]}-10-01,holiday,国庆节\n${years[0]}-10-10,班,国庆节补班\n`, 'utf8') });
    await page.getByTestId('import-preview').waitFor();
    await settle(page);
    const allow = [calendar.name, CAL, admin.name, 'Asia/Shanghai', 'date,type,name', 'holiday', 'working_day', 'ICS', 'CSV', 'iCalendar', '.ics', 'holidays.csv'];
    const findings = findUntranslated(await pageText(page), allow);
    assert(findings.length === 0, `untranslated text on the calendar page and import preview: ${JSON.stringify(findings)}`);
    ctx.log(`screenshot ${await s.screenshot('calendar-import-preview-admin-zh-CN')}`);
    await page.getByRole('dialog').getByRole('button', { name: zh.app.cancel }).click();
    await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
  },
};
