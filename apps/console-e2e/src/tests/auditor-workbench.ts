import { readFileSync } from 'node:fs';
import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { findUntranslated, zh } from '../harness/i18n-check';
import { assert, assertEqual, pageText, settle } from '../harness/ui';

/**
 * The auditor's workbench (docs/api.md "Audit"): from the console alone an auditor exports a period, verifies it,
 * sees a failure linked to its case, downloads a dossier and reads the signed checkpoints — in English and Chinese.
 * Runs last: it tampers with one case of its own in the database to show a failure.
 */
export const auditorWorkbenchTest: BrowserTest = {
  name: 'an auditor exports events (progress, then the file), verifies the chains, follows a failure to its case, downloads a dossier and lists signed checkpoints; in zh-CN too',
  async run(ctx) {
    const { api, users, ds } = ctx.seeded;
    const auditor = users.auditor;
    await api.must('PUT', '/api/auth/me', auditor.token, { locale: 'en' });
    await api.must('POST', '/api/audit/checkpoints', users.admin.token, {});
    const worked = await ctx.seeded.openCase({ by: 'analyst', upTo: 'closed' });
    const s = await ctx.session();
    const { page } = s;
    await s.login(auditor);
    await s.goto('/audit');
    await page.getByTestId('checkpoint-row').first().waitFor();
    await page.getByTestId('checkpoint-row').first().getByText(en.audit.checkpoints.valid).waitFor();

    // export: the file arrives with one event per line
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: en.audit.export.start, exact: true }).click()]);
    const file = readFileSync((await download.path())!, 'utf8');
    const lines = file.trim().split('\n');
    assert(lines.length > 20, `the export holds the demo's events (${lines.length})`);
    assert(lines.every((l) => /^\{"caseId":.*"hash":"[0-9a-f]{64}"\}$/.test(l)), 'every line is an event with its hash');
    await page.getByText(new RegExp(`Export saved: ${lines.length} events`)).waitFor();

    // verify the chains: everything holds (the deep check would also report this suite's fixtures, which move
    // clocks into the past by SQL to make breaches — exactly what it is for)
    await page.getByLabel(en.audit.verify.deep).uncheck();
    await page.getByRole('button', { name: en.audit.verify.run }).click();
    await page.getByTestId('audit-verify-result').getByText(/Everything holds/).waitFor({ timeout: 30_000 });
    ctx.log(`screenshot ${await s.screenshot('audit-workbench-auditor-en', { fullPage: true })}`);

    // a row changed without an event: verify names the case, and the link opens it
    await ds.query(`UPDATE cases SET priority = 'p4' WHERE id = $1`, [worked.id]);
    await page.getByLabel(en.audit.verify.deep).check();
    await page.getByRole('button', { name: en.audit.verify.run }).click();
    const failure = page.getByTestId('audit-verify-result').getByRole('link', { name: worked.id.slice(0, 8) });
    await failure.first().waitFor({ timeout: 30_000 });
    await page.getByText(/state_mismatch: case.priority/).first().waitFor();
    ctx.log(`screenshot ${await s.screenshot('audit-verify-failure-auditor-en', { center: failure.first() })}`);
    await failure.first().click();
    await page.getByTestId('case-reference').filter({ hasText: worked.reference }).waitFor();

    // the dossier from the case page
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dossier-download').click()]);
    assertEqual(readFileSync((await pdf.path())!).subarray(0, 5).toString(), '%PDF-', 'the dossier is a PDF');
    assertEqual(pdf.suggestedFilename(), `${worked.reference}-dossier-en.pdf`, 'named for the case and language');

    // in Chinese
    await page.getByTestId('locale-switcher').click();
    await page.getByRole('menuitem', { name: '简体中文' }).click();
    await s.goto('/audit');
    await page.getByTestId('checkpoint-row').first().getByText(zh.audit.checkpoints.valid).waitFor();
    await page.getByRole('button', { name: zh.audit.verify.run }).click();
    await page.getByTestId('audit-verify-result').waitFor({ timeout: 30_000 });
    await settle(page);
    const findings = findUntranslated(await pageText(page), [/state_mismatch[^\n]*/, /[0-9a-f]{8,}…?/, 'JSON Lines', 'CSV', 'ID', 'SLA', auditor.name]);
    assert(findings.length === 0, `untranslated text on the audit page: ${JSON.stringify(findings)}`);
    ctx.log(`screenshot ${await s.screenshot('audit-workbench-auditor-zh-CN', { fullPage: true })}`);
    await api.must('PUT', '/api/auth/me', auditor.token, { locale: 'en' });
  },
};
