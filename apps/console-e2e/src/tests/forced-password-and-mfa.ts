import { Secret, TOTP } from 'otpauth';
import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { Api } from '../harness/api';
import { ADMIN, startStack, type Stack } from '../harness/stack';
import { assert, assertEqual, type Session } from '../harness/ui';

const A = en.account;
const ADMIN_SET = 'Welcome-2026-Wang-Fang!';
const OWN = 'a passphrase only I know';
const codeAt = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });

/**
 * FORCE_PASSWORD_CHANGE (the production setting): an analyst whose password an admin set signs in to the forced
 * change screen and nothing else, chooses their own password, lands on My work, sets up the TOTP second factor on
 * My account (recovery codes shown once), and signs in again with the code as the second step.
 */
export const forcedPasswordAndMfaTest: BrowserTest = {
  name: 'with FORCE_PASSWORD_CHANGE an analyst changes the admin-set password first, then sets up a second factor and signs in with a code',
  async run(ctx) {
    let stack: Stack | undefined;
    let session: Session | undefined;
    try {
      stack = await startStack({ forcePasswordChange: true });
      const api = new Api(stack.url);
      // The bootstrap admin's password was set by the operator: changed first, through the API.
      const first = await api.login(ADMIN.email, ADMIN.password);
      await api.must('POST', '/api/auth/password', first, { currentPassword: ADMIN.password, newPassword: 'the operator picked this' });
      const analyst = await api.post('/api/users', first, { email: 'wang.fang@bank.example', name: 'Wang Fang', role: 'analyst', password: ADMIN_SET });

      const s = (session = await ctx.session('en-US', stack.url));
      const { page } = s;
      await s.login({ id: analyst.id, email: analyst.email, name: analyst.name, password: ADMIN_SET, token: '' });
      const forced = page.getByTestId('forced-security');
      await forced.getByText(A.password.forced).waitFor();
      assertEqual(await page.getByTestId('claim-next').count(), 0, 'nothing of the console behind the forced screen');
      ctx.log(`screenshot ${await s.screenshot('forced-password-change-en')}`);
      await page.locator('input[name=currentPassword]').fill(ADMIN_SET);
      await page.locator('input[name=newPassword]').fill(OWN);
      await page.locator('input[name=repeatPassword]').fill(OWN);
      const changed = await s.withResponse('POST', /\/api\/auth\/password$/, () => page.getByRole('button', { name: A.password.submit }).click());
      assertEqual(changed.status(), 204, 'POST /api/auth/password');
      await page.getByTestId('claim-next').first().waitFor();

      // My account → set up the second factor.
      await page.getByRole('button', { name: en.ra.auth.user_menu }).click();
      await page.getByTestId('account-menu-item').click();
      await page.waitForURL(/#\/account$/);
      await page.getByTestId('mfa-start').click();
      const secret = await page.getByTestId('mfa-secret').inputValue();
      assert(/^[A-Z2-7]{32}$/.test(secret), `a base32 key for manual entry (${secret})`);
      const now = Date.now();
      await page.locator('input[name=code]').fill(codeAt(secret, now));
      await page.getByRole('button', { name: A.mfa.confirm }).click();
      const codes = page.getByTestId('recovery-codes');
      await codes.locator('li').nth(9).waitFor();
      ctx.log(`screenshot ${await s.screenshot('mfa-recovery-codes-en')}`);
      await page.getByTestId('recovery-codes-done').click();
      await page.getByText(A.mfa.on).waitFor();
      await page.getByTestId('sessions').getByText(A.sessions.this_one).waitFor();

      // Sign in again: the code is the second step.
      await s.logout();
      await page.locator('form input[name=email]').fill(analyst.email);
      await page.locator('form input[name=password]').fill(OWN);
      await page.locator('form button[type=submit]').click();
      const otp = page.getByTestId('login-otp');
      await otp.waitFor();
      await page.getByText(en.app.login.otp_hint).waitFor();
      ctx.log(`screenshot ${await s.screenshot('login-second-step-en')}`);
      await otp.fill(codeAt(secret, now + 30_000));
      await page.getByRole('button', { name: en.app.login.verify }).click();
      await page.waitForFunction(() => !location.hash.startsWith('#/login'), undefined, { timeout: 15_000 });
      await page.getByTestId('claim-next').first().waitFor();
    } finally {
      await session?.close();
      await stack?.stop();
    }
  },
};
