import { en } from '../../../console/src/i18n/en';
import { SHORTCUTS } from '../../../console/src/shortcuts/shortcuts';
import type { BrowserTest } from '../harness/runner';
import { Api } from '../harness/api';
import { ADMIN, startStack, type Stack } from '../harness/stack';
import { assert, assertEqual, blur, textOf, type Session } from '../harness/ui';

const M = en.my_work;
const PASSWORD = 'E2e-Fresh-Analyst-1!';

/**
 * A fresh installation (no demo data, `DEMO_SEED=false`): only the bootstrap admin (and the default team), no queue.
 * An analyst signs in and lands on My work — no "add one?" offer they may not take — claims with the keyboard
 * (C), finds their cases with their clocks, moves with J / Enter, reaches the next step with N and submits with
 * Ctrl+Enter, reads the shortcut help (?), and with "open the next one" on goes to the next case by itself after
 * releasing one. Letter shortcuts do nothing while typing in a field.
 */
export const myWorkFreshTest: BrowserTest = {
  name: 'on a system without demo data or queues an analyst lands on My work, claims next with C, sees their cases with clocks, moves with J/Enter, uses N and Ctrl+Enter, reads the ? help, goes to the next case by itself after a release; letters typed in a field are not shortcuts',
  async run(ctx) {
    let stack: Stack | undefined;
    let session: Session | undefined;
    try {
      stack = await startStack();
      const api = new Api(stack.url);
      const admin = await api.login(ADMIN.email, ADMIN.password);
      // The default team of a fresh installation, when there is one (without a team, claim next takes from every team).
      const [team] = await api.list('/api/teams', admin, { isDefault: true });
      assertEqual((await api.list('/api/queues', admin)).length, 0, 'queues on a fresh installation');
      const analyst = await api.post('/api/users', admin, { email: 'first.analyst@bank.example', name: 'Liu Yang', role: 'analyst', teamId: team?.id ?? null, password: PASSWORD });
      const token = await api.login(analyst.email, PASSWORD);
      // Two calls came in before the analyst signed in (entered by a colleague through the API).
      const opened: Array<{ caseId: string }> = [];
      for (const [i, sn] of ['LANDI-A8-5550001', 'LANDI-A8-5550002'].entries()) {
        opened.push(await api.post('/api/reports', token, { sn, channel: 'cardholder', misuseType: i ? 'cash_out' : 'cloned_terminal', merchantName: i ? 'Harbour Noodles' : 'Jade Pharmacy' }));
      }

      const s = (session = await ctx.session('en-US', stack.url));
      const { page } = s;
      const claims: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/cases/claim-next')) claims.push(r.url());
      });
      await s.login({ id: analyst.id, email: analyst.email, name: analyst.name, password: PASSWORD, token });
      await page.waitForURL(/#\/my-work$/);
      await page.getByTestId('claim-card').getByTestId('claim-next').waitFor();
      await page.getByTestId('team-queues-empty').getByText(team ? M.queues.none : M.queues.none_no_team).waitFor();
      await page.getByTestId('my-cases-empty').waitFor();
      await page.getByTestId('claim-waiting').getByText(M.claim.waiting.split(' |||| ')[1].replace('%{smart_count}', '2')).waitFor();
      const home = await textOf(page.locator('main'));
      assert(!home.includes(en.ra.page.invite) && !home.includes(M.queues.create), `no offer to create what an analyst may not create: "${home.slice(0, 200)}…"`);
      // The queue list says the same, without react-admin's "Do you want to add one?".
      await s.goto('/queues');
      await page.getByTestId('queues-empty').waitFor();
      assert(!(await textOf(page.locator('main'))).includes(en.ra.page.invite), 'the queue list offers no queue creation to an analyst');

      // Typing "c" and "j" into a search field types them: no claim.
      await s.goto('/cases');
      const search = page.getByPlaceholder(en.resources.cases.fields.q);
      await search.click();
      await page.keyboard.type('cj');
      await page.waitForTimeout(600);
      assertEqual(await search.inputValue(), 'cj', 'what was typed into the search field');
      assertEqual(claims.length, 0, 'claims made while typing in a field');
      await search.fill('');

      // ? shows the help in the reader's language, every shortcut listed.
      await s.goto('/my-work');
      await page.getByTestId('claim-card').waitFor();
      await blur(page);
      await page.keyboard.press('Shift+Slash');
      const help = page.getByTestId('shortcuts-dialog');
      await help.getByText(en.shortcuts.title).waitFor();
      for (const sc of SHORTCUTS) await help.getByTestId(`shortcut-${sc.id}`).getByText(en.shortcuts[sc.id], { exact: true }).waitFor();
      ctx.log(`screenshot ${await s.screenshot('shortcuts-help-en')}`);
      await page.keyboard.press('Escape');
      await help.waitFor({ state: 'detached' });

      // C claims the most urgent case of the team and opens it; H comes back home; C again.
      const claimed: Array<{ id: string; reference: string }> = [];
      for (let i = 0; i < 2; i++) {
        const res = await s.withResponse('POST', /\/api\/cases\/claim-next$/, () => page.keyboard.press('c'));
        assertEqual(res.status(), 200, `claim ${i + 1} status`);
        const c = await res.json();
        claimed.push(c);
        assertEqual(c.assigneeId, analyst.id, `claim ${i + 1} assignee`);
        await page.waitForURL(new RegExp(`#/cases/${c.id}/show$`));
        await page.getByTestId('case-reference').filter({ hasText: c.reference }).waitFor();
        await page.keyboard.press('h');
        await page.waitForURL(/#\/my-work$/);
      }
      assertEqual(new Set(claimed.map((c) => c.id)).size, 2, 'two different cases claimed');
      assert(claimed.every((c) => opened.some((o) => o.caseId === c.id)), 'the claimed cases are the reported ones');

      // My cases: both, the most urgent clock first, each with its time left.
      const rows = page.getByTestId('my-case-row');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=my-case-row]').length === 2);
      const mine = await api.list('/api/cases', token, { assigneeId: 'me', status: 'open' });
      const byDue = [...mine].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).map((c) => c.reference);
      for (let i = 0; i < 2; i++) {
        const text = await textOf(rows.nth(i));
        assert(text.includes(byDue[i]), `row ${i + 1} is ${byDue[i]} (most urgent first): "${text}"`);
        assert(/due in \d/.test(text), `row ${i + 1} shows the time left: "${text}"`);
      }
      await page.getByTestId('claim-waiting').getByText(M.claim.nothing_waiting).waitFor();
      ctx.log(`screenshot ${await s.screenshot('my-work-analyst-en')}`);

      // J highlights the first, Enter opens it; on the case page J goes on to the next case of the list.
      await page.keyboard.press('j');
      await page.keyboard.press('Enter');
      const first = mine.find((c) => c.reference === byDue[0])!;
      const second = mine.find((c) => c.reference === byDue[1])!;
      await page.waitForURL(new RegExp(`#/cases/${first.id}/show$`));
      await page.getByTestId('case-reference').filter({ hasText: first.reference }).waitFor();
      await blur(page);
      await page.keyboard.press('j');
      await page.waitForURL(new RegExp(`#/cases/${second.id}/show$`));
      await page.getByTestId('case-reference').filter({ hasText: second.reference }).waitFor();
      ctx.log(`claimed ${claimed.map((c) => c.reference).join(', ')} with C; J/Enter/J went ${first.reference} → ${second.reference}`);

      // N goes to the next step's form; Ctrl+Enter in a form submits it (here: a note).
      await blur(page);
      await page.keyboard.press('n');
      await page.waitForFunction(() => !!document.activeElement?.closest('[data-testid=action-panel] [data-testid^=form-]'));
      await page.getByRole('textbox', { name: en.resources.cases.fields.text }).fill('Cardholder called back: second card affected.');
      const noted = await s.withResponse('POST', new RegExp(`/api/cases/${second.id}/actions/add_note$`), () => page.keyboard.press('Control+Enter'));
      assertEqual(noted.status(), 200, 'note submitted with Ctrl+Enter');

      // Flow: with "open the next one" on, releasing a case (nothing left to do on it) goes straight to the next case.
      const urgent = await api.post('/api/reports', token, { sn: 'LANDI-A8-5550003', channel: 'cardholder', misuseType: 'lost_or_stolen', deviceWithMerchant: false, merchantName: 'Pearl Optics' });
      await blur(page);
      await page.keyboard.press('h');
      await page.waitForURL(/#\/my-work$/);
      await page.getByTestId('claim-card').getByLabel(en.flow.next.auto).check();
      await s.goto(`/cases/${second.id}/show`);
      await page.getByTestId('open-release').click();
      const dialog = page.getByRole('dialog');
      const next = await s.withResponse('POST', /\/api\/cases\/claim-next$/, () => dialog.getByTestId('submit-release').click());
      assertEqual(next.status(), 200, 'claim-next after the release');
      assertEqual((await next.json()).id, urgent.caseId, 'the next case is the most urgent one (P1)');
      await page.waitForURL(new RegExp(`#/cases/${urgent.caseId}/show$`));
      await page.getByTestId('case-reference').filter({ hasText: urgent.caseReference }).waitFor();
      ctx.log(`released ${second.reference}; auto-next opened ${urgent.caseReference}`);
    } finally {
      // The browser first: its open connections (the pages poll) would hold the server's close.
      await session?.close();
      await stack?.stop();
    }
  },
};
