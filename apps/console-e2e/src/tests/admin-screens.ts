import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { assert, assertEqual, pageText, settle, textOf } from '../harness/ui';

const U = en.resources.users;

export const adminScreensTest: BrowserTest = {
  name: 'an admin sees users, creates an intake API key (shown once, and it works), revokes it from the API keys list, edits the calendar, and rotates a bank secret in zh-CN',
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const s = await ctx.session();
    const { page } = s;
    await s.login(users.admin);
    await page.waitForURL(/#\/users$/);
    for (const k of ['analyst', 'supervisor2', 'auditor', 'intake'] as const) await page.getByRole('row').filter({ hasText: users[k].email }).waitFor();
    ctx.log(`screenshot ${await s.screenshot('users-admin-en')}`);

    // An API key for the intake client: shown once, and it authenticates as that client.
    await page.getByRole('row').filter({ hasText: users.intake.email }).click();
    await page.waitForURL(new RegExp(`#/users/${users.intake.id}$`));
    await page.getByTestId('create-api-key').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(U.api_keys.name).fill('ICBC alert gateway — production');
    const created = await s.withResponse('POST', /\/api\/.*api-keys$/, () => dialog.getByRole('button', { name: U.api_keys.create }).click());
    assertEqual(created.status(), 201, 'API key creation status');
    const shown = page.getByTestId('shown-once-value');
    await shown.waitFor();
    const key = await textOf(shown);
    assert(key.length >= 20, `the key is shown once (${key.slice(0, 6)}…)`);
    const me = await api.get('/api/auth/me', key);
    assertEqual((me.user ?? me).role, 'intake', 'the shown key authenticates as the intake client');
    ctx.log(`screenshot ${await s.screenshot('user-intake-api-keys-admin-en')}`);
    await page.getByRole('dialog').getByRole('button', { name: en.app.close }).click();
    await page.getByRole('row').filter({ hasText: 'ICBC alert gateway — production' }).waitFor();

    // Every key of every machine client in one list (menu "API keys"): revoke there, and the key stops working.
    await s.goto('/api-keys');
    const keyRow = page.getByRole('row').filter({ hasText: 'ICBC alert gateway — production' });
    await keyRow.waitFor();
    await keyRow.getByText(users.intake.name).waitFor();
    ctx.log(`screenshot ${await s.screenshot('api-keys-admin-en')}`);
    await keyRow.getByRole('button', { name: U.api_keys.revoke }).click();
    const revoked = await s.withResponse('DELETE', /\/api\/api-keys\/[^/]+$/, () => page.getByRole('dialog').getByRole('button', { name: en.ra.action.confirm }).click());
    assert(revoked.status() < 300, `revoke status ${revoked.status()}`);
    await keyRow.waitFor({ state: 'detached' });
    const refused = await api.call('GET', '/api/auth/me', key);
    assertEqual(refused.status, 401, 'a revoked key no longer authenticates');

    // The business calendar: working hours and China's holidays and make-up working days, as data.
    await s.goto('/calendars/business');
    await page.locator('input[name=name]').waitFor();
    const calendar = await api.get('/api/calendars/business', users.admin.token);
    assert(calendar.holidays.length > 5 && calendar.extraWorkingDays.length > 0, 'the calendar has holidays and make-up days');
    await page.getByText(calendar.holidays[0], { exact: true }).first().waitFor();
    ctx.log(`screenshot ${await s.screenshot('calendar-admin-en', { fullPage: true })}`);

    // Rotating a bank's signing secret, in Chinese: the new secret is shown once.
    await page.getByTestId('locale-switcher').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    const icbc = (await api.list('/api/banks', users.admin.token)).find((b) => b.code === 'ICBC_SH');
    await s.goto(`/banks/${icbc.id}`);
    await page.getByTestId('rotate-secret').click();
    const rotated = await s.withResponse('POST', new RegExp(`/api/banks/${icbc.id}/rotate-secret$`), () =>
      page.getByRole('dialog').getByRole('button', { name: zh.ra.action.confirm }).click(),
    );
    assertEqual(rotated.status(), 200, 'rotate-secret status');
    const { secret } = await rotated.json();
    await page.getByTestId('shown-once-value').waitFor();
    assertEqual(await textOf(page.getByTestId('shown-once-value')), secret, 'the new secret shown once');
    assert(/^whsec_/.test(secret), 'a Standard Webhooks secret');
    const after = await api.get(`/api/banks/${icbc.id}`, users.admin.token);
    assert(!JSON.stringify(after).includes(secret), 'the API never returns the secret again');
    await settle(page);
    const findings = findUntranslated(await pageText(page), [icbc.name, icbc.code, icbc.webhookUrl, secret, users.admin.name]);
    assert(findings.length === 0, `untranslated text on the bank page: ${JSON.stringify(findings)}`);
    ctx.log(`screenshot ${await s.screenshot('bank-rotate-secret-admin-zh-CN')}`);
  },
};
