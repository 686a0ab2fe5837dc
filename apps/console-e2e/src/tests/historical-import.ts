import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { assert, assertEqual, pageText, settle, textOf } from '../harness/ui';

const HEADER = ['externalId', 'sn', 'channel', 'misuseType', 'merchantName', 'description', 'receivedAt', 'status', 'outcome', 'closedAt'];

/** Column names the help and the preview show as they are (data, not UI words). */
const COLUMN_TEXTS = [
  ...HEADER,
  'merchantId', 'terminalId', 'bankCode', 'terminalModel', 'registeredMcc', 'observedMcc', 'policeReceiptNumber', 'policeStopPaymentInstruction', 'deviceWithMerchant',
  'reporter.name', 'reporter.phone', 'reporter.email', 'reporter.relationship', 'amountAtRisk.minor', 'amountAtRisk.currency',
  'lastKnownLocation.lat', 'lastKnownLocation.lon', 'lastKnownLocation.address', 'transactions', 'occurredAt', 'lastGoodTransactionAt',
  'firstSuspiciousAt', 'closed', 'outcome', 'CSV', 'UTF-8', 'ASCII', 'JSON', 'ISO 8601', 'SLA', 'SN', 'npm run import', 'MB',
];

export const historicalImportTest: BrowserTest = {
  name: "historical import from the console: the admin uploads a CSV (3 good rows, one closed, 1 bad), follows it to done and sees the refused row; the cases exist",
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const admin = users.admin;
    await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
    const tag = String(Date.now()).slice(-6);
    const sn = (i: number) => `PAX-IMP-${tag}${i}`;
    const csv = [
      HEADER.join(','),
      `HIST-${tag}-1,${sn(1)},merchant_call,cloned_terminal,Old Noodle Bar,"first report, from the old system",2025-03-01T09:00:00Z,,,`,
      `HIST-${tag}-2,${sn(1)},cardholder,cloned_terminal,,second report of the same SN,2025-03-02T09:00:00Z,,,`,
      `HIST-${tag}-3,${sn(2)},bank_alert,skimming_tampering,Closed Shop,closed long ago,2024-06-01T08:00:00Z,closed,no_misuse,2024-07-01T08:00:00Z`,
      `HIST-${tag}-4,not an sn!,merchant_call,cloned_terminal,,,,,,`,
    ].join('\n');
    const fileName = `history-${tag}.csv`;

    // An analyst has no Import in the menu; the admin has.
    const other = await ctx.session();
    await other.login(users.supervisor);
    await other.page.waitForURL(/#\/my-work$/);
    await other.page.locator('.RaMenuItemLink-root').first().waitFor();
    assertEqual(await other.page.getByTestId('menu-imports').count(), 0, 'no Import menu item for a supervisor');

    const s = await ctx.session();
    const { page } = s;
    await s.login(admin);
    await page.getByTestId('menu-imports').click();
    await page.waitForURL(/#\/imports$/);
    await page.getByTestId('import-help').waitFor();

    // A file with a column that is not a report field is refused as a whole, the column named.
    await page.getByTestId('import-file').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('externalId,sn,colour\nX-1,PAX-1,red\n', 'utf8') });
    await page.getByTestId('import-preview').waitFor();
    const refused = await s.withResponse('POST', /\/api\/imports$/, () => page.getByTestId('import-start').click());
    assertEqual(refused.status(), 422, 'POST /api/imports of a file with an unknown column');
    const refusal = await textOf(page.getByTestId('import-error-message'));
    assert(refusal.startsWith(en.imports.file_refused.split('%')[0]) && refusal.includes('colour'), `the refusal names the column: ${refusal}`);

    // Choose the file: previewed with its rows and columns before anything is sent.
    await page.getByTestId('import-file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const preview = await textOf(page.getByTestId('import-preview'));
    assert(preview.includes(fileName) && preview.includes('4 rows'), `preview names the file and its 4 rows: ${preview}`);
    assert((await textOf(page.getByTestId('import-columns'))).includes(HEADER.join(', ')), 'the header columns are shown');

    // Import: 202, then followed every second until done.
    const started = await s.withResponse('POST', /\/api\/imports$/, () => page.getByTestId('import-start').click());
    assertEqual(started.status(), 202, 'POST /api/imports');
    const { id } = (await started.json()) as { id: string };
    await page.locator('[data-testid=import-status][data-status=done]').waitFor({ timeout: 30_000 });
    const counts = await textOf(page.getByTestId('import-counts'));
    assert(counts.includes('4 of 4 rows') && counts.includes('imported: 3') && counts.includes('refused: 1'), `counts: ${counts}`);
    await page.getByTestId('import-done').waitFor();
    assert(await page.getByTestId('import-choose').isEnabled(), 'another file can be chosen once it is done');
    const errors = page.getByTestId('import-error');
    assertEqual(await errors.count(), 1, 'one refused field listed');
    const errorRow = await textOf(errors.first());
    assert(errorRow.includes('4') && errorRow.includes('sn') && errorRow.includes(en.errors.field.PATTERN), `the refused row is row 4, its sn not in the expected format: ${errorRow}`);
    ctx.log(`screenshot ${await s.screenshot('import-done-admin-en')}`);

    const view = await api.get(`/api/imports/${id}`, admin.token);
    assert(view.status === 'done' && view.done === 3 && view.failed === 1, `GET /api/imports/:id: ${JSON.stringify(view)}`);

    // The imported cases exist: one open case of two reports, one closed case.
    const [open] = await api.list('/api/cases', users.supervisor.token, { q: sn(1) });
    const [closed] = await api.list('/api/cases', users.supervisor.token, { q: sn(2) });
    assert(open && open.sn === sn(1) && open.status === 'open', `the open imported case: ${JSON.stringify(open)}`);
    assert(closed && closed.sn === sn(2) && closed.status === 'closed' && closed.outcome === 'no_misuse', `the closed imported case: ${JSON.stringify(closed)}`);
    assertEqual((await api.list('/api/reports', users.supervisor.token, { caseId: open.id })).length, 2, 'both reports of the SN on its case');

    // The same screen in Chinese: no untranslated words.
    await page.getByTestId('locale-switcher').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await page.getByText(zh.imports.errors_title).waitFor();
    await settle(page);
    const findings = findUntranslated(await pageText(page), [...COLUMN_TEXTS, fileName, admin.name, /\bsn\b/, /\d+(\.\d+)? (KB|MB|B)\b/]);
    assert(findings.length === 0, `untranslated text on the import page: ${JSON.stringify(findings)}`);
    ctx.log(`imported ${view.done} of ${view.rows} rows, 1 refused; cases ${open.reference} (open) and ${closed.reference} (closed)`);
    await api.must('PUT', '/api/auth/me', admin.token, { locale: 'en' });
  },
};
