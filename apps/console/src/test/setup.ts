import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

// The machine running the tests may be busy (2 cores shared by parallel runs): give findBy/waitFor room.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
