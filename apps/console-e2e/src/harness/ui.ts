import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Locator, Page, Response } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../browser';
import { REPO } from './stack';
import type { SeededUser } from './seed';

export const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR ?? join(REPO, 'docs/screenshots'));
export const FAILURE_DIR = resolve(process.env.E2E_FAILURE_DIR ?? join(REPO, 'tmp/console-e2e-failures'));

export class AssertionError extends Error {}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new AssertionError(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** One browser session of a test: a fresh Chromium profile, its first page, and the page errors seen. */
export class Session {
  readonly errors: string[] = [];
  private constructor(
    readonly browser: LaunchedBrowser,
    readonly page: Page,
    readonly base: string,
  ) {
    page.on('pageerror', (e) => this.errors.push(`page error: ${e.message}`));
    // The console's Content-Security-Policy (libs/contracts csp.ts) must never block anything it does.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) this.errors.push(`CSP violation: ${m.text()}`);
    });
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(20_000);
  }

  static async open(base: string, locale: 'en-US' | 'zh-CN' = 'en-US'): Promise<Session> {
    const browser = await launchBrowser({ locale });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    return new Session(browser, page, base);
  }

  async goto(hashPath: string): Promise<void> {
    await this.page.goto(`${this.base}/#${hashPath}`);
  }

  /** Signs in through the login form and waits to leave the login page. */
  async login(user: SeededUser): Promise<void> {
    const { page } = this;
    if (!/#\/login/.test(page.url())) await this.goto('/login');
    await page.locator('form input[name=email]').fill(user.email);
    await page.locator('form input[name=password]').fill(user.password);
    await page.locator('form button[type=submit]').click();
    await page.waitForFunction(() => !location.hash.startsWith('#/login'), undefined, { timeout: 15_000 });
  }

  /** Forgets the signed-in user and the session cookies (keeps the chosen language) and returns to the login page. */
  async logout(): Promise<void> {
    await this.browser.context.clearCookies();
    await this.page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k !== 'sentinel.locale') localStorage.removeItem(k);
      sessionStorage.clear();
    });
    await this.goto('/login');
    await this.page.reload();
    await this.page.locator('form input[name=email]').waitFor();
  }

  /** Waits for the API response of a UI action (method + path regexp) while `trigger` runs. */
  async withResponse(method: string, path: RegExp, trigger: () => Promise<unknown>): Promise<Response> {
    const [res] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname), { timeout: 15_000 }),
      trigger(),
    ]);
    return res;
  }

  /**
   * Clicks a submit button and waits for the API response it causes. A click that sent no request within 5 s (the
   * page rendered the form again between press and release, as it may while a case page settles) is made again, up
   * to `tries` times; a request once sent is never sent twice by this helper.
   */
  async clickForResponse(method: string, path: RegExp, target: Locator, tries = 3): Promise<Response> {
    for (let i = 1; ; i++) {
      const sent = this.page.waitForRequest((r) => r.method() === method && path.test(new URL(r.url()).pathname), { timeout: 5_000 }).catch(() => null);
      await target.click();
      const request = await sent;
      if (request) {
        const res = await request.response();
        if (!res) throw new Error(`${method} ${path} got no response`);
        return res;
      }
      if (i >= tries) throw new Error(`${tries} clicks sent no ${method} ${path}`);
    }
  }

  /** Lets pending requests and animations settle, then saves docs/screenshots/<name>.png. */
  async screenshot(name: string, opts: { fullPage?: boolean; center?: Locator } = {}): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await settle(this.page);
    if (opts.center) await opts.center.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    if (opts.fullPage) {
      // react-admin's app bar slides away while the page is scrolled down: back to the top, and wait for it.
      await this.page.evaluate(() => window.scrollTo(0, 0));
      await this.page
        .waitForFunction(() => {
          const bar = document.querySelector('header');
          return !bar || bar.getBoundingClientRect().top >= 0;
        }, undefined, { timeout: 5_000 })
        .catch(() => undefined);
    }
    const file = join(SCREENSHOT_DIR, `${name}.png`);
    // Transient toasts ("Case resolved") would float over the middle of full-page pictures: left out.
    await this.page.screenshot({ path: file, fullPage: !!opts.fullPage, animations: 'disabled', caret: 'hide', style: '.MuiSnackbar-root { display: none !important; }' });
    return relative(REPO, file);
  }

  async failureScreenshot(testName: string): Promise<string | null> {
    try {
      mkdirSync(FAILURE_DIR, { recursive: true });
      const file = join(FAILURE_DIR, `${testName.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await this.page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
      return file;
    } catch {
      return null;
    }
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/**
 * No request in flight, no progress bar or skeleton shown, fonts loaded (screenshots also pass
 * `animations: 'disabled'`, which finishes MUI's transitions).
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page
    .waitForFunction(
      () =>
        !document.querySelector('.MuiSkeleton-root, .MuiLinearProgress-root, [data-testid=loading], .RaLoadingIndicator-loader') &&
        document.fonts.status === 'loaded',
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
}

/** The visible text of the page (what a user can read), for i18n checks. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

export async function textOf(loc: Locator): Promise<string> {
  return ((await loc.innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/** `YYYY-MM-DDTHH:mm` wall time of `date` in a time zone (the value a datetime-local input takes). */
export function wallTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Takes the focus out of any field (so single-key shortcuts apply), without clicking anything. */
export async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
