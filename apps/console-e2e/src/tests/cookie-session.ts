import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual } from '../harness/ui';

/**
 * Issue 12: after sign-in the browser holds no bearer token a script could read. The session is the HttpOnly cookie
 * `sn_session` (invisible to `document.cookie`), localStorage keeps only the profile, the case list loads on the
 * cookie alone, a write without the `sn_csrf` echo is refused (403 `AUTH.CSRF`) and with it passes, an old console's
 * token left in localStorage is deleted on load, and signing out through the menu ends the cookie.
 */
export const cookieSessionTest: BrowserTest = {
  name: 'sign-in keeps no token where scripts can read it: an HttpOnly session cookie, the CSRF echo on writes, the case list on the cookie, sign-out ends it',
  async run(ctx) {
    const { users } = ctx.seeded;
    const s = await ctx.session();
    const { page } = s;
    // An older console's leftovers: deleted on load, so they never linger beside the cookie session.
    await s.goto('/login');
    await page.evaluate(() => localStorage.setItem('sentinel.token', 'sns_left-by-an-old-console'));
    await page.reload();
    await page.locator('form input[name=email]').waitFor();
    assertEqual(await page.evaluate(() => localStorage.getItem('sentinel.token')), null, 'the old token removed on load');

    const login = await s.withResponse('POST', /\/api\/auth\/login$/, () => s.login(users.analyst));
    assertEqual(login.status(), 200, 'login status');
    assert(!('token' in ((await login.json()) as Record<string, unknown>)), 'the console asks for the cookie mode: no token in the answer');

    const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n'));
    assert(!/sentinel\.token|sns_/.test(stored), `localStorage holds no token: ${stored}`);
    const visible = await page.evaluate(() => document.cookie);
    assert(!/sn_session/.test(visible), `the session cookie is HttpOnly (document.cookie: ${visible})`);
    assert(/sn_csrf=/.test(visible), `the CSRF cookie is readable by the page (document.cookie: ${visible})`);
    const jar = await page.context().cookies();
    const cookie = jar.find((c) => c.name === 'sn_session');
    assert(cookie && cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/api', `sn_session HttpOnly, SameSite=Strict, Path=/api: ${JSON.stringify(cookie)}`);

    // The case list loads on the cookie alone.
    const list = await s.withResponse('GET', /\/api\/cases$/, () => s.goto('/cases'));
    assertEqual(list.status(), 200, 'case list status');
    assertEqual(list.request().headers().authorization, undefined, 'no Authorization header from the console');
    await page.locator('table tbody tr').first().waitFor();
    assert((await page.locator('table tbody tr').count()) > 0, 'the case list shows cases');

    // A script's write without the CSRF echo is refused; with it (as the console sends it) it passes.
    const writes = await page.evaluate(async () => {
      const csrf = /(?:^|;\s*)sn_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const put = (headers: Record<string, string>) =>
        fetch('/api/auth/me', { method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' }).then(async (r) => ({ status: r.status, code: r.status === 200 ? null : ((await r.json()) as { code?: string }).code }));
      return { without: await put({}), with: await put({ 'X-CSRF-Token': decodeURIComponent(csrf) }) };
    });
    assertEqual(writes.without.status, 403, 'a write without X-CSRF-Token');
    assertEqual(writes.without.code, 'AUTH.CSRF', 'its code');
    assertEqual(writes.with.status, 200, 'a write with X-CSRF-Token');

    // Signing out through the menu revokes the session and clears both cookies.
    await page.getByRole('button', { name: en.ra.auth.user_menu }).click();
    const out = await s.withResponse('POST', /\/api\/auth\/logout$/, () => page.getByRole('menuitem', { name: en.ra.auth.logout }).click());
    assertEqual(out.status(), 204, 'logout status');
    await page.locator('form input[name=email]').waitFor();
    const after = await page.context().cookies();
    assert(!after.some((c) => c.name === 'sn_session' || c.name === 'sn_csrf'), `both cookies cleared: ${after.map((c) => c.name).join(', ')}`);
    const me = await page.evaluate(() => fetch('/api/auth/me', { credentials: 'same-origin' }).then((r) => r.status));
    assertEqual(me, 401, 'no session after sign-out');
    ctx.log(`signed in and out on the cookie alone; localStorage kept: ${stored.split('\n').map((l) => l.split('=')[0]).join(', ')}`);
  },
};
