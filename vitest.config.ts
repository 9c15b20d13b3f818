// Test runner configuration: every test under test/, the default reporter plus a final
// "N passed, N failed" line. Tests on real sockets and real time (test/live, `lbsim live` and
// `lbsim instances`) run as a second group, after the CPU-bound simulation tests have finished,
// so their timings do not share the machine's two cores with them. Vitest's default is one worker
// fewer than the cores (one worker on a 2-core machine), so each group states its own count.

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const cores = availableParallelism();

const REAL_TIME = ['test/live/**/*.test.ts', 'test/cli/live.test.ts', 'test/cli/instances.test.ts', 'test/differential/**/*.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    // The CLI tests run the compiled bin: one incremental build first instead of a compile per child process.
    globalSetup: ['./test/support/build-cli.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      // CPU-bound: one fork per core.
      { extends: true, test: { name: 'simulation', include: ['test/**/*.test.ts'], exclude: REAL_TIME, maxWorkers: cores, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'real-time', include: REAL_TIME, sequence: { groupOrder: 1 } } },
    ],
  },
});
