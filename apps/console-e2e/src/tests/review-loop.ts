import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';
import { openActionTab, submitAction } from './case-page';

const R = en.review;
const REASON = 'The police receipt is unreadable: attach a clearer scan of receipt PD-2026 with the stamp visible.';

/**
 * The review loop: a case an analyst submitted shows in the supervisor's "Awaiting review"; the supervisor
 * (who did not work it) returns it with a reason; the analyst gets the `case.returned` alert in the bell and
 * reads the reason on the case, which is back in the evidence stage and still theirs.
 */
export const reviewLoopTest: BrowserTest = {
  name: 'a supervisor finds the case in "Awaiting review" and returns it with a reason; the analyst gets the alert in the bell and reads the reason on the case',
  async run(ctx) {
    const { api, users, openCase } = ctx.seeded;
    const analyst = users.analyst2;
    const sup = users.supervisor;
    const submitted = await openCase({ by: 'analyst2', upTo: 'review', merchantName: 'Willow Stationery' });

    // The supervisor's home leads with the review queue; the case is in it.
    const s = await ctx.session();
    let page = s.page;
    await s.login(sup);
    await page.waitForURL(/#\/my-work$/);
    const review = page.getByTestId('awaiting-review');
    const row = review.getByTestId('review-row').filter({ hasText: submitted.reference });
    await row.waitFor();
    assert((await textOf(row)).includes(analyst.name), 'the review row names the analyst');
    await s.goto('/awaiting-review');
    await page.locator('tbody tr').filter({ hasText: submitted.reference }).click();
    await page.waitForURL(new RegExp(`#/cases/${submitted.id}/show$`));

    // Resolve or return: the supervisor returns it, saying what is missing.
    let form = await openActionTab(page, 'return_to_analyst');
    await page.getByTestId('tab-resolve').waitFor();
    await form.getByLabel(en.resources.cases.fields.reason).fill(REASON);
    ctx.log(`screenshot ${await s.screenshot('case-return-to-analyst-supervisor-en', { center: form })}`);
    const returned = await submitAction(s, submitted.id, 'return_to_analyst', form);
    assertEqual(returned.stage, 'evidence', 'stage after return_to_analyst');
    assertEqual(returned.assigneeId, analyst.id, 'the analyst keeps the case');
    assertEqual(returned.lastReturn?.reason, REASON, 'lastReturn.reason');
    const alerts = await api.list('/api/alerts', analyst.token, { type: 'case.returned', caseId: submitted.id });
    assertEqual(alerts.length, 1, 'case.returned alerts of the analyst for this case');

    // The analyst: the bell counts the alert and names it; the case shows the reason at the top of the next step.
    await s.logout();
    await s.login(analyst);
    page = s.page;
    await page.waitForURL(/#\/my-work$/);
    const bell = page.getByTestId('alert-bell');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=alert-bell] .MuiBadge-badge')?.textContent ?? '0') > 0);
    await bell.click();
    const item = page.getByRole('presentation').getByText(en.enums.alertType.case.returned).first();
    await item.waitFor();
    await page.getByRole('presentation').locator('a', { hasText: submitted.reference }).filter({ hasText: en.enums.alertType.case.returned }).first().click();
    await page.waitForURL(new RegExp(`#/cases/${submitted.id}/show$`));
    const banner = page.getByTestId('return-banner');
    await banner.waitFor();
    assertEqual(await textOf(banner.getByTestId('return-reason')), REASON, 'the reason on the case');
    assert((await textOf(banner)).includes(R.returned_title.split(' %{name}')[0]) && (await textOf(banner)).includes(sup.name), 'who returned it');
    await page.getByTestId('action-panel').getByText(en.resources.cases.page.stage_current).locator('strong', { hasText: en.enums.stage.evidence }).waitFor();
    form = await openActionTab(page, 'submit_for_review');
    ctx.log(`screenshot ${await s.screenshot('case-returned-analyst-en')}`);
    ctx.log(`${sup.name} returned ${submitted.reference}; ${analyst.name} saw the alert and the reason`);
  },
};
