import type { BrowserTest } from '../harness/runner';

export const dashboardAndBulkTest: BrowserTest = {
  name: 'TODO dashboard-and-bulk',
  async run() {
    throw new Error('not written yet');
  },
};
