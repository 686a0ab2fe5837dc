import type { FieldCode } from './problem';

/** One refused row of a historical import: its number (1 = the first row after the header), the field, the code. */
export interface ImportRowError {
  row: number;
  field: string;
  code: FieldCode;
}

/** `GET /api/imports/:id` (docs/api.md "Historical import"), while and after it runs. */
export interface ImportView {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** data rows read so far */
  rows: number;
  /** rows imported or skipped (imported before) so far */
  done: number;
  /** of `done`, the rows skipped because their externalId was imported before */
  skipped: number;
  /** rows refused so far (each with entries in `errors`) */
  failed: number;
  errors: ImportRowError[];
  fileSha256: string;
  createdAt: string;
  finishedAt: string | null;
}
