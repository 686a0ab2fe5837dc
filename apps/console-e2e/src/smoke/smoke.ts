/**
 * SMOKE CHECK: boots the built console against the stubbed /api of stub-server.ts and
 * screenshots a few screens in English and Simplified Chinese into tmp/smoke-screenshots/ (the committed
 * docs/screenshots/ come from the real-API browser tests, apps/console-e2e/run.ts).
 * Also fails (exit 1) on page errors, so it doubles as "does the bundle run at all".
 *
 *   npx vite build --config apps/console/vite.config.ts
 *   node -r ./tools/register.js apps/console-e2e/src/smoke/smoke.ts
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../browser';
import { startSmokeServer } from './stub-server';

const repo = resolve(__dirname, '../../../..');
const outDir = resolve(process.env.SCREENSHOT_DIR ?? join(repo, 'tmp/smoke-screenshots'));
const dist = join(repo, 'apps/console/dist');

interface Shot {
  name: string;
  locale: 'en' | 'zh-CN';
  user?: 'supervisor' | 'analyst' | 'auditor' | 'admin';
  path: string;
  waitFor: string;
  fullPage?: boolean;
  before?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: 'login-en', locale: 'en', path: '/#/login', waitFor: 'form input[name=email]' },
  { name: 'login-zh-CN', locale: 'zh-CN', path: '/#/login', waitFor: 'form input[name=email]' },
  { name: 'queues-analyst-en', locale: 'en', user: 'analyst', path: '/#/queues', waitFor: '[data-testid=claim-next]' },
  { name: 'queue-page-analyst-zh-CN', locale: 'zh-CN', user: 'analyst', path: '/#/queues/q-freeze/show', waitFor: 'table tbody tr' },
  { name: 'case-analyst-en', locale: 'en', user: 'analyst', path: '/#/cases/c-123/show', waitFor: '[data-testid=timeline-event]', fullPage: true },
  { name: 'case-analyst-zh-CN', locale: 'zh-CN', user: 'analyst', path: '/#/cases/c-123/show', waitFor: '[data-testid=timeline-event]', fullPage: true },
  {
    name: 'case-exit-rule-refused-en',
    locale: 'en',
    user: 'analyst',
    path: '/#/cases/c-123/show',
    waitFor: '[data-testid=tab-submit_for_review]',
    before: async (page) => {
      await page.click('[data-testid=tab-submit_for_review]');
      await page.click('[data-testid=submit-submit_for_review]');
      await page.waitForSelector('[data-testid=action-error]');
    },
  },
  { name: 'cases-supervisor-en', locale: 'en', user: 'supervisor', path: '/#/cases', waitFor: 'table tbody tr' },
  { name: 'dashboard-supervisor-en', locale: 'en', user: 'supervisor', path: '/#/dashboard', waitFor: '.recharts-surface', fullPage: true },
  { name: 'dashboard-supervisor-zh-CN', locale: 'zh-CN', user: 'supervisor', path: '/#/dashboard', waitFor: '.recharts-surface', fullPage: true },
  { name: 'case-auditor-zh-CN', locale: 'zh-CN', user: 'auditor', path: '/#/cases/c-123/show', waitFor: '[data-testid=timeline-event]' },
  { name: 'calendar-admin-en', locale: 'en', user: 'admin', path: '/#/calendars/business', waitFor: 'input[name=name]', fullPage: true },
  { name: 'user-intake-api-keys-admin-en', locale: 'en', user: 'admin', path: '/#/users/u-icbc', waitFor: '[data-testid=create-api-key]', fullPage: true },
  {
    name: 'bank-rotate-secret-admin-zh-CN',
    locale: 'zh-CN',
    user: 'admin',
    path: '/#/banks/b-icbc',
    waitFor: '[data-testid=rotate-secret]',
    before: async (page) => {
      await page.click('[data-testid=rotate-secret]');
      await page.click('.MuiDialog-container button.ra-confirm');
      await page.waitForSelector('[data-testid=shown-once-value]');
    },
  },
];

async function signIn(page: Page, base: string, user: string) {
  await page.goto(`${base}/#/login`);
  await page.fill('input[name=email]', `${user}@example.test`);
  await page.fill('input[name=password]', 'demo');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => !location.hash.startsWith('#/login'), undefined, { timeout: 15_000 });
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const server = await startSmokeServer(dist);
  const failures: string[] = [];
  try {
    for (const shot of SHOTS) {
      const browser = await launchBrowser({ locale: shot.locale === 'zh-CN' ? 'zh-CN' : 'en-US' });
      try {
        const page = browser.context.pages()[0] ?? (await browser.context.newPage());
        page.on('pageerror', (e) => failures.push(`${shot.name}: page error: ${e.message}`));
        await page.goto(`${server.url}/`);
        await page.evaluate((locale) => localStorage.setItem('sentinel.locale', locale), shot.locale);
        if (shot.user) await signIn(page, server.url, shot.user);
        await page.goto(`${server.url}${shot.path}`);
        await page.waitForSelector(shot.waitFor, { timeout: 20_000 });
        if (shot.before) await shot.before(page);
        await page.waitForTimeout(700);
        const file = join(outDir, `${shot.name}.png`);
        await page.screenshot({ path: file, fullPage: !!shot.fullPage });
        console.log(`screenshot ${file}`);
      } catch (e) {
        failures.push(`${shot.name}: ${(e as Error).message}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  if (failures.length) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
}

void main();
