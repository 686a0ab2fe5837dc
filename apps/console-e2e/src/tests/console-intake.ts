import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';

const I = en.intake;

/** What a Chinese input method types: full-width ASCII (U+FF01…U+FF5E) and ideographic spaces (U+3000). */
function fullWidth(s: string): string {
  return [...s].map((ch) => (ch === ' ' ? '\u3000' : ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');
}

async function chooseOption(page: import('playwright-core').Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Console intake: an analyst enters a merchant's call. The SN typed in full-width characters with spaces is
 * shown normalised as typed; the open case of that SN is named before submitting; a double submit files one
 * report (one Idempotency-Key per form); the page then opens the case the report joined. A new SN opens a case.
 */
export const consoleIntakeTest: BrowserTest = {
  name: 'an analyst enters a call: a full-width SN is shown normalised, the open case of that SN is named before submitting, a double submit files one report, and the case opens',
  async run(ctx) {
    const { api, users, openCase } = ctx.seeded;
    const me = users.analyst;
    const existing = await openCase({ merchantName: 'Golden Lotus Jewellers' });
    const sn: string = (await api.getCase(existing.id, me.token)).sn;
    const reportsBefore = await api.list('/api/reports', me.token, { sn });

    const s = await ctx.session();
    const { page } = s;
    await s.login(me);
    await page.waitForURL(/#\/my-work$/);
    await page.getByRole('menuitem', { name: I.new }).click();
    await page.waitForURL(/#\/reports\/create$/);

    // The SN as the caller reads it, typed with a Chinese input method: shown as it will be stored.
    const typed = fullWidth(`${sn.slice(0, 7).toLowerCase()} ${sn.slice(7)}`);
    await page.getByTestId('sn-input').fill(typed);
    const preview = page.getByTestId('sn-preview');
    await preview.getByText(sn, { exact: true }).waitFor();
    assert((await textOf(preview)).startsWith(I.sn_stored_as), `the preview says how it is stored: "${await textOf(preview)}"`);
    // The open case of that SN is named before anything is submitted.
    const warning = page.getByTestId('duplicate-warning');
    await warning.getByText(existing.reference, { exact: true }).waitFor();
    await warning.getByText(I.duplicate_body).waitFor();

    await page.getByRole('textbox', { name: en.resources.reports.fields.merchantName, exact: true }).fill('Golden Lotus Jewellers');
    await chooseOption(page, en.resources.reports.fields.misuseType, en.enums.misuseType.skimming_tampering);
    await page.getByRole('textbox', { name: en.resources.reports.fields['reporter.name'], exact: true }).fill('Ms Huang (owner)');
    await page.getByRole('textbox', { name: en.resources.reports.fields.amountAtRisk, exact: true }).fill('８，８００．００');
    await page.getByRole('textbox', { name: en.resources.reports.fields.description, exact: true }).fill('The owner found a second reader glued over the card slot this morning.');
    ctx.log(`screenshot ${await s.screenshot('report-new-duplicate-en', { fullPage: true })}`);

    // A double submit (two submits before the first answer): one Idempotency-Key, so one report.
    const posts: Array<{ status: number; key: string | null; replayed: string | null; body: any }> = [];
    const done = new Promise<void>((resolve) => {
      page.on('response', async (r) => {
        if (r.request().method() !== 'POST' || new URL(r.url()).pathname !== '/api/reports') return;
        posts.push({ status: r.status(), key: r.request().headers()['idempotency-key'] ?? null, replayed: r.headers()['idempotent-replayed'] ?? null, body: await r.json().catch(() => null) });
        if (posts.length === 2) resolve();
      });
    });
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('[data-testid=report-create] form');
      form!.requestSubmit();
      form!.requestSubmit();
    });
    await done;
    assert(posts.every((p) => p.status === 201), `both submits answered 201: ${JSON.stringify(posts.map((p) => p.status))}`);
    assert(posts[0].key && posts[0].key === posts[1].key, `one Idempotency-Key for the form: ${posts.map((p) => p.key).join(' / ')}`);
    assertEqual(posts[0].body.id, posts[1].body.id, 'both answers name the same report');
    assert(posts.some((p) => p.replayed === 'true'), 'the second answer is the replay of the first');
    assertEqual(posts[0].body.linkedToExisting, true, 'the report joined the open case');
    assertEqual(posts[0].body.caseId, existing.id, 'the case it joined');
    const reportsAfter = await api.list('/api/reports', me.token, { sn });
    assertEqual(reportsAfter.length, reportsBefore.length + 1, 'reports of the SN after a double submit');
    const stored = reportsAfter.find((r) => r.id === posts[0].body.id);
    assertEqual(stored?.channel, 'merchant_call', 'a person’s report is on a staff channel');
    assertEqual(stored?.amountAtRisk?.minor, 880_000, 'the full-width amount in minor units');

    // The case the report joined opens, with the report on it.
    await page.waitForURL(new RegExp(`#/cases/${existing.id}/show$`));
    await page.getByTestId('case-reference').filter({ hasText: existing.reference }).waitFor();
    await page.getByText('Ms Huang (owner)').first().waitFor();

    // A new SN (spaces, lower case): no warning, and the new case opens.
    await s.goto('/reports/create');
    const fresh = `ingenico move5000 ${String(Date.now()).slice(-6)}`;
    const freshSn = fresh.replace(/\s+/g, '').toUpperCase();
    await page.getByTestId('sn-input').fill(fresh);
    await page.getByTestId('sn-preview').getByText(freshSn, { exact: true }).waitFor();
    await chooseOption(page, en.resources.reports.fields.misuseType, en.enums.misuseType.lost_or_stolen);
    await page.getByLabel(en.enums.channel.cardholder, { exact: true }).check();
    await page.waitForTimeout(500);
    assertEqual(await page.getByTestId('duplicate-warning').count(), 0, 'no duplicate warning for a new SN');
    const res = await s.withResponse('POST', /\/api\/reports$/, () => page.getByTestId('submit-report').click());
    assertEqual(res.status(), 201, 'new report status');
    const created = await res.json();
    assertEqual(created.linkedToExisting, false, 'a new SN opens a case');
    await page.waitForURL(new RegExp(`#/cases/${created.caseId}/show$`));
    await page.getByTestId('case-sn').getByText(freshSn).waitFor();
    ctx.log(`typed "${typed}" → ${sn}; linked to ${existing.reference} once despite a double submit; ${freshSn} opened ${created.caseReference}`);
    ctx.log(`screenshot ${await s.screenshot('report-new-case-opened-en')}`);
  },
};
