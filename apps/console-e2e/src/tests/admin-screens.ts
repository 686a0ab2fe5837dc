import type { BrowserTest } from '../harness/runner';

export const adminScreensTest: BrowserTest = {
  name: 'TODO admin-screens',
  async run() {
    throw new Error('not written yet');
  },
};
