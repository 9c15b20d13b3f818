// Test runner configuration: every test under test/, the default reporter plus a final
// "N passed, N failed" line, in three groups run one after the other:
// 1. the simulation tests, CPU-bound: one fork per core;
// 2. the two long real-time files side by side: the differential runs against real HAProxy and nginx
//    (80 s at 20 req/s, mostly waiting) and the live agreement of every lesson (about 65 s);
// 3. the other tests on real sockets and real time (test/live, `lbsim live`, `lbsim instances`), one
//    file at a time: their bounds are a few real milliseconds.
// Real-time tests never share the cores with the CPU-bound ones. Vitest's default is one worker fewer
// than the cores (one on a 2-core machine), so each group states its own count.

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const cores = availableParallelism();

const LONG_REAL_TIME = ['test/differential/**/*.test.ts', 'test/live/agreement.test.ts'];
const REAL_TIME = ['test/live/**/*.test.ts', 'test/cli/live.test.ts', 'test/cli/instances.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    // The CLI tests run the compiled bin: one incremental build first instead of a compile per child process.
    globalSetup: ['./test/support/build-cli.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'simulation', include: ['test/**/*.test.ts'], exclude: [...REAL_TIME, ...LONG_REAL_TIME], maxWorkers: cores, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'long-real-time', include: LONG_REAL_TIME, maxWorkers: 2, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'real-time', include: REAL_TIME, exclude: LONG_REAL_TIME, maxWorkers: 1, sequence: { groupOrder: 2 } } },
    ],
  },
});
