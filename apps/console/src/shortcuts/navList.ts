/**
 * The list of cases the user last worked from (My cases, a queue, the case list), kept for this tab, so that
 * J / K on a case page go to the next or previous case of that list.
 */
const KEY = 'sentinel.nav.cases';

export function rememberCaseList(ids: readonly string[]): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(ids.slice(0, 500)));
  } catch {
    /* storage disabled: J / K on the case page then do nothing */
  }
}

export function rememberedCaseList(): string[] {
  try {
    const v = JSON.parse(window.sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
