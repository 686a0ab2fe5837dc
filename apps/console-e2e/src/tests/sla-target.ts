import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { assert, assertEqual, pageText, settle, textOf, type Session } from '../harness/ui';

/** Sets the target inputs (a number and a unit from the list) and saves; returns the PUT's body. */
async function setTarget(s: Session, stage: string, amount: string, unitLabel: string, saveLabel: string): Promise<Record<string, unknown>> {
  const { page } = s;
  await s.goto(`/sla-policies/${stage}`);
  const amountInput = page.getByTestId('target-amount');
  await amountInput.waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid=target-amount]') as HTMLInputElement | null)?.value !== '');
  await amountInput.fill(amount);
  await page.getByRole('combobox', { name: en.resources['sla-policies'].page.unit }).click();
  await page.getByRole('option', { name: unitLabel, exact: true }).click();
  const res = await s.withResponse('PUT', new RegExp(`/api/sla-policies/${stage}$`), () => page.getByRole('button', { name: saveLabel }).click());
  assertEqual(res.status(), 200, `PUT /api/sla-policies/${stage}`);
  return JSON.parse(res.request().postData() ?? '{}');
}

export const slaTargetTest: BrowserTest = {
  name: 'an admin enters SLA targets as a number and a unit (working hours on the business calendar, minutes on 24x7), sent as ISO 8601 and shown the same way; in zh-CN too',
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const admin = users.admin;
    await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
    const before = await api.list('/api/sla-policies', admin.token);
    const policy = (stage: string) => before.find((p) => p.stage === stage);
    assertEqual(policy('police_report')?.calendarId, 'business', 'the police stage runs on the business calendar');
    assertEqual(policy('freeze')?.calendarId, '24x7', 'the freeze stage runs on 24x7');
    const s = await ctx.session();
    const { page } = s;
    try {
      await s.login(admin);
      await s.goto('/sla-policies');
      await page.getByTestId('target-police_report').waitFor();
      assertEqual(await textOf(page.getByTestId('target-police_report')), '1 working day', 'P1D on the business calendar reads as a working day');
      assertEqual(await textOf(page.getByTestId('target-freeze')), '1 hour', 'PT1H on 24x7 reads as an hour');

      // Business calendar: 4 working hours → PT4H.
      const sent = await setTarget(s, 'police_report', '4', en.sla_target.unit_hours_working, en.ra.action.save);
      assertEqual(sent.target, 'PT4H', 'the console sends ISO 8601');
      ctx.log(`screenshot ${await s.screenshot('sla-policies-admin-en')}`);
      assertEqual((await api.get('/api/sla-policies/police_report', admin.token)).target, 'PT4H', 'the API stored PT4H');
      await page.getByTestId('target-police_report').filter({ hasText: '4 working hours' }).waitFor();

      // 24x7: the units are plain (no "working"), 30 minutes → PT30M; the form says what it sends.
      await s.goto('/sla-policies/freeze');
      await page.getByTestId('target-amount').waitFor();
      await page.getByRole('combobox', { name: en.resources['sla-policies'].page.unit }).click();
      const units = (await page.getByRole('option').allInnerTexts()).map((x) => x.trim());
      assertEqual(units.join(' | '), [en.sla_target.unit_minutes_plain, en.sla_target.unit_hours_plain, en.sla_target.unit_days_plain].join(' | '), 'plain units on 24x7');
      await page.keyboard.press('Escape');
      await page.getByTestId('target-amount').fill('30');
      await page.getByRole('combobox', { name: en.resources['sla-policies'].page.unit }).click();
      await page.getByRole('option', { name: en.sla_target.unit_minutes_plain, exact: true }).click();
      await page.getByTestId('target-summary').filter({ hasText: 'PT30M' }).waitFor();
      ctx.log(`screenshot ${await s.screenshot('sla-policy-edit-admin-en')}`);
      const res = await s.withResponse('PUT', /\/api\/sla-policies\/freeze$/, () => page.getByRole('button', { name: en.ra.action.save }).click());
      assertEqual(JSON.parse(res.request().postData() ?? '{}').target, 'PT30M', 'freeze target sent');
      await page.getByTestId('target-freeze').filter({ hasText: '30 minutes' }).waitFor();

      // A whole number is required: 1.5 is refused in place, nothing is sent.
      await s.goto('/sla-policies/review');
      await page.getByTestId('target-amount').waitFor();
      await page.waitForFunction(() => (document.querySelector('[data-testid=target-amount]') as HTMLInputElement | null)?.value !== '');
      await page.getByTestId('target-amount').fill('1.5');
      let sentAnything = false;
      const onRequest = (r: { method(): string; url(): string }) => {
        if (r.method() === 'PUT' && r.url().includes('/api/sla-policies/')) sentAnything = true;
      };
      page.on('request', onRequest);
      await page.getByRole('button', { name: en.ra.action.save }).click();
      await page.getByText(en.resources['sla-policies'].page.target_invalid).waitFor();
      page.off('request', onRequest);
      assert(!sentAnything, 'an invalid target is not sent');

      // In Chinese: the list and the form say working days and hours in Chinese, no raw key or code.
      await page.getByTestId('locale-switcher').click();
      await page.getByRole('menuitem', { name: '简体中文' }).click();
      await s.goto('/sla-policies');
      await page.getByTestId('target-police_report').filter({ hasText: '4 个工作小时' }).waitFor();
      await settle(page);
      const calendars = await api.list('/api/calendars', admin.token);
      const allow = [...calendars.map((c) => c.name), admin.name, 'SLA', '24x7'];
      let findings = findUntranslated(await pageText(page), allow);
      assert(findings.length === 0, `untranslated text on the SLA policies: ${JSON.stringify(findings)}`);
      await s.goto('/sla-policies/police_report');
      await page.getByTestId('target-amount').waitFor();
      await page.getByText(zh.resources['sla-policies'].page.target_help_working).waitFor();
      assert((await page.title()).length > 0 && !(await textOf(page.locator('header'))).includes('police_report'), 'the page title names the stage, not its code');
      findings = findUntranslated(await pageText(page), [...allow, 'PT4H']);
      assert(findings.length === 0, `untranslated text on the SLA policy form: ${JSON.stringify(findings)}`);
      ctx.log(`screenshot ${await s.screenshot('sla-policy-edit-admin-zh-CN')}`);
    } finally {
      // Later tests see the seeded policies again.
      for (const stage of ['police_report', 'freeze']) {
        const p = policy(stage);
        await api.must('PUT', `/api/sla-policies/${stage}`, admin.token, { target: p.target, calendarId: p.calendarId, warnAtPercent: p.warnAtPercent });
      }
      await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
    }
  },
};
