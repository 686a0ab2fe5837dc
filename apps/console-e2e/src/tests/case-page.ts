import type { Locator, Page } from 'playwright-core';
import { assertEqual, type Session } from '../harness/ui';

/**
 * Opens the tab of an action on the case page when the panel offers several (one action alone has no tabs);
 * while the page waits for the bank, "Confirm by hand" first reveals the confirmation form.
 */
export async function openActionTab(page: Page, action: string): Promise<Locator> {
  await page.getByTestId('action-panel').waitFor();
  const reveal = page.getByTestId(`reveal-${action}`);
  if (await reveal.count()) await reveal.click();
  const tab = page.getByTestId(`tab-${action}`);
  const form = page.getByTestId(`form-${action}`);
  // The panel may render again while the page settles (the full case replaces the list's row): click the tab
  // until its form shows, rather than trusting one click made during that render.
  for (let i = 0; i < 10; i++) {
    if (await tab.count()) await tab.click();
    if (await form.isVisible()) return form;
    await page.waitForTimeout(300);
  }
  await form.waitFor({ state: 'visible' });
  return form;
}

/** Submits an action form and checks the API accepted it (200); returns the updated case. */
export async function submitAction(s: Session, caseId: string, action: string, form: Locator): Promise<any> {
  const res = await s.withResponse('POST', new RegExp(`/api/cases/${caseId}/actions/${action}$`), () => form.getByTestId(`submit-${action}`).click());
  const body = await res.json().catch(() => null);
  assertEqual(res.status(), 200, `${action}: API status (${JSON.stringify(body)})`);
  return body;
}
