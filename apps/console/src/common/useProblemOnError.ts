import { useCallback } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { problemMessage } from '../problem/problemMessage';
import { fieldErrors, problemStatus } from '../problem/problem';

/**
 * onError for react-admin Edit/Create (pessimistic): field errors of a 422 go onto the inputs
 * (react-admin reads `body.errors`) and the translated problem is shown as a notification.
 */
export function useProblemOnError() {
  const notify = useNotify();
  const t = useTranslate();
  return useCallback(
    (error: unknown) => {
      if (problemStatus(error) === 401) return;
      const hasFieldErrors = !!fieldErrors(error);
      notify(problemMessage(error, t), { type: hasFieldErrors ? 'warning' : 'error', autoHideDuration: 8000 });
    },
    [notify, t],
  );
}
