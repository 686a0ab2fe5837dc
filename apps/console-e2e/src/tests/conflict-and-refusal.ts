import type { BrowserTest } from '../harness/runner';

export const conflictAndRefusalTest: BrowserTest = {
  name: 'TODO conflict-and-refusal',
  async run() {
    throw new Error('not written yet');
  },
};
