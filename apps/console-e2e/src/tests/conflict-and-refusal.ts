import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';
import { openActionTab } from './case-page';
import { TEXT } from '../harness/seed';

const F = en.resources.cases.fields;
const P = en.resources.cases.page;
const L = en.live;

/** What the console shows for an item of `missing` (exitRule.<item>, else the evidence type's name). */
function missingLabel(item: string): string {
  const fact = item.split('.').reduce<any>((o, k) => o?.[k], en.exitRule);
  return typeof fact === 'string' ? fact : ((en.enums.evidenceType as Record<string, string>)[item] ?? item);
}

export const conflictAndRefusalTest: BrowserTest = {
  name: 'a 409 keeps what was typed and says what changed (the supervisor’s new priority) with the right advice; a refused action shows the API’s reason',
  async run(ctx) {
    const { api, users, openCase } = ctx.seeded;
    const mine = await openCase({ by: 'analyst2', upTo: 'claimed', merchantName: 'Jasmine Tea Rooms' });
    const noEvidence = await openCase({ by: 'analyst2', upTo: 'evidence', merchantName: 'Great Wall Electronics' });

    const s = await ctx.session();
    const { page } = s;
    await s.login(users.analyst2);
    await s.goto(`/cases/${mine.id}/show`);
    await page.getByTestId('case-reference').filter({ hasText: mine.reference }).waitFor();

    // The analyst starts typing the bank's confirmation…
    const typed = 'ICBC-SH-FRZ-20260417-0117';
    let form = await openActionTab(page, 'confirm_freeze');
    await form.getByLabel(F.bankReference).fill(typed);

    // …while a supervisor raises the priority behind the page's back (the case's version moves on).
    const before = await api.getCase(mine.id, users.supervisor.token);
    const after = await api.act(mine.id, users.supervisor.token, 'set_priority', { priority: 'p1', reason: TEXT.priorityReason }, before.version);
    assert(after.version > before.version, `set_priority moved the version (${before.version} → ${after.version})`);

    // Submitting now: 409. The form stays as typed and says what changed (the live page may even have shown it
    // before the click) and what to do: the action is still open, so check the change and submit again.
    const conflict = await s.withResponse('POST', new RegExp(`/api/cases/${mine.id}/actions/confirm_freeze$`), () => form.getByTestId('submit-confirm_freeze').click());
    assertEqual(conflict.status(), 409, 'stale submit status');
    assertEqual((await conflict.json()).code, 'CASE.VERSION_CONFLICT', 'stale submit problem code');
    const alert = page.getByTestId('conflict-alert');
    await alert.waitFor();
    const change = L.with_reason
      .replace('%{change}', L.event.set_priority.replace('%{actor}', users.supervisor.name).replace('%{priority}', en.enums.priority.p1))
      .replace('%{reason}', TEXT.priorityReason);
    await alert.getByTestId('conflict-changes').getByText(change, { exact: true }).waitFor();
    const alertText = await textOf(alert);
    assert(alertText.includes(P.conflict_title) && alertText.includes(L.typing.advice_still), `conflict alert text: "${alertText}"`);
    assertEqual(await form.getByLabel(F.bankReference).inputValue(), typed, 'bank reference kept through the 409');
    ctx.log(`conflict shown: "${change}"`);
    ctx.log(`screenshot ${await s.screenshot('case-conflict-en', { center: alert })}`);

    // Continue: the page already shows the supervisor's change (no reload needed); what the analyst typed is still there.
    await alert.getByTestId('conflict-continue').click();
    await alert.waitFor({ state: 'detached' });
    await page.getByText(en.enums.priority.p1, { exact: true }).first().waitFor();
    form = await openActionTab(page, 'confirm_freeze');
    assertEqual(await form.getByLabel(F.bankReference).inputValue(), typed, 'bank reference after Continue');

    // Even a browser reload keeps the draft (sessionStorage, per case and action).
    await page.waitForFunction(
      ([id, value]) => (sessionStorage.getItem(`sentinel.draft.${id}.confirm_freeze`) ?? '').includes(value),
      [mine.id, typed] as const,
    );
    await page.reload();
    form = await openActionTab(page, 'confirm_freeze');
    assertEqual(await form.getByLabel(F.bankReference).inputValue(), typed, 'bank reference after a browser reload');

    // Submitting again goes through, with what was typed.
    const ok = await s.clickForResponse('POST', new RegExp(`/api/cases/${mine.id}/actions/confirm_freeze$`), form.getByTestId('submit-confirm_freeze'));
    assertEqual(ok.status(), 200, 'second submit status');
    const c = await api.getCase(mine.id, users.analyst2.token);
    assertEqual(c.stage, 'police_report', 'stage after the second submit');
    assertEqual(c.freeze?.bankReference, typed, 'recorded bank reference');
    assertEqual(c.priority, 'p1', 'the supervisor’s priority is kept');
    await openActionTab(page, 'record_police_report');

    // A refused action: submit for review without the evidence. The page shows the API's reason, translated.
    await s.goto(`/cases/${noEvidence.id}/show`);
    await page.getByTestId('case-reference').filter({ hasText: noEvidence.reference }).waitFor();
    form = await openActionTab(page, 'submit_for_review');
    const refused = await s.withResponse('POST', new RegExp(`/api/cases/${noEvidence.id}/actions/submit_for_review$`), () => form.getByTestId('submit-submit_for_review').click());
    const problem = await refused.json();
    assertEqual(refused.status(), 422, 'refused submit status');
    assertEqual(problem.code, 'CASE.EXIT_RULE_UNMET', 'refused submit problem code');
    const missing: string[] = problem.params?.missing ?? [];
    assert(missing.includes('transaction_records') && missing.includes('police_receipt'), `API names the missing evidence: ${JSON.stringify(problem.params)}`);
    const expected = en.errors.CASE.EXIT_RULE_UNMET.replace('%{missing}', missing.map(missingLabel).join(en.app.list_separator));
    const error = form.getByTestId('action-error');
    await error.waitFor();
    assertEqual(await textOf(error), expected, 'refusal shown');
    ctx.log(`refusal shown: "${expected}"`);
    assertEqual((await api.getCase(noEvidence.id, users.analyst2.token)).stage, 'evidence', 'the refused case stays in evidence');
    ctx.log(`screenshot ${await s.screenshot('case-exit-rule-refused-en')}`);
  },
};
