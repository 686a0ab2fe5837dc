import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';

const A = en.assign;

/**
 * A supervisor's My work leads with what supervisors do: the cases awaiting review, the breached cases —
 * assigned right in the list, with a picker that shows each person's team and open / overdue cases (role not
 * repeated) — and the team's load.
 */
export const supervisorHomeTest: BrowserTest = {
  name: 'a supervisor lands on My work with the review queue, breaches and team load, and assigns a breached case in place from a picker showing team and load',
  async run(ctx) {
    const { api, users } = ctx.seeded;
    const sup = users.supervisor;
    const target = users.analyst2;
    const s = await ctx.session();
    const { page } = s;
    await s.login(sup);
    await page.waitForURL(/#\/my-work$/);
    await page.getByTestId('awaiting-review').waitFor();
    await page.getByTestId('team-load').locator('tbody tr').filter({ hasText: target.name }).waitFor();

    // A breached case of the team: assign it from the row.
    const rows = page.getByTestId('my-work-breaches').getByTestId('breach-row');
    await rows.first().waitFor();
    const row = rows.filter({ hasNotText: target.name }).first();
    const reference = (await textOf(row)).match(/SNC-\d{4}-\d{6}/)![0];
    const [before] = await api.list('/api/cases', sup.token, { q: reference });
    await row.getByTestId('assign-open').click();
    const picker = page.getByRole('combobox', { name: A.pick });
    await picker.fill(target.name.split(' ')[0]);
    const option = page.getByRole('option').filter({ hasText: target.name }).first();
    await option.waitFor();
    const load = (await api.get<Array<{ assigneeId: string; open: number; overdue: number }>>('/api/stats/load', sup.token)).find((l) => l.assigneeId === target.id)!;
    const teams = await api.list('/api/teams', sup.token);
    const userRow = (await api.list('/api/users', sup.token)).find((u) => u.id === target.id);
    const teamName = teams.find((t) => t.id === userRow.teamId)?.name;
    const optionText = await textOf(option);
    assert(teamName && optionText.includes(teamName), `the option shows the team (${teamName}): "${optionText}"`);
    assert(optionText.includes(A.load.replace('%{open}', String(load.open)).replace('%{overdue}', String(load.overdue))), `the option shows open / overdue: "${optionText}"`);
    assertEqual((optionText.toLowerCase().match(/analyst/g) ?? []).length, 1, `the role said once: "${optionText}"`);
    ctx.log(`screenshot ${await s.screenshot('assign-in-place-supervisor-en')}`);
    const res = await s.withResponse('POST', new RegExp(`/api/cases/${before.id}/actions/assign$`), () => option.click());
    assertEqual(res.status(), 200, 'assign status');
    const [after] = await api.list('/api/cases', sup.token, { q: reference });
    assertEqual(after.assigneeId, target.id, `${reference} assignee after assigning in place`);
    await rows.filter({ hasText: reference }).filter({ hasText: target.name }).waitFor();
    ctx.log(`assigned ${reference} to ${target.name} (${optionText}) from the breach list`);
    ctx.log(`screenshot ${await s.screenshot('my-work-supervisor-en', { fullPage: true })}`);
  },
};
