import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AdminContext, HttpError, memoryStore } from 'react-admin';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en';
import { RevealableField } from '../cases/show/TerminalCard';
import { RevealableReporterField } from '../reports/RevealableReporterField';

const i18nProvider = polyglotI18nProvider(() => en as never, 'en');

function setup(value: string | undefined, revealReporterField: ReturnType<typeof vi.fn>) {
  render(
    <AdminContext dataProvider={{ revealReporterField } as never} i18nProvider={i18nProvider} store={memoryStore()}>
      <RevealableReporterField reportId="r1" field="phone" value={value} />
    </AdminContext>,
  );
}

const dialog = () => within(screen.getByRole('dialog'));
const typeReason = (reason: string) => fireEvent.change(dialog().getByLabelText(/Why do you need the full value/), { target: { value: reason } });
const confirm = () => dialog().getByRole('button', { name: 'Reveal' }) as HTMLButtonElement;

describe('RevealableValue and its RevealDialog', { timeout: 30_000 }, () => {
  it('should ask for a reason, send it trimmed, then show the value in clear as revealed', async () => {
    const reveal = vi.fn().mockResolvedValue({ field: 'phone', value: '13800138000' });
    setup('****8000', reveal);
    expect(screen.getByText('****8000')).toBeTruthy();
    fireEvent.click(screen.getByTestId('reveal-reporter-phone'));
    expect(confirm().disabled).toBe(true);
    typeReason('   ');
    expect(confirm().disabled).toBe(true);
    typeReason('  bank asked for a call back ');
    fireEvent.click(confirm());
    expect(await screen.findByText('13800138000')).toBeTruthy();
    expect(reveal).toHaveBeenCalledWith('r1', 'phone', 'bank asked for a call back');
    expect(screen.getByText('Revealed (recorded in the audit trail)')).toBeTruthy();
    expect(screen.queryByTestId('reveal-reporter-phone')).toBeNull();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('should keep the dialog open with the problem when the API refuses, and the reason for another try', async () => {
    // react-admin logs every rejected dataProvider call to console.error; this rejection is the point of the test.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const reveal = vi
      .fn()
      .mockRejectedValueOnce(new HttpError('forbidden', 403, { code: 'AUTH.FORBIDDEN' }))
      .mockResolvedValueOnce({ field: 'phone', value: null });
    setup('****8000', reveal);
    fireEvent.click(screen.getByTestId('reveal-reporter-phone'));
    typeReason('fraud check');
    fireEvent.click(confirm());
    expect(await dialog().findByText('Your role does not allow this.')).toBeTruthy();
    expect(screen.getByText('****8000')).toBeTruthy();
    fireEvent.click(confirm());
    // a value the API no longer holds is shown as a dash
    expect(await screen.findByText('—')).toBeTruthy();
    expect(reveal).toHaveBeenLastCalledWith('r1', 'phone', 'fraud check');
  });

  it('should show a value that is not masked as it is, and nothing to reveal', () => {
    setup('13800138000', vi.fn());
    expect(screen.getByText('13800138000')).toBeTruthy();
    expect(screen.queryByTestId('reveal-reporter-phone')).toBeNull();
  });

  it("should offer a terminal's reveal only to those who act on cases, and show the value in monospace", async () => {
    const revealTerminalField = vi.fn().mockResolvedValue({ field: 'settlementAccount', value: '6222021234567890' });
    const renderAs = (permissions: string[]) =>
      render(
        <AdminContext
          dataProvider={{ revealTerminalField } as never}
          authProvider={{ getPermissions: async () => permissions } as never}
          i18nProvider={i18nProvider}
          store={memoryStore()}
        >
          <RevealableField terminalId="t1" field="settlementAccount" masked="6222********7890" />
        </AdminContext>,
      );
    const reader = renderAs(['cases:read']);
    expect(await screen.findByText('6222********7890')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reveal' })).toBeNull();
    reader.unmount();

    renderAs(['cases:read', 'cases:act']);
    fireEvent.click(await screen.findByRole('button', { name: 'Reveal' }));
    expect(screen.getByRole('dialog').textContent).toContain('Settlement account');
    typeReason('merchant dispute');
    fireEvent.click(confirm());
    const shown = await screen.findByText('6222021234567890');
    expect(shown.className).toContain('MuiTypography-body2');
    expect(revealTerminalField).toHaveBeenCalledWith('t1', 'settlementAccount', 'merchant dispute');
  });
});
