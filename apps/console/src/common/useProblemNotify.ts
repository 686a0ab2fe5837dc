import { useCallback } from 'react';
import { useLogoutIfAccessDenied, useNotify, useTranslate } from 'react-admin';
import { problemMessage } from '../problem/problemMessage';
import { problemStatus } from '../problem/problem';

/**
 * Shows a failed API call to the user: the translated reason of the problem's `code`.
 * A 401 ends the session (react-admin's checkError), anything else stays on the page.
 */
export function useProblemNotify() {
  const notify = useNotify();
  const t = useTranslate();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  return useCallback(
    (error: unknown) => {
      if (problemStatus(error) === 401) {
        void logoutIfAccessDenied(error);
        return;
      }
      notify(problemMessage(error, t), { type: 'error', autoHideDuration: 8000 });
    },
    [notify, t, logoutIfAccessDenied],
  );
}

export function useProblemText() {
  const t = useTranslate();
  return useCallback((error: unknown) => problemMessage(error, t), [t]);
}
