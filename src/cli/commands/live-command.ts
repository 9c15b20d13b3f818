// `lbsim live FILE`: plays a scenario on real sockets at a speed (instances, proxy, load generator
// on 127.0.0.1), then prints the report in `run`'s shape, in scenario time. Ctrl-C stops it early:
// everything started is closed and the report covers the time that ran.

import { compareLiveToSpread, renderAgreement, SPREAD_SEEDS } from '../../report/machine/live-agreement.js';
import { evaluateExpectations } from '../../report/machine/expectations.js';
import { renderText } from '../../report/text/render-text.js';
import { toJsonSummary } from '../../report/machine/summary-json.js';
import { simulateSeeds } from '../../simulate.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { applyOverrides, loadOrExit, type Overrides } from '../load-scenario.js';
import { progressFor } from '../output/progress.js';

export interface LiveOptions extends Overrides {
  speed?: string;
  /** Also simulate the scenario and say where the live run agrees and where it differs. */
  check?: boolean;
  format: 'text' | 'json';
  color: boolean;
}

/** The exit code of a run stopped by Ctrl-C, as shells report a SIGINT. */
const INTERRUPTED = 130;

export async function liveCommand(file: string, options: LiveOptions): Promise<number> {
  const scenario = applyOverrides(loadOrExit(file), options);
  const { liveLimits, MAX_SPEED } = await import('../../live/run/live-limits.js');
  const speed = parseSpeed(options.speed, MAX_SPEED);
  const limits = liveLimits(scenario, speed);
  if (limits.problems.length > 0) throw new UsageError(limits.problems.join('\n'));
  for (const warning of limits.warnings) process.stderr.write(`lbsim live: ${warning}\n`);
  const { runLive } = await import('../../live/run/live-run.js');
  const stop = new AbortController();
  // The first Ctrl-C closes everything and reports what ran; a second one quits at once.
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(INTERRUPTED);
    process.stderr.write('\nlbsim live: stopping: closing the load generator, proxy and instances (Ctrl-C again quits at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = progressFor(0, process.stderr, 'live');
  let result;
  try {
    result = await runLive(scenario, { speed, signal: stop.signal, onProgress: (ms, totalMs) => progress?.update(ms, totalMs) });
  } finally {
    progress?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (stop.signal.aborted) process.stderr.write(`lbsim live: stopped early; the report covers the first ${Math.round(result.setup.durationMs / 1000)} s of scenario time\n`);
  const expectations = evaluateExpectations(toJsonSummary(result) as unknown as Record<string, unknown>, scenario.expect);
  // Against the spread of what actually ran, simulated at several seeds (an early stop shortens both).
  const agreement = options.check === true ? compareLiveToSpread(simulateSeeds(result.setup, SPREAD_SEEDS), result, { speed }) : null;
  if (options.format === 'json') {
    const summary = toJsonSummary(result, expectations);
    process.stdout.write(JSON.stringify(agreement ? { ...summary, agreement } : summary, null, 2) + '\n');
  } else {
    process.stdout.write(renderText(result, { color: options.color, expectations }));
    if (agreement) process.stdout.write(`\n${renderAgreement(agreement, SPREAD_SEEDS).join('\n')}\n`);
  }
  if (stop.signal.aborted) return INTERRUPTED;
  const agrees = agreement === null || agreement.every((check) => check.passed);
  return expectations.every((e) => e.passed) && agrees ? ExitCode.ok : ExitCode.expectationsFailed;
}

function parseSpeed(text: string | undefined, maxSpeed: number): number {
  if (text === undefined) return 1;
  const speed = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(speed > 0 && speed <= maxSpeed)) throw new UsageError(`--speed: expected a number above 0 and at most ${maxSpeed}, got "${text}"`);
  return speed;
}
