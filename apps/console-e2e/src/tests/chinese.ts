import type { Page } from 'playwright-core';
import type { BrowserTest, TestContext } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { assert, pageText, settle, type Session } from '../harness/ui';
import { SEED_TEXTS } from '../harness/seed';

/** Latin text that is data, not UI: names, codes, free text typed by users and by the seeds. */
async function dataTexts(ctx: TestContext): Promise<Array<string | RegExp>> {
  const { api, users } = ctx.seeded;
  const tok = users.admin.token;
  const [allUsers, banks, teams, queues] = await Promise.all([
    api.list('/api/users', tok),
    api.list('/api/banks', tok),
    api.list('/api/teams', tok),
    api.list('/api/queues', tok),
  ]);
  const cases = await api.list('/api/cases', users.supervisor.token, undefined, [0, 199]);
  const names = [
    ...allUsers.map((u) => u.name),
    ...banks.flatMap((b) => [b.name, b.code]),
    ...teams.map((t) => t.name),
    ...queues.map((q) => q.name),
    ...cases.map((c) => c.merchantName),
    ...SEED_TEXTS,
  ].filter((s): s is string => typeof s === 'string' && s.length > 1);
  return names;
}

export const chineseTest: BrowserTest = {
  name: 'in zh-CN the main screens show no untranslated keys and no English UI text (login, queues, case list, case page, dashboard, users)',
  async run(ctx) {
    const { users, openCase } = ctx.seeded;
    const allow = await dataTexts(ctx);
    const problems: string[] = [];
    const check = async (s: Session, screen: string) => {
      await settle(s.page);
      const findings = findUntranslated(await pageText(s.page), allow);
      for (const f of findings) problems.push(`${screen}: ${f.kind} "${f.text}" in "…${f.context}…"`);
      ctx.log(`${screen}: ${findings.length ? `${findings.length} finding(s)` : 'all Chinese'}`);
    };
    const waitRows = (page: Page) => page.locator('tbody tr').first().waitFor();

    const s = await ctx.session('en-US');
    const { page } = s;

    // Login: switch the language with the switcher (remembered for the next visits).
    await s.goto('/login');
    await page.getByTestId('locale-switcher').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByRole('button', { name: zh.app.login.submit }).waitFor();
    assert((await page.evaluate(() => localStorage.getItem('sentinel.locale'))) === 'zh-CN', 'the choice is remembered');
    assert((await page.evaluate(() => document.documentElement.lang)) === 'zh-CN', '<html lang> follows the language');
    await check(s, 'login');
    ctx.log(`screenshot ${await s.screenshot('login-zh-CN')}`);

    // An analyst: My work, queues, a queue's cases, the case list, a case page with its whole history.
    await s.login(users.analyst);
    await page.waitForURL(/#\/my-work$/);
    await page.getByTestId('my-case-row').first().waitFor();
    await page.getByTestId('team-queue').first().waitFor();
    await check(s, 'my work');
    await s.goto('/queues');
    await waitRows(page);
    await check(s, 'queues');
    await page.getByRole('row').filter({ hasText: 'East — urgent' }).click();
    await page.waitForURL(/#\/queues\/[^/]+\/show$/);
    await page.getByTestId('claim-next').waitFor();
    await waitRows(page);
    await check(s, 'queue page');
    ctx.log(`screenshot ${await s.screenshot('queue-page-analyst-zh-CN')}`);

    await s.goto('/cases');
    await waitRows(page);
    await check(s, 'case list');

    const caseId = (ctx.shared.get('workedCaseId') as string | undefined) ?? (await openCase({ by: 'analyst', upTo: 'review' })).id;
    await s.goto(`/cases/${caseId}/show`);
    await page.getByTestId('case-reference').waitFor();
    await page.getByTestId('timeline-event').first().waitFor();
    await check(s, 'case page');
    ctx.log(`screenshot ${await s.screenshot('case-analyst-zh-CN', { fullPage: true })}`);

    // The analyst's own screens: a new report (with the SN preview) and the keyboard help.
    await s.goto('/reports/create');
    await page.getByTestId('sn-input').fill('ｐａｘ－ａ９２０　０００１２３');
    await page.getByTestId('sn-preview').waitFor();
    await check(s, 'new report');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Shift+Slash');
    await page.getByTestId('shortcuts-dialog').getByText(zh.shortcuts.title).waitFor();
    await check(s, 'keyboard help');
    ctx.log(`screenshot ${await s.screenshot('shortcuts-help-zh-CN')}`);
    await page.keyboard.press('Escape');

    // A supervisor: the dashboard and the users.
    await s.logout();
    await page.getByRole('button', { name: zh.app.login.submit }).waitFor();
    await s.login(users.supervisor);
    // After a sign-out, react-admin may return the next user to the page the last one left (its "next path"): go home.
    await s.goto('/my-work');
    await page.getByTestId('awaiting-review').waitFor();
    await page.getByTestId('team-load').locator('tbody tr').first().waitFor();
    await check(s, 'my work (supervisor)');
    await s.goto('/dashboard');
    await page.getByTestId('panel-breach-rate').locator('.recharts-surface').first().waitFor();
    await page.getByTestId('panel-load').locator('.recharts-surface').first().waitFor();
    await check(s, 'dashboard');
    ctx.log(`screenshot ${await s.screenshot('dashboard-supervisor-zh-CN', { fullPage: true })}`);
    await s.goto('/users');
    await waitRows(page);
    await check(s, 'users');

    // An auditor reads the same case (read-only).
    await s.logout();
    await s.login(users.auditor);
    await s.goto(`/cases/${caseId}/show`);
    await page.getByTestId('timeline-event').first().waitFor();
    assert((await page.locator('[data-testid^=submit-]').count()) === 0, 'the auditor has no action forms');
    await check(s, 'case page (auditor)');
    ctx.log(`screenshot ${await s.screenshot('case-auditor-zh-CN')}`);

    assert(problems.length === 0, `untranslated text on Chinese screens:\n      ${problems.join('\n      ')}`);
  },
};
