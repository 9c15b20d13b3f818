// Test runner configuration: every test under test/, the default reporter plus a final
// "N passed, N failed" line.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
