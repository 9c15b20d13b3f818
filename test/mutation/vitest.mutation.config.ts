// The tests mutation testing runs (`npm run mutation`, stryker.config.json): the in-process
// simulation, scenario and report tests. Left out, because they cannot see a mutant or cannot give
// the same verdict twice: real-time and socket tests (test/live, test/differential, test/browser),
// the CLI tests (child processes and worker threads, where Stryker's coverage cannot follow),
// the source-text rules (architecture, style, readme, the two purity tests: they read the
// instrumented copy of src/, not behaviour) and the property tests (unseeded random inputs, so a
// mutant's verdict could change between runs and the incremental file would keep a stale one).

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/model/**/*.test.ts', 'test/scenario/**/*.test.ts', 'test/report/**/*.test.ts', 'test/sim/**/*.test.ts', 'test/determinism.test.ts', 'test/scenarios.test.ts'],
    exclude: ['test/report/purity.test.ts', 'test/scenario/purity.test.ts'],
    testTimeout: 60_000,
  },
});
