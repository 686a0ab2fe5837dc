import type { BrowserTest } from '../harness/runner';

export const chineseTest: BrowserTest = {
  name: 'TODO chinese',
  async run() {
    throw new Error('not written yet');
  },
};
