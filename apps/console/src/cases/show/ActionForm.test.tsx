import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AdminContext, HttpError, memoryStore, TextInput } from 'react-admin';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseView } from '@sentinel/contracts';
import { en } from '../../i18n/en';
import { CaseActionProvider } from './CaseActionContext';
import { ActionForm } from './ActionForm';
import { toHttpError } from '../../problem/problem';

const i18nProvider = polyglotI18nProvider(() => en as never, 'en');

function caseView(version: number): CaseView {
  return { id: 'c1', reference: 'SNC-2026-000001', version, allowedActions: ['record_freeze_rejection'], stage: 'freeze', status: 'open' } as unknown as CaseView;
}

function setup(caseAction: ReturnType<typeof vi.fn>) {
  let current = caseView(3);
  const refetch = vi.fn(async () => {
    current = caseView(4);
    view.rerender(ui());
  });
  const dataProvider = { caseAction } as never;
  const ui = () => (
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider} store={memoryStore()}>
      <CaseActionProvider record={current} refetch={refetch}>
        <ActionForm action="record_freeze_rejection">
          <TextInput source="reason" />
        </ActionForm>
      </CaseActionProvider>
    </AdminContext>
  );
  const view = render(ui());
  return { refetch };
}

describe('ActionForm', () => {
  // react-admin logs every rejected dataProvider call to console.error; these rejections are the point of the tests.
  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  it('should keep what was typed through a 409 and a reload, then post with the new version', async () => {
    const caseAction = vi
      .fn()
      .mockRejectedValueOnce(new HttpError('stale', 409, { code: 'CASE.VERSION_CONFLICT' }))
      .mockResolvedValueOnce({ ...caseView(5) });
    const { refetch } = setup(caseAction);

    const input = await screen.findByLabelText(/Reason/);
    fireEvent.change(input, { target: { value: 'Bank says the MID is wrong' } });
    fireEvent.click(screen.getByTestId('submit-record_freeze_rejection'));

    expect(await screen.findByText('Someone else changed this case')).toBeTruthy();
    expect(caseAction).toHaveBeenLastCalledWith('c1', 'record_freeze_rejection', { reason: 'Bank says the MID is wrong', version: 3 });

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(refetch).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByText('Someone else changed this case')).toBeNull());
    expect((screen.getByLabelText(/Reason/) as HTMLInputElement).value).toBe('Bank says the MID is wrong');

    fireEvent.click(screen.getByTestId('submit-record_freeze_rejection'));
    await waitFor(() => expect(caseAction).toHaveBeenCalledTimes(2));
    expect(caseAction).toHaveBeenLastCalledWith('c1', 'record_freeze_rejection', { reason: 'Bank says the MID is wrong', version: 4 });
  });

  it('should put field errors under their inputs, translated by field code, and not repeat them above', async () => {
    const caseAction = vi.fn().mockRejectedValueOnce(
      toHttpError(422, 'Unprocessable', {
        code: 'VALIDATION.FAILED',
        message: 'Validation failed',
        errors: { reason: 'holds what looks like a card number' },
        fieldCodes: { reason: 'CARD_NUMBER' },
      }),
    );
    setup(caseAction);
    fireEvent.change(await screen.findByLabelText(/Reason/), { target: { value: '6228480000000000000' } });
    fireEvent.click(screen.getByTestId('submit-record_freeze_rejection'));
    expect(await screen.findByText(en.errors.field.CARD_NUMBER)).toBeTruthy();
    expect(screen.queryByText('holds what looks like a card number')).toBeNull();
    expect(screen.queryByTestId('action-error')).toBeNull();
  });

  it('should show a refusal without field errors in the alert, translated by its code', async () => {
    const caseAction = vi.fn().mockRejectedValueOnce(toHttpError(403, 'Forbidden', { code: 'CASE.FOUR_EYES', message: 'four eyes' }));
    setup(caseAction);
    fireEvent.change(await screen.findByLabelText(/Reason/), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('submit-record_freeze_rejection'));
    expect((await screen.findByTestId('action-error')).textContent).toBe(en.errors.CASE.FOUR_EYES);
  });
});
