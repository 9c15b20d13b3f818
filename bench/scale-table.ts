// The algorithm scale table: for each algorithm, nanoseconds per request over 10 and over 10,000
// instances (whole runs) and per pick (the algorithm alone), and how much the larger pool costs.

import { fixed, table } from './format.js';
import { SCALE_ALGORITHMS, SCALE_SIZES, sizeText } from './scale-workloads.js';
import type { Summary } from './summary.js';

/** Median wall nanoseconds per request (or per pick) of a measurement, if it ran. */
function nanosEach(summaries: Map<string, Summary>, label: string): number | undefined {
  const s = summaries.get(label);
  return s === undefined ? undefined : (s.wallS / s.requests) * 1e9;
}

/** Median wall nanoseconds per request with the setup-only time taken off: the cost a request adds. */
function nanosEachBeyondSetup(summaries: Map<string, Summary>, label: string): number | undefined {
  const s = summaries.get(label);
  return s === undefined || s.setupS === undefined ? undefined : ((s.wallS - s.setupS) / s.requests) * 1e9;
}

/** Issue 17: a request over 10,000 instances costs at most this many times one over 10. */
const TARGET_SCALE_RATIO_MAX = 1.5;

const shown = (ns: number | undefined) => (ns === undefined ? 'n/a' : fixed(ns, 0));
const ratio = (small: number | undefined, large: number | undefined) => (small === undefined || large === undefined ? 'n/a' : `${fixed(large / small, 2)}×`);

export function printScaleTable(summaries: Map<string, Summary>): void {
  const [small, large] = SCALE_SIZES.map(sizeText) as [string, string];
  const rows = SCALE_ALGORITHMS.map(({ label }) => {
    const [runSmall, runLarge] = [nanosEach(summaries, `scale-${label}-${small}`), nanosEach(summaries, `scale-${label}-${large}`)];
    const [netSmall, netLarge] = [nanosEachBeyondSetup(summaries, `scale-${label}-${small}`), nanosEachBeyondSetup(summaries, `scale-${label}-${large}`)];
    const [pickSmall, pickLarge] = [nanosEach(summaries, `pick-${label}-${small}`), nanosEach(summaries, `pick-${label}-${large}`)];
    return [label, shown(runSmall), shown(runLarge), ratio(runSmall, runLarge), shown(netSmall), shown(netLarge), ratio(netSmall, netLarge), shown(pickSmall), shown(pickLarge), ratio(pickSmall, pickLarge)];
  });
  if (rows.every((row) => row.slice(1).every((cell) => cell === 'n/a'))) return;
  console.log('Algorithms at 100,000 req/s, 10 vs 10,000 instances (median wall ns per request: the whole run, the run beyond its');
  console.log('setup (the same pool simulated for 0 s, timed apart), and per pick alone):');
  console.log(
    table(
      ['algorithm', `run ns/req ${small}`, `run ns/req ${large}`, 'run ratio', `beyond setup ${small}`, `beyond setup ${large}`, 'ratio', `pick ns ${small}`, `pick ns ${large}`, 'pick ratio'],
      rows,
      [false, true, true, true, true, true, true, true, true, true],
    ),
  );
  const worst = (ratios: Array<number | undefined>) => (ratios.some((r) => r === undefined) ? undefined : Math.max(...(ratios as number[])));
  const verdictFor = (label: string, pick: (algorithm: string) => number | undefined) => {
    const highest = worst(SCALE_ALGORITHMS.map(({ label: algorithm }) => pick(algorithm)));
    if (highest !== undefined) console.log(`  ${label}: worst ${fixed(highest, 2)}× (target <= ${TARGET_SCALE_RATIO_MAX}× for every algorithm)  ${highest <= TARGET_SCALE_RATIO_MAX ? 'PASS' : 'MISS'}`);
  };
  const runRatio = (nanos: typeof nanosEach) => (algorithm: string) => {
    const [a, b] = [nanos(summaries, `scale-${algorithm}-${small}`), nanos(summaries, `scale-${algorithm}-${large}`)];
    return a === undefined || b === undefined ? undefined : b / a;
  };
  verdictFor('10,000 vs 10 instances per request, whole run', runRatio(nanosEach));
  verdictFor('10,000 vs 10 instances per request, beyond setup', runRatio(nanosEachBeyondSetup));
  console.log('');
}
