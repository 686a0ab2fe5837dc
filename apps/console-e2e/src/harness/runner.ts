import { relative } from 'node:path';
import { Session } from './ui';
import { REPO } from './stack';
import type { Seeded } from './seed';

export interface TestContext {
  base: string;
  seeded: Seeded;
  /** A fresh browser session (closed by the runner after the test), on the shared stack or on `base` (another stack). */
  session(locale?: 'en-US' | 'zh-CN', base?: string): Promise<Session>;
  /** Notes for the report (screenshots saved, facts checked). */
  log(message: string): void;
  /** Values one test leaves for a later one (e.g. a fully worked case to show in Chinese). */
  shared: Map<string, unknown>;
}

export interface BrowserTest {
  name: string;
  run(ctx: TestContext): Promise<void>;
}

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS ?? 90_000);

const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${fmt(ms)}`)), ms);
    }),
  ]);
}

/** Runs the tests one after another, each with its own browser sessions; a failure never stops the others. */
export async function runTests(tests: BrowserTest[], base: string, seeded: Seeded): Promise<TestResult[]> {
  const shared = new Map<string, unknown>();
  const results: TestResult[] = [];
  const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;
  for (const [i, test] of tests.entries()) {
    if (only && !only.test(test.name)) continue;
    const sessions: Session[] = [];
    const notes: string[] = [];
    const ctx: TestContext = {
      base,
      seeded,
      shared,
      log: (m) => notes.push(m),
      session: async (locale, other) => {
        const s = await Session.open(other ?? base, locale);
        sessions.push(s);
        return s;
      },
    };
    const started = Date.now();
    let error: string | undefined;
    try {
      await withTimeout(test.run(ctx), TEST_TIMEOUT_MS, `test "${test.name}"`);
      const pageErrors = sessions.flatMap((s) => s.errors);
      if (pageErrors.length) error = `the console threw in the browser:\n      ${pageErrors.join('\n      ')}`;
    } catch (e) {
      error = (e as Error)?.stack ?? String(e);
      const pageErrors = sessions.flatMap((s) => s.errors);
      if (pageErrors.length) error += `\n    page errors:\n      ${pageErrors.join('\n      ')}`;
      for (const [k, s] of sessions.entries()) {
        const file = await s.failureScreenshot(`${i + 1}-${test.name}${sessions.length > 1 ? `-${k + 1}` : ''}`);
        if (file) error += `\n    screenshot at failure: ${relative(REPO, file)}`;
      }
    } finally {
      for (const s of sessions) await s.close();
    }
    const ms = Date.now() - started;
    results.push({ name: test.name, ok: !error, ms, error });
    console.log(`${error ? '✗ FAIL' : '✓ ok  '} ${i + 1}. ${test.name} (${fmt(ms)})`);
    for (const n of notes) console.log(`      ${n}`);
    if (error) console.log(`    ${error.split('\n').join('\n    ')}`);
  }
  return results;
}
