import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AdminContext, HttpError, memoryStore, ResourceContextProvider, ShowBase, TextInput, useShowContext } from 'react-admin';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseEventView, CaseView } from '@sentinel/contracts';
import { en } from '../../i18n/en';
import { CaseActionProvider } from './CaseActionContext';
import { ActionForm } from './ActionForm';
import { toHttpError } from '../../problem/problem';

const i18nProvider = polyglotI18nProvider(() => en as never, 'en');

/** The case on the "server": what GET /api/cases/:id answers now. */
function caseView(version: number, seq: number, over: Partial<CaseView> = {}): CaseView {
  return {
    id: 'c1',
    reference: 'SNC-2026-000001',
    version,
    lastEventSeq: seq,
    allowedActions: ['confirm_freeze', 'record_freeze_rejection'],
    stage: 'freeze',
    status: 'open',
    assigneeId: 'me',
    assignee: { id: 'me', name: 'Li Wei' },
    freeze: { requestedAt: null, rejectedAt: null, notificationStatus: null },
    ...over,
  } as unknown as CaseView;
}

const event = (seq: number, action: string, actor: { id: string; role: string }, actorName: string | null, data: Record<string, unknown> = {}): CaseEventView => ({
  id: `e${seq}`,
  caseId: 'c1',
  seq,
  at: '2026-11-25T08:00:00.000Z',
  actor,
  action,
  data,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  actorName,
});

function setup(caseAction: ReturnType<typeof vi.fn>) {
  const server = { case: caseView(3, 3), events: [event(1, 'case.opened', { id: 'system', role: 'system' }, null), event(2, 'request_freeze', { id: 'system', role: 'system' }, null), event(3, 'claim', { id: 'me', role: 'analyst' }, 'Li Wei')] };
  const dataProvider = {
    getOne: vi.fn(async () => ({ data: server.case })),
    getCaseEvents: vi.fn(async () => server.events),
    getList: vi.fn(async () => ({ data: [], total: 0 })),
    caseAction,
  } as never;
  const Page = () => {
    const { record, refetch } = useShowContext<CaseView>();
    if (!record) return null;
    return (
      <CaseActionProvider record={record} refetch={refetch}>
        <ActionForm action="confirm_freeze">
          <TextInput source="bankReference" />
        </ActionForm>
      </CaseActionProvider>
    );
  };
  render(
    <AdminContext dataProvider={dataProvider} i18nProvider={i18nProvider} store={memoryStore()}>
      <ResourceContextProvider value="cases">
        <ShowBase id="c1">
          <Page />
        </ShowBase>
      </ResourceContextProvider>
    </AdminContext>,
  );
  /** Someone else changes the case on the server; the page learns of it at its next read. */
  const change = (next: CaseView, ...events: CaseEventView[]) => {
    server.case = next;
    server.events = [...server.events, ...events];
  };
  const pollNow = () => document.dispatchEvent(new Event('visibilitychange'));
  return { change, pollNow, server };
}

const typeReference = async (value: string) => {
  const input = await screen.findByLabelText(/Bank reference/);
  fireEvent.change(input, { target: { value } });
  return input as HTMLInputElement;
};

