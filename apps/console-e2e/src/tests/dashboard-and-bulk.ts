import type { Locator } from 'playwright-core';
import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';

const D = en.dashboard;
const L = en.resources.cases.list;
const REFERENCE = /SNC-\d{4}-\d{6}/;

/** Points of an SVG path's `d` (recharts draws a line as M x,y L x,y …, a monotone one with C segments). */
const pointsOf = (d: string | null) => (d?.match(/[MLC]/g) ?? []).length;

async function linesWithData(panel: Locator): Promise<number[]> {
  const paths = panel.locator('path.recharts-line-curve');
  const n = await paths.count();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(pointsOf(await paths.nth(i).getAttribute('d')));
  return out;
}

export const dashboardAndBulkTest: BrowserTest = {
  name: 'the supervisor dashboard renders its charts with data; bulk reassign from a list selection works',
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const sup = users.supervisor;
    const s = await ctx.session();
    const { page } = s;
    await s.login(sup);
    await page.waitForURL(/#\/dashboard$/);

    // KPIs agree with the API.
    const [open, warnings, breaches, dead] = await Promise.all([
      api.total('/api/cases', sup.token, { status: 'open' }),
      api.total('/api/cases', sup.token, { status: 'open', slaState: 'warning' }),
      api.total('/api/cases', sup.token, { status: 'open', slaState: 'breached' }),
      api.total('/api/notifications', sup.token, { status: 'dead' }),
    ]);
    assert(warnings > 0 && breaches > 0 && dead > 0, `fixtures: warnings ${warnings}, breaches ${breaches}, dead ${dead}`);
    for (const [id, want] of [['kpi-open', open], ['kpi-warnings', warnings], ['kpi-breaches', breaches], ['kpi-dead', dead]] as const) {
      const value = page.getByTestId(`${id}-value`);
      await value.waitFor();
      assertEqual(await textOf(value), String(want), `${id} on the dashboard`);
    }

    // Charts: open cases by stage (stacked bars), breach rate and median time per stage over time (lines), load per analyst.
    const byStage = page.getByTestId('panel-open-by-stage');
    await byStage.locator('.recharts-surface').first().waitFor();
    assert((await byStage.locator('.recharts-bar-rectangle').count()) >= 3, 'open-by-stage chart has bars');
    for (const stage of Object.values(en.enums.stage)) await byStage.locator('.recharts-cartesian-axis-tick-value').filter({ hasText: stage }).first().waitFor();

    const summary = await api.get(`/api/sla/summary?${new URLSearchParams({ from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date().toISOString(), bucket: 'day' })}`, sup.token);
    const buckets = new Set((summary.series as Array<{ bucket: string }>).map((p) => p.bucket)).size;
    assert(buckets >= 14, `the API has a month of SLA history (${buckets} days)`);
    const stageNames = Object.values(en.enums.stage);
    // By default: weekly buckets as grouped bars, one colour per stage, the legend in lifecycle order.
    for (const id of ['panel-breach-rate', 'panel-median-time']) {
      const panel = page.getByTestId(id);
      await panel.locator('.recharts-surface').first().waitFor();
      assert((await panel.getByText(D.no_data).count()) === 0, `${id}: no "no data"`);
      const bars = await panel.locator('.recharts-bar-rectangle').count();
      assert(bars >= 3 * 5, `${id}: grouped bars for several weeks (${bars})`);
      const legend = (await panel.locator('.recharts-legend-item-text').allInnerTexts()).map((x) => x.trim());
      assertEqual(legend.join(' | '), stageNames.join(' | '), `${id}: legend in lifecycle order`);
      assert((await panel.locator('.recharts-cartesian-axis-tick-value').filter({ hasText: /^\d{2}-\d{2}$/ }).count()) >= 3, `${id}: dated x axis`);
    }
    await page.getByTestId('panel-breach-rate').getByText(D.breach_rate_week).waitFor();
    await page.getByTestId('panel-median-time').getByText(new RegExp(`^${D.median_time_week}$`)).waitFor();
    // Per day: one smoothed line per stage over the month.
    await page.getByLabel(D.bucket).click();
    await page.getByRole('option', { name: D.bucket_day }).click();
    for (const id of ['panel-breach-rate', 'panel-median-time']) {
      const panel = page.getByTestId(id);
      await panel.locator('path.recharts-line-curve').first().waitFor({ state: 'attached' });
      const lines = await linesWithData(panel);
      assertEqual(lines.length, 5, `${id}: one line per stage`);
      assert(lines.every((p) => p >= Math.min(buckets, 10)), `${id}: every line has points over the month (${lines.join(', ')})`);
    }
    ctx.log(`screenshot ${await s.screenshot('dashboard-day-supervisor-en', { center: page.getByTestId('panel-breach-rate') })}`);
    await page.getByLabel(D.bucket).click();
    await page.getByRole('option', { name: D.bucket_week }).click();
    await page.getByTestId('panel-breach-rate').locator('.recharts-bar-rectangle').first().waitFor();
    const load = page.getByTestId('panel-load');
    await load.locator('.recharts-surface').first().waitFor();
    assert((await load.locator('.recharts-bar-rectangle').count()) >= 2, 'load chart has bars');
    await load.locator('.recharts-cartesian-axis-tick-value').filter({ hasText: users.analyst.name }).first().waitFor();

    // Breaches now, dead notifications with retry, alert inbox.
    const breachRows = page.getByTestId('panel-breaches').locator('tbody tr');
    await breachRows.first().waitFor();
    assertEqual(await breachRows.count(), Math.min(breaches, 50) + Math.min(warnings, 50), 'rows of breaches and warnings now');
    const deadPanel = page.getByTestId('panel-dead');
    await deadPanel.getByRole('button', { name: en.app.retry }).first().waitFor();
    await page.getByTestId('panel-alerts').getByText(en.enums.alertType.sla.breached).first().waitFor();
    ctx.log(`dashboard: ${open} open, ${warnings} warnings, ${breaches} breaches, ${dead} dead; ${buckets} days of SLA history`);
    ctx.log(`screenshot ${await s.screenshot('dashboard-supervisor-en', { fullPage: true })}`);

    // Bulk reassign: select two open cases in the case list and give them to another analyst.
    const target = users.analyst3;
    await s.goto('/cases');
    const rows = page.locator('tbody tr').filter({ hasText: REFERENCE });
    await rows.first().waitFor();
    const picked: Array<{ ref: string; row: Locator }> = [];
    for (let i = 0; i < (await rows.count()) && picked.length < 2; i++) {
      const row = rows.nth(i);
      const text = await textOf(row);
      if (text.includes(target.name)) continue;
      picked.push({ ref: text.match(REFERENCE)![0], row });
    }
    assertEqual(picked.length, 2, 'two cases to select');
    for (const p of picked) await p.row.getByRole('checkbox').check();
    const reassign = page.getByRole('button', { name: L.bulk_reassign, exact: true });
    await reassign.waitFor();
    ctx.log(`screenshot ${await s.screenshot('cases-supervisor-en')}`);
    await reassign.click();
    const dialog = page.getByRole('dialog');
    const picker = dialog.getByLabel(L.new_assignee);
    await picker.click();
    await picker.fill(target.name.split(' (')[0]);
    await page.getByRole('option', { name: target.name }).click();
    const res = await s.withResponse('POST', /\/api\/cases\/bulk$/, () => dialog.getByRole('button', { name: L.bulk_reassign, exact: true }).click());
    assertEqual(res.status(), 200, 'bulk status');
    const results: Array<{ ok: boolean }> = await res.json();
    assert(results.length === 2 && results.every((r) => r.ok), `bulk results ${JSON.stringify(results)}`);
    await dialog.getByText(L.bulk_done.replace('%{ok}', '2').replace('%{failed}', '0')).waitFor();
    ctx.log(`screenshot ${await s.screenshot('cases-bulk-reassign-en')}`);

    for (const p of picked) {
      const [c] = await api.list('/api/cases', sup.token, { q: p.ref });
      assertEqual(c?.reference, p.ref, `case ${p.ref} found`);
      assertEqual(c.assigneeId, target.id, `${p.ref} assignee after bulk reassign`);
    }
    await dialog.getByRole('button', { name: en.app.close }).click();
    for (const p of picked) await rows.filter({ hasText: p.ref }).filter({ hasText: target.name }).waitFor();
    ctx.log(`bulk reassigned ${picked.map((p) => p.ref).join(', ')} to ${target.name}`);
  },
};
