import type { ChangePasswordRequest, MfaDisableRequest, MfaEnrolmentView, MfaRecoveryCodesView, SessionView } from '@sentinel/contracts';
import { API_URL, httpClient } from '../dataProvider';

/** The caller's own account (docs/api.md "Auth"): password, second factor, sessions. */
export const accountApi = {
  changePassword: (body: ChangePasswordRequest) => httpClient(`${API_URL}/auth/password`, { method: 'POST', body: JSON.stringify(body) }),
  enrolMfa: async () => (await httpClient<MfaEnrolmentView>(`${API_URL}/auth/mfa/enrol`, { method: 'POST', body: '{}' })).json,
  confirmMfa: async (code: string) => (await httpClient<MfaRecoveryCodesView>(`${API_URL}/auth/mfa/confirm`, { method: 'POST', body: JSON.stringify({ code }) })).json,
  disableMfa: (body: MfaDisableRequest) => httpClient(`${API_URL}/auth/mfa/disable`, { method: 'POST', body: JSON.stringify(body) }),
  sessions: async () => (await httpClient<SessionView[]>(`${API_URL}/auth/sessions`)).json,
  revokeSession: (id: string) => httpClient(`${API_URL}/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
