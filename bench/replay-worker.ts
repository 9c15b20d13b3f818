// One replay-benchmark run in its own process, so its peak RSS is its own:
// `replay-worker synthetic|replay SCENARIO.json` prints one JSON line (requests, wall seconds, peak RSS).

import { performance } from 'node:perf_hooks';
import { replayScenario } from '../src/replay/run-replay.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { simulate } from '../src/simulate.js';

export interface ReplayWorkerReport {
  mode: 'synthetic' | 'replay';
  requests: number;
  wallS: number;
  peakRssMiB: number;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'synthetic' && mode !== 'replay') || file === undefined) {
    process.stderr.write('usage: replay-worker synthetic|replay SCENARIO.json\n');
    process.exit(2);
  }
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  // Timed from the scenario loaded: a replay's reading and parsing of the log is inside.
  const startMs = performance.now();
  const result = mode === 'replay' ? (await replayScenario(loaded.scenario)).result : simulate(loaded.scenario);
  const wallS = (performance.now() - startMs) / 1000;
  const report: ReplayWorkerReport = { mode, requests: result.requests.total, wallS, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
