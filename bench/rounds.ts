// Runs every measurement once per round, printing one line per run, and collects the reports
// of the runs that succeeded (a failed run is printed and left out of the medians).

import { runNodeWorker, runSimPy, type Python, type RunReport } from './children.js';
import { fixed, integer } from './format.js';
import { SIMPY_WORKLOAD, type Measurement } from './plan.js';

export function runRounds(measured: Measurement[], python: Python | null, roundCount: number): Map<string, RunReport[]> {
  // Rounds interleave the measurements so slow drift of the machine spreads over all of them.
  const runs = new Map<string, RunReport[]>(measured.map((m) => [m.label, []]));
  console.log('Runs (wall time covers the simulation only, not process start-up):');
  for (let round = 1; round <= roundCount; round++) {
    for (const m of measured) {
      const outcome = m.workload === SIMPY_WORKLOAD ? runSimPy(python!, m) : runNodeWorker(m);
      const prefix = `  ${m.label.padEnd(24)} ${(integer.format(m.durationS) + ' s').padStart(9)}  run ${round}/${roundCount}:`;
      if (typeof outcome === 'string') {
        console.log(`${prefix} FAILED ${outcome}`);
        continue;
      }
      runs.get(m.label)!.push(outcome);
      console.log(`${prefix} ${runLine(outcome)}`);
    }
  }
  console.log('');
  return runs;
}

function runLine(outcome: RunReport): string {
  const eventsText = outcome.eventsExecuted > 0 ? `, ${integer.format(outcome.eventsExecuted / outcome.wallS)} events/s` : '';
  return `${integer.format(outcome.requests)} req in ${fixed(outcome.wallS, 2)} s = ${integer.format(outcome.requests / outcome.wallS)} req/s${eventsText}, peak RSS ${fixed(outcome.peakRssMiB, 1)} MiB${outcome.api ? ` [${outcome.api}]` : ''}`;
}
