import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { en } from '../../../console/src/i18n/en';
import { formatBytes } from '../../../console/src/format/formatters';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf, wallTime } from '../harness/ui';
import { openActionTab, submitAction } from './case-page';
import { TEXT } from '../harness/seed';
import { minimalPdf, transactionsCsv } from '../harness/files';

const TZ = 'Asia/Shanghai'; // the browser's zone (launchBrowser); demo users have no zone of their own
const MIN = 60_000;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A past minute (inputs take minutes), so the API's "not in the future" rules hold. */
const minutesAgo = (n: number) => new Date(Math.floor((Date.now() - n * MIN) / MIN) * MIN);
const F = en.resources.cases.fields;

/** Waits for an upload's result box, then checks the SHA-256 it shows (short form, and in full on hover). */
async function checkUploadShown(page: Page, fileName: string, bytes: Buffer): Promise<void> {
  const expected = sha256(bytes);
  const item = page.getByTestId('upload-item').filter({ hasText: fileName });
  const short = `${expected.slice(0, 16)}…${expected.slice(-4)}`;
  const hash = item.getByText(short, { exact: true });
  await hash.waitFor({ state: 'visible' });
  await hash.hover();
  const tip = page.getByRole('tooltip').filter({ hasText: expected });
  await tip.waitFor({ state: 'visible' });
  assertEqual(await textOf(tip), expected, `full SHA-256 of ${fileName} on hover`);
  const text = await textOf(item);
  assert(text.includes(formatBytes(bytes.length, 'en')), `${fileName}: size ${formatBytes(bytes.length, 'en')} shown in "${text}"`);
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: 'hidden' });
}

