import type { Row } from './bench-util';

/** SLA timer lateness benchmark; filled in once apps/worker exists (see issue 4). */
export async function benchSla(): Promise<Row[]> {
  return [];
}