describe('ActionForm', { timeout: 30_000 }, () => {
  beforeEach(() => {
    // react-admin logs every rejected dataProvider call to console.error; these rejections are the point of the tests.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    window.sessionStorage.clear();
  });

  it('should keep what was typed when a supervisor changes the case, say what changed, and post with the version seen', async () => {
    const caseAction = vi.fn().mockResolvedValueOnce(caseView(5, 6, { stage: 'police_report' }));
    const { change, pollNow } = setup(caseAction);
    await typeReference('ICBC-FRZ-0091');

    change(caseView(4, 4), event(4, 'set_priority', { id: 'sup', role: 'supervisor' }, 'Zhao Min', { before: { priority: 'p3' }, after: { priority: 'p1' }, reason: 'Police instruction' }));
    pollNow();

    expect(await screen.findByText('This case changed while you were typing')).toBeTruthy();
    expect(screen.getByText('Zhao Min set the priority to P1 · Critical. Reason: Police instruction')).toBeTruthy();
    expect(screen.getByTestId('conflict-advice').textContent).toBe('Your input is kept. Check what changed, then submit again.');
    expect((screen.getByLabelText(/Bank reference/) as HTMLInputElement).value).toBe('ICBC-FRZ-0091');

    fireEvent.click(screen.getByTestId('conflict-continue'));
    await waitFor(() => expect(screen.queryByTestId('conflict-alert')).toBeNull());
    fireEvent.click(screen.getByTestId('submit-confirm_freeze'));
    await waitFor(() => expect(caseAction).toHaveBeenCalledTimes(1));
    expect(caseAction).toHaveBeenLastCalledWith('c1', 'confirm_freeze', expect.objectContaining({ bankReference: 'ICBC-FRZ-0091', version: 4 }));
  });

  it('should turn a 409 into what changed, keep the input, and go through once the change is seen', async () => {
    const caseAction = vi
      .fn()
      .mockRejectedValueOnce(new HttpError('stale', 409, { code: 'CASE.VERSION_CONFLICT' }))
      .mockResolvedValueOnce(caseView(5, 6, { stage: 'police_report' }));
    const { change } = setup(caseAction);
    await typeReference('ICBC-FRZ-0117');
    // The change lands between the last read and the submit: the API refuses the stale version.
    change(caseView(4, 4), event(4, 'add_note', { id: 'sup', role: 'supervisor' }, 'Zhao Min', { text: 'Call the bank' }));
    fireEvent.click(screen.getByTestId('submit-confirm_freeze'));

    expect(await screen.findByText('Someone else changed this case')).toBeTruthy();
    expect(await screen.findByText('Zhao Min added a note')).toBeTruthy();
    expect(caseAction).toHaveBeenLastCalledWith('c1', 'confirm_freeze', expect.objectContaining({ version: 3 }));
    expect((screen.getByLabelText(/Bank reference/) as HTMLInputElement).value).toBe('ICBC-FRZ-0117');

    fireEvent.click(screen.getByTestId('conflict-continue'));
    fireEvent.click(screen.getByTestId('submit-confirm_freeze'));
    await waitFor(() => expect(caseAction).toHaveBeenCalledTimes(2));
    expect(caseAction).toHaveBeenLastCalledWith('c1', 'confirm_freeze', expect.objectContaining({ bankReference: 'ICBC-FRZ-0117', version: 4 }));
  });

  it('should say the step is no longer needed when the bank confirmed meanwhile, keep the input, and not submit it', async () => {
    const caseAction = vi.fn();
    const { change, pollNow } = setup(caseAction);
    await typeReference('typed-by-hand');
    change(
      caseView(4, 5, { stage: 'police_report', allowedActions: ['record_police_report'] as never }),
      event(4, 'notification.delivered', { id: 'system', role: 'system' }, null, { via: 'worker' }),
      event(5, 'bank.freeze_confirmed', { id: 'bank:ICBC_SH', role: 'bank' }, null, { bankReference: 'ICBC-FRZ-1A2B' }),
    );
    pollNow();

    expect(await screen.findByText('The bank confirmed the freeze')).toBeTruthy();
    expect(screen.getByText('The bank received our message')).toBeTruthy();
    expect(screen.getByTestId('conflict-advice').textContent).toBe(
      'The case is now in the Police report stage, so “Confirm freeze” is no longer needed. Your input stays here until you discard it.',
    );
    expect((screen.getByLabelText(/Bank reference/) as HTMLInputElement).value).toBe('typed-by-hand');
    expect((screen.getByTestId('submit-confirm_freeze') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('conflict-continue')).toBeNull();

    fireEvent.click(screen.getByTestId('conflict-discard'));
    await waitFor(() => expect((screen.getByLabelText(/Bank reference/) as HTMLInputElement).value).toBe(''));
    expect(window.sessionStorage.getItem('sentinel.draft.c1.confirm_freeze')).toBeNull();
    expect(caseAction).not.toHaveBeenCalled();
  });

  it('should put field errors under their inputs, translated by field code, and not repeat them above', async () => {
    const caseAction = vi.fn().mockRejectedValueOnce(
      toHttpError(422, 'Unprocessable', {
        code: 'VALIDATION.FAILED',
        message: 'Validation failed',
        errors: { bankReference: 'holds what looks like a card number' },
        fieldCodes: { bankReference: 'CARD_NUMBER' },
      }),
    );
    setup(caseAction);
    await typeReference('6228480000000000000');
    fireEvent.click(screen.getByTestId('submit-confirm_freeze'));
    expect(await screen.findByText(en.errors.field.CARD_NUMBER)).toBeTruthy();
    expect(screen.queryByText('holds what looks like a card number')).toBeNull();
    expect(screen.queryByTestId('action-error')).toBeNull();
  });

  it('should show a refusal without field errors in the alert, translated by its code', async () => {
    const caseAction = vi.fn().mockRejectedValueOnce(toHttpError(403, 'Forbidden', { code: 'CASE.FOUR_EYES', message: 'four eyes' }));
    setup(caseAction);
    await typeReference('x');
    fireEvent.click(screen.getByTestId('submit-confirm_freeze'));
    expect((await screen.findByTestId('action-error')).textContent).toBe(en.errors.CASE.FOUR_EYES);
  });
});
