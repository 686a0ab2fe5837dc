/**
 * Browser end-to-end tests of the console against the REAL API and database (issue 5).
 *
 *   npx vite build --config apps/console/vite.config.ts
 *   node -r ./tools/register.js apps/console-e2e/run.ts
 *
 * Boots the API in-process on a fresh test database and Redis prefix (serving apps/console/dist at `/`), seeds it
 * through the HTTP API (tools/seed/demo-seed.ts plus per-test fixtures), drives Debian's Chromium with
 * playwright-core, saves screenshots under docs/screenshots/, and tears everything down, even on failure.
 * Env: E2E_ONLY=<regexp> runs matching tests only; SCREENSHOT_DIR overrides where screenshots go;
 * E2E_API_LOG_LEVEL=info shows the API's logs. Exit code 0 only when every test passed.
 */
import { startStack, type Stack } from './src/harness/stack';
import { seed } from './src/harness/seed';
import { runTests, type TestResult } from './src/harness/runner';
import { caseLifecycleTest } from './src/tests/case-lifecycle';
import { conflictAndRefusalTest } from './src/tests/conflict-and-refusal';
import { dashboardAndBulkTest } from './src/tests/dashboard-and-bulk';
import { chineseTest } from './src/tests/chinese';
import { adminScreensTest } from './src/tests/admin-screens';
import { liveUpdateTest } from './src/tests/live-update';
import { reviewLoopTest } from './src/tests/review-loop';
import { holdsDashboardTest, holdsPanelTest } from './src/tests/holds-panel';
import { supervisorHomeTest } from './src/tests/supervisor-home';
import { consoleIntakeTest } from './src/tests/console-intake';
import { myWorkFreshTest } from './src/tests/my-work-fresh';
import { forcedPasswordAndMfaTest } from './src/tests/forced-password-and-mfa';
import { userCreateTest } from './src/tests/user-create';
import { slaTargetTest } from './src/tests/sla-target';
import { holidayCalendarTest } from './src/tests/holiday-calendar';
import { alertPreferencesTest } from './src/tests/alert-preferences';
import { auditorWorkbenchTest } from './src/tests/auditor-workbench';
import { historicalImportTest } from './src/tests/historical-import';
import { cookieSessionTest } from './src/tests/cookie-session';

const TESTS = [
  caseLifecycleTest,
  conflictAndRefusalTest,
  dashboardAndBulkTest,
  chineseTest,
  adminScreensTest,
  userCreateTest,
  slaTargetTest,
  holidayCalendarTest,
  liveUpdateTest,
  supervisorHomeTest,
  reviewLoopTest,
  holdsPanelTest,
  holdsDashboardTest,
  consoleIntakeTest,
  myWorkFreshTest,
  forcedPasswordAndMfaTest,
  cookieSessionTest,
  alertPreferencesTest,
  historicalImportTest,
  // last: it changes a case of its own behind the app's back to show a verify failure
  auditorWorkbenchTest,
];
const DEADLINE_MS = Number(process.env.E2E_DEADLINE_MS ?? 480_000);
const fmt = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const t0 = Date.now();
  let stack: Stack | undefined;
  let results: TestResult[] = [];
  let setupError: unknown;
  const deadline = setTimeout(() => {
    console.error(`\nbrowser tests: deadline of ${fmt(DEADLINE_MS)} passed; tearing down`);
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  }, DEADLINE_MS);
  deadline.unref();
  // Ctrl-C (or npm test forwarding SIGTERM): still drop the database and the Redis keys.
  let interrupted = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\nbrowser tests: ${sig}; tearing down`);
      void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
    });
  }
  try {
    stack = await startStack();
    const tStack = Date.now();
    console.log(`API with the built console on ${stack.url} (fresh database) in ${fmt(tStack - t0)}`);
    const seeded = await seed(stack.url, stack.dbUrl, stack.ds);
    console.log(`seeded through the API (demo seed, SLA history, breaches, a dead notification) in ${fmt(Date.now() - tStack)}`);
    results = await runTests(TESTS, stack.url, seeded);
  } catch (e) {
    setupError = e;
    console.error(`\nbrowser tests: setup failed: ${(e as Error)?.stack ?? e}`);
  } finally {
    const tDown = Date.now();
    await stack?.stop();
    console.log(`torn down in ${fmt(Date.now() - tDown)}`);
    clearTimeout(deadline);
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (setupError ? 1 : 0);
  for (const r of results.filter((x) => !x.ok)) console.log(`  failed: ${r.name}`);
  console.log(`\nbrowser tests took ${fmt(Date.now() - t0)} in all`);
  console.log(`browser tests: ${passed} passed, ${failed} failed`);
  return failed === 0 && results.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
