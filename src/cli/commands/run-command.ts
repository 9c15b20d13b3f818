// `lbsim run FILE`: load, simulate, print the report (text or JSON), write the event log, access
// log and HTML report, and exit 1 when an `Expect` assertion fails.

import { readFileSync } from 'node:fs';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { evaluateExpectations } from '../../report/machine/expectations.js';
import { renderText } from '../../report/text/render-text.js';
import { toJsonSummary } from '../../report/machine/summary-json.js';
import { simulate, type SimulateOptions } from '../../simulate.js';
import type { RunResult } from '../../model/run/result.js';
import { replayScenario, replaySummaryLines } from '../../replay/run-replay.js';
import { ExitCode } from '../exit-codes.js';
import { progressFor } from '../output/progress.js';
import { loadOrExit, applyOverrides, type Overrides } from '../load-scenario.js';
import { openRunOutputs, type OutputOptions, type RunOutputs } from '../output/run-outputs.js';

export interface RunOptions extends Overrides, OutputOptions {
  format: 'text' | 'json';
  color: boolean;
}

/** A plain run finishes synchronously; a replay reads its log asynchronously. */
export function runCommand(file: string, options: RunOptions): number | Promise<number> {
  const scenario = applyOverrides(loadOrExit(file), options);
  // Opened before the run: an unwritable path fails in milliseconds, not after a long simulation.
  const outputs = openRunOutputs(scenario, options);
  const progress = progressFor(expectedRequests(scenario));
  const simulateOptions: SimulateOptions = {
    ...(outputs.sink ? { sink: outputs.sink, logRequests: outputs.logRequests } : {}),
    ...(progress ? { onProgress: (simulatedMs: number, totalMs: number) => progress.update(simulatedMs, totalMs) } : {}),
  };
  const done = () => {
    progress?.stop();
    outputs.close();
  };
  if (scenario.traffic.replay !== undefined) {
    return replayScenario(scenario, simulateOptions)
      .finally(done)
      .then(({ result, stats }) => {
        for (const line of replaySummaryLines(stats!)) process.stderr.write(`${line}\n`);
        return report(file, scenario, result, options, outputs);
      });
  }
  let result;
  try {
    result = simulate(scenario, simulateOptions);
  } finally {
    done();
  }
  return report(file, scenario, result, options, outputs);
}

function report(file: string, scenario: ResolvedScenario, result: RunResult, options: RunOptions, outputs: RunOutputs): number {
  const summaryWithoutExpectations = toJsonSummary(result) as unknown as Record<string, unknown>;
  const expectations = evaluateExpectations(summaryWithoutExpectations, scenario.expect);
  if (outputs.html) {
    const textReport = renderText(result, { color: false, expectations });
    outputs.html.write({ result, expectations, scenarioText: readFileSync(file, 'utf8'), textReport });
  }
  if (options.format === 'json') {
    process.stdout.write(JSON.stringify(toJsonSummary(result, expectations), null, 2) + '\n');
  } else {
    process.stdout.write(renderText(result, { color: options.color, expectations }));
  }
  return expectations.every((e) => e.passed) ? ExitCode.ok : ExitCode.expectationsFailed;
}

function expectedRequests(scenario: ResolvedScenario): number {
  // A replay's progress is simulated time; its request count is unknown until the log is read.
  if (scenario.traffic.replay !== undefined) return Infinity;
  const peakRate = Math.max(scenario.traffic.rate, ...scenario.traffic.pattern.map((point) => point.rate));
  return (peakRate * scenario.durationMs) / 1000;
}
