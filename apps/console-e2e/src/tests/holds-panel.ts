import { en } from '../../../console/src/i18n/en';
import type { BrowserTest } from '../harness/runner';
import { assert, assertEqual, textOf } from '../harness/ui';
import { submitAction } from './case-page';

/**
 * Issue 11: on the case page the analyst records a police stop-payment in the holds panel (48 h, time left shown
 * and coloured), renews it once, and in the regulatory panel starts a deadline and records its filing.
 */
export const holdsPanelTest: BrowserTest = {
  name: 'the analyst places and renews a stop-payment in the holds panel and records a regulatory filing',
  async run(ctx) {
    const { api, users, openCase } = ctx.seeded;
    const analyst = users.analyst2;
    // The demo seed shows holds, a regulatory deadline, a replaced terminal and the watchlist on a few cases.
    const seededHolds = await api.list('/api/holds', analyst.token, { status: 'active' });
    assert(seededHolds.length >= 3, `the demo seed places holds (${seededHolds.length})`);
    const seededDeadlines = await api.list('/api/regulatory-clocks', analyst.token, { kind: 'mastercard_adc' });
    assert(seededDeadlines.length >= 1, 'the demo seed starts a Mastercard deadline');
    const watched = await api.list('/api/watchlist', analyst.token, { active: true });
    assert(watched.length >= 2, `confirmed demo cases put SNs and MIDs on the watchlist (${watched.length})`);
    const c = await openCase({ by: 'analyst2', upTo: 'claimed', merchantName: 'Lotus Bakery' });
    const s = await ctx.session();
    const page = s.page;
    await s.login(analyst);
    await s.goto(`/cases/${c.id}/show`);

    const holds = page.getByTestId('holds-panel');
    await holds.waitFor();
    await holds.getByRole('button', { name: en.actions.place_hold.label }).click();
    await holds.getByLabel(en.holds.fields.instructionNumber).fill('HP-ZF-2026-0107');
    await holds.getByLabel(en.holds.fields.issuingAuthority).fill('Huangpu PSB');
    const placed = await submitAction(s, c.id, 'place_hold', holds);
    assertEqual(placed.holds.length, 1, 'holds after place_hold');
    const hold = placed.holds[0];
    assertEqual(hold.kind, 'police_stop_payment', 'the default kind');
    assertEqual(placed.priority, 'p1', 'a stop-payment raises the case to p1');
    const left = page.getByTestId(`hold-left-${hold.id}`);
    await left.waitFor();
    assertEqual(await left.getAttribute('data-urgency'), 'ok', 'a fresh 48 h order is not urgent');
    assert((await textOf(left)).includes('left'), 'the time left is shown');
    ctx.log(`screenshot ${await s.screenshot('case-holds-panel-en', { center: holds })}`);

    await holds.getByRole('button', { name: en.actions.renew_hold.label }).click();
    const renewed = await submitAction(s, c.id, 'renew_hold', holds);
    assertEqual(renewed.holds[0].renewals.length, 1, 'renewals after renew_hold');
    assertEqual(Date.parse(renewed.holds[0].expiresAt) - Date.parse(hold.expiresAt), 48 * 3_600_000, 'renewed by 48 h');

    const reg = page.getByTestId('regulatory-panel');
    await reg.getByRole('button', { name: en.actions.start_regulatory_clock.label }).click();
    const started = await submitAction(s, c.id, 'start_regulatory_clock', reg);
    assertEqual(started.regulatoryClocks[0]?.kind, 'pboc_major_event', 'the default kind');
    await reg.getByRole('button', { name: en.actions.record_regulatory_filing.label }).click();
    await reg.getByLabel(en.regulatory.fields.reference).fill('PBOC-SH-2026-00317');
    const filed = await submitAction(s, c.id, 'record_regulatory_filing', reg);
    assertEqual(filed.regulatoryClocks[0].state, 'met', 'the clock is met by the filing');
    await reg.getByText(en.enums.regulatoryState.met, { exact: true }).waitFor();
    ctx.log(`screenshot ${await s.screenshot('case-regulatory-filed-en', { center: reg })}`);
    ctx.log(`${analyst.name} placed and renewed a stop-payment and filed the PBoC report on ${c.reference}`);
  },
};

