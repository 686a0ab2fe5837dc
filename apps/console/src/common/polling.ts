/**
 * How often lists refresh by themselves while their tab is visible (react-query stops interval refetches in
 * hidden tabs). The case page polls faster (cases/show/live/useCaseLive.ts, 2 s): it is where people act.
 */
export const LIST_POLL_MS = 5_000;

/** react-query options for a list that refreshes quietly (see QuietLoadingIndicator: no spinner for it). */
export const quietRefresh = { refetchInterval: LIST_POLL_MS, refetchIntervalInBackground: false } as const;
