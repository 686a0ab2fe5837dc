import type { ImportView } from '@sentinel/contracts';

/**
 * Where an import stands for the progress bar: rows handled (imported, skipped or refused) out of the file's rows.
 * While it runs the total is the browser's count of the file (the API knows only the rows read so far); once it has
 * ended, the API's `rows`. `null` percent: nothing to measure against yet (an indeterminate bar).
 */
export interface ImportProgress {
  handled: number;
  total: number | null;
  percent: number | null;
  running: boolean;
}

export function importProgress(view: Pick<ImportView, 'status' | 'rows' | 'done' | 'failed'>, fileRows: number | null): ImportProgress {
  const handled = view.done + view.failed;
  const running = view.status === 'running';
  const total = running ? (fileRows ?? null) : view.rows;
  if (total === null) return { handled, total, percent: null, running };
  const percent = total === 0 ? (running ? 0 : 100) : Math.min(100, Math.round((handled / total) * 100));
  return { handled, total: Math.max(total, running ? 0 : handled), percent, running };
}