/**
 * Issue 11: the supervisor sees the next holds to end and the running regulatory deadlines on the dashboard, each
 * row linking to its case, the watchlist (entries from confirmed demo cases) with its add and remove, and cancels a
 * regulatory deadline that is not owed.
 */
export const holdsDashboardTest: BrowserTest = {
  name: 'the supervisor sees expiring holds and regulatory deadlines on the dashboard and the watchlist',
  async run(ctx) {
    const { users } = ctx.seeded;
    const supervisor = users.supervisor;
    const s = await ctx.session();
    const page = s.page;
    await s.login(supervisor);
    await s.goto('/dashboard');

    const holds = page.getByTestId('panel-expiring-holds');
    await holds.getByTestId('expiring-hold-row').first().waitFor();
    assert((await holds.getByTestId('expiring-hold-row').count()) >= 1, 'the seeded holds are listed');
    assert((await holds.getByRole('link').count()) >= 1, 'each hold links to its case');
    const deadlines = page.getByTestId('panel-regulatory-deadlines');
    await deadlines.getByTestId('regulatory-deadline-row').first().waitFor();
    assert((await deadlines.getByRole('link').count()) >= 1, 'each deadline links to its case');
    ctx.log(`screenshot ${await s.screenshot('dashboard-holds-deadlines-en', { center: holds })}`);

    await s.goto('/watchlist');
    await page.getByTestId('watchlist-value').first().waitFor();
    assert((await page.getByTestId('watchlist-value').count()) >= 2, 'the watchlist lists the seeded entries');
    assert((await page.getByRole('button', { name: en.resources.watchlist.remove }).count()) >= 1, 'a supervisor may remove an entry');
    ctx.log(`screenshot ${await s.screenshot('watchlist-en')}`);

    // Add an SN by hand, then remove it with a reason.
    const W = en.resources.watchlist;
    await page.getByRole('link', { name: en.ra.action.create }).click();
    await page.getByLabel(W.fields.value).fill('pax-a920-0099001');
    await page.getByLabel(W.fields.reason).fill('Reported by the acquirer after a chargeback wave');
    await page.getByRole('button', { name: en.ra.action.save }).click();
    await page.getByTestId('watchlist-remove-PAX-A920-0099001').waitFor();
    const added = await ctx.seeded.api.list('/api/watchlist', supervisor.token, { value: 'PAX-A920-0099001' });
    assertEqual(added.length, 1, 'the added entry (normalised)');
    await page.getByTestId('watchlist-remove-PAX-A920-0099001').click();
    await page.getByTestId('watchlist-remove-reason').fill('Entered by mistake');
    await page.getByRole('dialog').getByRole('button', { name: en.ra.action.confirm }).click();
    await page.getByTestId('watchlist-remove-PAX-A920-0099001').waitFor({ state: 'detached' });
    const removed = await ctx.seeded.api.list('/api/watchlist', supervisor.token, { value: 'PAX-A920-0099001' });
    assert(!!removed[0]?.removedAt, 'the entry is removed');

    // A deadline that turns out not to be owed: the supervisor cancels it on the case page, with the reason.
    const c = await ctx.seeded.openCase({ by: 'analyst2', upTo: 'claimed', merchantName: 'Jade Tea House' });
    await ctx.seeded.api.act(c.id, users.analyst2.token, 'start_regulatory_clock', { kind: 'pboc_major_event', startedAt: new Date().toISOString() });
    await s.goto(`/cases/${c.id}/show`);
    const reg = page.getByTestId('regulatory-panel');
    await reg.getByRole('button', { name: en.actions.cancel_regulatory_clock.label }).click();
    await reg.getByLabel(en.regulatory.fields.cancelReason).fill('Amount at risk below the PBoC threshold after the bank recount');
    const cancelled = await submitAction(s, c.id, 'cancel_regulatory_clock', reg);
    assertEqual(cancelled.regulatoryClocks[0].state, 'cancelled', 'the clock is cancelled');
    await reg.getByText(en.enums.regulatoryState.cancelled, { exact: true }).waitFor();
    ctx.log(`${supervisor.name} saw the expiring holds, the regulatory deadlines and the watchlist, and cancelled a deadline on ${c.reference}`);
  },
};
