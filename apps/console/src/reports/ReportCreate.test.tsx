import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AdminContext, HttpError, memoryStore } from 'react-admin';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en';
import { ReportCreate } from './ReportCreate';

const i18nProvider = polyglotI18nProvider(() => en as never, 'en');

function setup(over: Record<string, unknown> = {}) {
  const dataProvider = {
    getList: vi.fn(async (resource: string) => {
      if (resource === 'cases') return { data: [{ id: 'case-9', reference: 'SNC-2026-000009', sn: 'PAX-A920777123', stage: 'freeze', teamId: 'team-s', assignee: null }], total: 1 };
      return { data: [], total: 0 };
    }),
    getOne: vi.fn(async (resource: string) => {
      if (resource === 'teams') return { data: { id: 'team-s', name: 'South' } };
      throw new HttpError('Forbidden', 403, { code: 'AUTH.FORBIDDEN' });
    }),
    createReport: vi.fn(async () => ({ id: 'rep-1', caseId: 'case-9', caseReference: 'SNC-2026-000009', linkedToExisting: true, replayed: false })),
    ...over,
  };
  render(
    <AdminContext dataProvider={dataProvider as never} i18nProvider={i18nProvider} store={memoryStore()}>
      <ReportCreate />
    </AdminContext>,
  );
  return dataProvider;
}

async function fillMinimal() {
  fireEvent.change(await screen.findByTestId('sn-input'), { target: { value: 'ｐａｘ－ａ９２０\u3000７７７１２３' } });
  fireEvent.mouseDown(screen.getByRole('combobox', { name: /Misuse type/ }));
  fireEvent.click(within(await screen.findByRole('listbox')).getByRole('option', { name: en.enums.misuseType.skimming_tampering }));
}

describe('ReportCreate', { timeout: 30_000 }, () => {
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  it('should show the SN as it will be stored and name the open case of that SN before submitting', async () => {
    setup();
    await fillMinimal();
    expect((await screen.findByTestId('sn-preview')).textContent).toContain('PAX-A920777123');
    const warning = await screen.findByTestId('duplicate-warning', {}, { timeout: 8000 });
    expect(warning.textContent).toContain('SNC-2026-000009');
    expect(warning.textContent).toContain(en.intake.duplicate_body);
  });

  it('should send the normalised SN on a staff channel with one Idempotency-Key per form, kept for a retry', async () => {
    const createReport = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Network request failed'))
      .mockResolvedValueOnce({ id: 'rep-1', caseId: 'case-9', caseReference: 'SNC-2026-000009', linkedToExisting: true, replayed: true });
    setup({ createReport });
    await fillMinimal();
    fireEvent.click(screen.getByTestId('submit-report'));
    await waitFor(() => expect(createReport).toHaveBeenCalledTimes(1));
    const [body, key] = createReport.mock.calls[0];
    expect(body).toEqual({ sn: 'PAX-A920777123', channel: 'merchant_call', misuseType: 'skimming_tampering' });
    expect(key).toMatch(/^console-[0-9a-f-]{32,36}$/);
    // The answer was lost: the same form retries with the same key (the API replays the first report if it was filed).
    fireEvent.click(screen.getByTestId('submit-report'));
    await waitFor(() => expect(createReport).toHaveBeenCalledTimes(2));
    expect(createReport.mock.calls[1][1]).toBe(key);
  });

  it('should say which team has the case when the reader may not open it', async () => {
    setup();
    await fillMinimal();
    fireEvent.click(screen.getByTestId('submit-report'));
    const note = await screen.findByTestId('report-filed-elsewhere');
    expect(note.textContent).toContain(en.intake.elsewhere_team.replace('%{reference}', 'SNC-2026-000009').replace('%{team}', 'South'));
  });

  it('should refuse an SN that is not valid after normalisation, on the input, without calling the API', async () => {
    const dp = setup();
    fireEvent.change(await screen.findByTestId('sn-input'), { target: { value: 'ab 12' } });
    expect((await screen.findByTestId('sn-preview')).textContent).toContain(en.intake.sn_not_valid);
    fireEvent.click(screen.getByTestId('submit-report'));
    expect(await screen.findByText(en.intake.sn_invalid)).toBeTruthy();
    expect(dp.createReport).not.toHaveBeenCalled();
  });
});
