import { useCallback } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { problemMessage } from '../problem/problemMessage';
import { fieldErrors, problemStatus } from '../problem/problem';

/**
 * onError for react-admin Edit/Create (pessimistic). Field errors of a 422 go under their inputs (react-admin
 * reads `body.errors`, translated by code in problem.ts) and react-admin says once that the form has errors;
 * anything else is the translated problem, as a notification away from the form.
 */
export function useProblemOnError() {
  const notify = useNotify();
  const t = useTranslate();
  return useCallback(
    (error: unknown) => {
      if (problemStatus(error) === 401) return;
      if (fieldErrors(error)) return;
      notify(problemMessage(error, t), { type: 'error', autoHideDuration: 8000 });
    },
    [notify, t],
  );
}
