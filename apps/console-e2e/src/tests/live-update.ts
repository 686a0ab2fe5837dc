import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';
import { deliverNotification, sandboxBank } from '../harness/bank';
import { openActionTab, submitAction } from './case-page';

const FL = en.flow;
const L = en.live;

/**
 * The case page is live: an analyst requests the freeze, the page waits for the bank (not the rejection form),
 * the worker's delivery reaches the bank sandbox, the sandbox confirms by signed callback — and the page
 * changes by itself within seconds, with a notice in the reader's language. A confirmation being typed by
 * hand meanwhile is kept and told why it is no longer needed.
 */
export const liveUpdateTest: BrowserTest = {
  name: 'after "Request freeze" the page waits for the bank; the sandbox confirms by callback and the page shows it without a reload, with a notice; input typed meanwhile is kept and told it is no longer needed',
  async run(ctx) {
    const { api, ds, users } = ctx.seeded;
    const bank = await sandboxBank(api, users.admin.token, ctx.base, 'E2E_LIVE');
    try {
      const me = users.analyst;
      // A cardholder's call (no automatic freeze for that channel); the analyst takes the case.
      const report = await api.post('/api/reports', me.token, { sn: 'SUNMI-P2-4400917', channel: 'cardholder', misuseType: 'unauthorised_use', bankCode: bank.code, merchantName: 'Lotus Tea House' });
      await api.act(report.caseId, me.token, 'claim');

      const s = await ctx.session();
      const { page } = s;
      await s.login(me);
      await s.goto(`/cases/${report.caseId}/show`);
      await page.getByTestId('case-reference').filter({ hasText: report.caseReference }).waitFor();

      // Request the freeze: the panel then waits for the bank, with the request's status, and no rejection form.
      let form = await openActionTab(page, 'request_freeze');
      const c = await submitAction(s, report.caseId, 'request_freeze', form);
      const notificationId: string = c.freeze.notificationId;
      assert(notificationId, 'the freeze request has a notification');
      const waiting = page.getByTestId('freeze-waiting');
      await waiting.getByText(FL.freeze.waiting_title).waitFor();
      await waiting.getByText(en.enums.notificationStatus.pending, { exact: true }).waitFor();
      await waiting.getByText(FL.freeze.sending).waitFor();
      assertEqual(await page.getByTestId('form-record_freeze_rejection').count(), 0, 'no rejection form in the next step');
      await page.getByTestId('open-record_freeze_rejection').waitFor();
      ctx.log(`screenshot ${await s.screenshot('case-waiting-for-bank-en', { center: waiting })}`);

      // Meanwhile the analyst starts recording a confirmation by hand (the fallback)…
      form = await openActionTab(page, 'confirm_freeze');
      const typed = 'PHONED-IN-0042';
      await form.getByLabel(en.resources.cases.fields.bankReference).fill(typed);
      // …the page must change by itself from here on: a reload would lose this marker.
      await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

      // The worker delivers the request to the bank sandbox, which confirms by signed callback after 300 ms.
      const delivered = await deliverNotification(ds, notificationId);
      assert(delivered.ok, `delivery to the sandbox: ${delivered.statusCode} ${delivered.error ?? ''}`);
      const t0 = Date.now();
      const deadline = Date.now() + 10_000;
      let server = await api.getCase(report.caseId, me.token);
      while (server.stage === 'freeze' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        server = await api.getCase(report.caseId, me.token);
      }
      assertEqual(server.stage, 'police_report', 'stage after the bank’s callback');
      assertEqual(server.freeze.confirmedVia, 'callback', 'the freeze was confirmed by the bank');

      // The page follows within seconds, without a reload: the notice, the new stage, the kept input.
      const notice = page.getByTestId('live-notice');
      await notice.getByText(L.event.bank.freeze_confirmed, { exact: true }).waitFor({ timeout: 8_000 });
      const shownAfter = Date.now() - t0;
      await page.getByTestId('action-panel').getByText(en.resources.cases.page.stage_current).locator('strong', { hasText: en.enums.stage.police_report }).waitFor();
      assert(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true), 'the page was not reloaded');
      const advice = page.getByTestId('conflict-advice');
      await advice.waitFor();
      assertEqual(
        await textOf(advice),
        L.typing.gone_stage.replace('%{stage}', en.enums.stage.police_report).replace('%{action}', en.actions.confirm_freeze.label),
        'what the kept form says',
      );
      await page.getByTestId('conflict-changes').getByText(L.event.bank.freeze_confirmed, { exact: true }).waitFor();
      const kept = page.getByTestId('form-confirm_freeze');
      assertEqual(await kept.getByLabel(en.resources.cases.fields.bankReference).inputValue(), typed, 'what was typed by hand is kept');
      assert(await kept.getByTestId('submit-confirm_freeze').isDisabled(), 'the kept form cannot be submitted any more');
      await page.getByTestId('tab-record_police_report').waitFor();
      ctx.log(`the bank's confirmation shown ${(shownAfter / 1000).toFixed(1)} s after the delivery, without a reload: "${await textOf(notice.getByTestId('live-notice-item').first())}"`);
      ctx.log(`screenshot ${await s.screenshot('case-live-bank-confirmed-en', { center: page.getByTestId('conflict-alert') })}`);

      // Discarding the kept input leaves the police report as the next step.
      await kept.getByTestId('conflict-discard').click();
      await page.getByTestId('form-record_police_report').waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid=form-confirm_freeze]'));
    } finally {
      await bank.close();
    }
  },
};