export const caseLifecycleTest: BrowserTest = {
  name: 'an analyst claims next and walks the case through every stage (with evidence upload); another supervisor resolves it; the timeline shows it all',
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const s = await ctx.session();
    const { page } = s;

    // Login page, then the analyst signs in through the form and lands on My work; the queues are a click away.
    await s.goto('/login');
    await page.getByRole('button', { name: en.app.login.submit }).waitFor();
    ctx.log(`screenshot ${await s.screenshot('login-en')}`);
    await s.login(users.analyst);
    await page.waitForURL(/#\/my-work$/);
    await page.getByTestId('team-queue').filter({ hasText: 'East — urgent' }).waitFor();
    await s.goto('/queues');
    await page.getByRole('row').filter({ hasText: 'East — urgent' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'East — all open' }).waitFor();
    ctx.log(`screenshot ${await s.screenshot('queues-analyst-en')}`);

    // Claim next: the API picks the most urgent case of the analyst's team; the console opens it.
    const claimRes = await s.withResponse('POST', /\/api\/cases\/claim-next$/, () => page.getByTestId('claim-next').click());
    assertEqual(claimRes.status(), 200, 'claim-next status');
    const claimed = await claimRes.json();
    const caseId: string = claimed.id;
    await page.waitForURL(new RegExp(`#/cases/${caseId}/show$`));
    await page.getByTestId('case-reference').filter({ hasText: claimed.reference }).waitFor();
    assert((await textOf(page.getByTestId('case-assignee'))).includes(users.analyst.name), 'the header shows the analyst as assignee');
    assertEqual(claimed.assigneeId, users.analyst.id, 'claimed case assignee');
    assertEqual(claimed.stage, 'freeze', 'claimed case stage');
    ctx.log(`claimed ${claimed.reference} (priority ${claimed.priority}, SLA ${claimed.slaState})`);

    // Freeze: the bank's confirmation, with its reference and time (typed in the user's time zone).
    const frozenAt = minutesAgo(12);
    let form = await openActionTab(page, 'confirm_freeze');
    await form.getByLabel(F.bankReference).fill('ICBC-SH-FRZ-20260417-0091');
    await form.locator('input[name=confirmedAt]').fill(wallTime(frozenAt, TZ));
    let c = await submitAction(s, caseId, 'confirm_freeze', form);
    assertEqual(c.stage, 'police_report', 'stage after confirm_freeze');
    assertEqual(c.freeze?.bankReference, 'ICBC-SH-FRZ-20260417-0091', 'recorded bank reference');
    assertEqual(new Date(c.freeze?.confirmedAt).toISOString(), frozenAt.toISOString(), 'recorded confirmation time (user time zone → UTC)');

    // Police report.
    form = await openActionTab(page, 'record_police_report');
    await form.getByLabel(F.agency).fill(TEXT.agency);
    await form.getByLabel(F.reportNumber).fill('HP-2026-004417');
    await form.locator('input[name=filedAt]').fill(wallTime(minutesAgo(8), TZ));
    await form.getByLabel(F.officer).fill(TEXT.officer);
    c = await submitAction(s, caseId, 'record_police_report', form);
    assertEqual(c.stage, 'merchant_contact', 'stage after record_police_report');

    // Merchant contact: reached, with findings.
    form = await openActionTab(page, 'log_merchant_contact');
    await form.locator('input[name=contactedAt]').fill(wallTime(minutesAgo(4), TZ));
    await form.getByLabel(en.enums.contactOutcome.reached, { exact: true }).check();
    await form.getByLabel(F.findings).fill(TEXT.findings);
    c = await submitAction(s, caseId, 'log_merchant_contact', form);
    assertEqual(c.stage, 'evidence', 'stage after log_merchant_contact');

    // Evidence: the transaction records dropped on the drop zone, the police receipt through the file chooser.
    form = await openActionTab(page, 'add_evidence');
    const csv = transactionsCsv();
    const drop = form.getByRole('button', { name: en.evidence.drop_here });
    const dataTransfer = await page.evaluateHandle(
      ({ name, text }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: 'text/csv' }));
        return dt;
      },
      { name: 'transactions-2026-04.csv', text: csv.toString('utf8') },
    );
    const up1 = await s.withResponse('POST', new RegExp(`/api/cases/${caseId}/evidence$`), async () => {
      await drop.dispatchEvent('dragover', { dataTransfer });
      await drop.dispatchEvent('drop', { dataTransfer });
    });
    assertEqual(up1.status(), 201, 'CSV upload status');
    await checkUploadShown(page, 'transactions-2026-04.csv', csv);

    const pdf = minimalPdf('Shanghai PSB Huangpu Branch — receipt HP-2026-004417');
    await form.getByRole('combobox', { name: en.evidence.type_for_upload }).click();
    await page.getByRole('option', { name: en.enums.evidenceType.police_receipt }).click();
    const up2 = await s.withResponse('POST', new RegExp(`/api/cases/${caseId}/evidence$`), () =>
      form.getByTestId('evidence-file-input').setInputFiles({ name: 'police-receipt-HP-2026-004417.pdf', mimeType: 'application/pdf', buffer: pdf }),
    );
    assertEqual(up2.status(), 201, 'PDF upload status');
    await checkUploadShown(page, 'police-receipt-HP-2026-004417.pdf', pdf);

    c = await api.getCase(caseId, users.analyst.token);
    const ev = (c.evidence as Array<{ type: string; sha256: string; mediaType: string; addedBy: string }>).map((e) => `${e.type}:${e.sha256}:${e.mediaType}`).sort();
    assertEqual(ev.join(' '), [`police_receipt:${sha256(pdf)}:application/pdf`, `transaction_records:${sha256(csv)}:text/csv`].join(' '), 'evidence stored by the API');
    await page.getByText(en.exitRule.met).waitFor();
    ctx.log(`screenshot ${await s.screenshot('case-analyst-en', { fullPage: true })}`);

    // Submit for review; the analyst has nothing left to do, and the page offers the next case.
    form = await openActionTab(page, 'submit_for_review');
    c = await submitAction(s, caseId, 'submit_for_review', form);
    assertEqual(c.stage, 'review', 'stage after submit_for_review');
    await page.getByTestId('no-actions').filter({ hasText: en.flow.next.in_review }).waitFor();
    await page.getByTestId('next-case').getByTestId('claim-next').waitFor();

    // A supervisor who did not work the case resolves it.
    await s.logout();
    await s.login(users.supervisor2);
    await s.goto(`/cases/${caseId}/show`);
    form = await openActionTab(page, 'resolve');
    await form.getByLabel(en.enums.outcome.confirmed_misuse, { exact: true }).check();
    await form.getByLabel(F.summary).fill(TEXT.summary);
    c = await submitAction(s, caseId, 'resolve', form);
    assertEqual(c.status, 'closed', 'status after resolve');
    assertEqual(c.outcome, 'confirmed_misuse', 'outcome after resolve');
    await page.getByText(en.resources.cases.page.closed_banner.replace('%{outcome}', en.enums.outcome.confirmed_misuse)).waitFor();

    // The timeline shows every event the API recorded, including each stage of this walk.
    const events: Array<{ action: string; actor: { id: string } }> = await api.get(`/api/cases/${caseId}/events`, users.auditor.token);
    const required = ['claim', 'confirm_freeze', 'record_police_report', 'log_merchant_contact', 'evidence.added', 'submit_for_review', 'resolve'];
    for (const a of required) assert(events.some((e) => e.action === a), `API events include ${a}`);
    assertEqual(events.filter((e) => e.action === 'evidence.added').length, 2, 'evidence.added events');
    assertEqual(events.find((e) => e.action === 'claim')?.actor.id, users.analyst.id, 'claim actor');
    assertEqual(events.find((e) => e.action === 'resolve')?.actor.id, users.supervisor2.id, 'resolve actor');
    const items = page.getByTestId('timeline-event');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length === n, events.length);
    const texts = await items.allInnerTexts();
    const label = (a: string) => a.split('.').reduce<any>((o, k) => o?.[k], en.events) as string;
    for (const a of required) {
      const want = a === 'evidence.added' ? 2 : 1;
      const shown = texts.filter((t) => t.split('\n').some((line) => line.trim() === label(a))).length;
      assert(shown >= want, `timeline shows "${label(a)}" (${a}) ${want}×, saw ${shown}`);
    }
    assert(texts.some((t) => t.includes(users.supervisor2.name) && t.includes(label('resolve'))), 'timeline shows who resolved');
    ctx.log(`timeline: ${events.length} events (${[...new Set(events.map((e) => e.action))].join(', ')})`);
    ctx.log(`screenshot ${await s.screenshot('case-resolved-supervisor-en', { fullPage: true })}`);
    ctx.shared.set('workedCaseId', caseId);
  },
};
