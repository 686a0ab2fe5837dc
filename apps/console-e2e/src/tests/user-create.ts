import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated } from '../harness/i18n-check';
import { assert, assertEqual, pageText, settle, textOf } from '../harness/ui';

const U = en.resources.users;

export const userCreateTest: BrowserTest = {
  name: 'an admin creates an analyst (role, team, language, time zone, password; no `active` sent), a duplicate email is said under the field, and the new analyst signs in to a Chinese console',
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const admin = users.admin;
    await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
    const teams = await api.list('/api/teams', admin.token);
    const east = teams.find((t) => t.name === 'East');
    assert(east, 'the seeded team East');
    const email = `li.na.${Date.now()}@bank.example`;
    const password = 'Welcome-2026-Li-Na!';

    const s = await ctx.session();
    const { page } = s;
    await s.login(admin);
    await page.waitForURL(/#\/users$/);
    await page.getByRole('link', { name: en.ra.action.create }).click();
    await page.waitForURL(/#\/users\/create$/);
    for (const label of [U.fields.email, U.fields.name, U.fields.password]) {
      assert((await textOf(page.locator('label').filter({ hasText: label }).first())).includes('*'), `${label} is marked required`);
    }
    // Selects: the asterisk is in the label the combobox is labelled by (hidden from screen readers, as react-admin does).
    const selectLabel = (name: string) =>
      page.getByRole('combobox', { name, exact: true }).evaluate((el) => document.getElementById((el.getAttribute('aria-labelledby') ?? '').split(' ')[0])?.innerText ?? '');
    for (const label of [U.fields.role, U.fields.locale]) assert((await selectLabel(label)).includes('*'), `${label} is marked required`);
    assert(!(await selectLabel(U.fields.teamId)).includes('*'), 'the team is optional');
    await page.getByLabel(U.fields.email).fill(email);
    await page.getByLabel(U.fields.name).fill('Li Na');
    await page.getByRole('combobox', { name: U.fields.teamId }).click();
    await page.getByRole('option', { name: 'East' }).click();
    await page.getByLabel(U.fields.password, { exact: false }).first().fill('short');
    await page.getByRole('combobox', { name: U.fields.locale }).click();
    await page.getByRole('option', { name: '简体中文' }).click();
    const zone = page.getByRole('combobox', { name: U.fields.timeZone });
    await zone.fill('Asia/Shang');
    await page.getByRole('option', { name: 'Asia/Shanghai' }).click();

    // Too short: refused in place before anything is sent.
    await page.getByRole('button', { name: en.ra.action.save }).click();
    await page.getByText('Must be 10 characters at least').waitFor();
    await page.getByLabel(U.fields.password, { exact: false }).first().fill(password);
    ctx.log(`screenshot ${await s.screenshot('user-create-admin-en')}`);

    const created = await s.withResponse('POST', /\/api\/users$/, () => page.getByRole('button', { name: en.ra.action.save }).click());
    const body = JSON.parse(created.request().postData() ?? '{}');
    assertEqual(created.status(), 201, `POST /api/users (${JSON.stringify(await created.json().catch(() => null))})`);
    assert(!('active' in body), `the create body carries no "active" (${Object.keys(body).join(', ')})`);
    assertEqual(JSON.stringify({ role: body.role, teamId: body.teamId, locale: body.locale, timeZone: body.timeZone }), JSON.stringify({ role: 'analyst', teamId: east.id, locale: 'zh-CN', timeZone: 'Asia/Shanghai' }), 'what the form sent');
    const user = await created.json();
    await page.waitForURL(new RegExp(`#/users/${user.id}$`));
    const stored = await api.get(`/api/users/${user.id}`, admin.token);
    assertEqual(`${stored.role} ${stored.active} ${stored.teamId === east.id} ${stored.locale} ${stored.timeZone}`, 'analyst true true zh-CN Asia/Shanghai', 'the stored user');

    // The same email again: the API's 409 is said under the email input, in the user's language.
    await s.goto('/users/create');
    await page.getByLabel(U.fields.email).fill(email.toUpperCase());
    await page.getByLabel(U.fields.name).fill('Li Na again');
    await page.getByLabel(U.fields.password, { exact: false }).first().fill(password);
    const dup = await s.withResponse('POST', /\/api\/users$/, () => page.getByRole('button', { name: en.ra.action.save }).click());
    assertEqual(dup.status(), 409, 'a duplicate email');
    const emailField = page.locator('.MuiFormControl-root').filter({ has: page.getByLabel(U.fields.email) });
    await emailField.getByText(en.errors.field.TAKEN).waitFor();
    assertEqual(await page.getByText(en.errors.field.TAKEN).count(), 1, 'said once');

    // The new analyst signs in: their own language and zone, their team's queues.
    const a = await ctx.session();
    await a.login({ id: user.id, email, name: 'Li Na', password, token: '' });
    await a.page.waitForURL(/#\/queues$/);
    await a.page.locator('html[lang=zh-CN]').waitFor();
    await a.page.getByRole('row').filter({ hasText: 'East — urgent' }).waitFor();
    await settle(a.page);
    const findings = findUntranslated(await pageText(a.page), ['Li Na', 'East — urgent', 'East — all open', 'Breached (all teams)', 'East']);
    assert(findings.length === 0, `the new analyst's console is in Chinese: ${JSON.stringify(findings)}`);
    const me = await api.get('/api/auth/me', await api.login(email, password));
    assertEqual((me.user ?? me).role, 'analyst', 'signed in as the new analyst');
    ctx.log(`created ${email} (analyst, East, zh-CN, Asia/Shanghai) and signed in as them; screenshot ${await a.screenshot('user-created-analyst-zh-CN')}`);
  },
};
