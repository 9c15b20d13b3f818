// Mutation testing (`npm run mutation`; how to read the results: test/MUTATION.md): the model, the
// scenario resolver and validation, and the report's number-producing parts, against the in-process
// tests of test/mutation/vitest.mutation.config.ts. Incremental: only changed code or tests re-run.

/** The report files that compute numbers (figures, intervals, buckets, times), not the prose around them. */
const REPORT_NUMBERS = [
  'src/report/text/stats.ts',
  'src/report/text/number-text.ts',
  'src/report/text/format.ts',
  'src/report/text/deploy-windows.ts',
  'src/report/text/fault-end.ts',
  'src/report/machine/summary-json.ts',
  'src/report/machine/expectations.ts',
  'src/report/machine/sweep-document.ts',
  'src/report/html/time-series.ts',
  'src/report/explain/explain-exposure.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // One core for Stryker, one left for everything else on a two-core machine.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  mutate: ['src/model/**/*.ts', 'src/scenario/**/*.ts', ...REPORT_NUMBERS],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // The first run over every test, with per-test coverage, takes minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 85, low: 70, break: null },
};
