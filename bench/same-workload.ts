// The same-workload check: the simulator, the bare loop and SimPy should see the same queues,
// so each one's mean latency is compared with queueing theory and with each other.

import { fixed, integer } from './format.js';
import type { Summary } from './summary.js';
import { RR_100X10K } from './workloads.js';

/** Mean sojourn time of an E_k/M/1 queue (round-robin turns Poisson arrivals into Erlang-k gaps). */
function erlangQueueMeanLatencyMs(k: number, perQueueRatePerMs: number, meanServiceMs: number): number {
  const serviceRatePerMs = 1 / meanServiceMs;
  // sigma = A*(mu(1 - sigma)), A* the Laplace transform of the Erlang-k gap; iteration converges for load < 1.
  let sigma = 0.5;
  for (let i = 0; i < 10_000; i++) {
    sigma = Math.pow((k * perQueueRatePerMs) / (k * perQueueRatePerMs + serviceRatePerMs * (1 - sigma)), k);
  }
  return 1 / (serviceRatePerMs * (1 - sigma));
}

function printAgainstTheory(s: Summary | undefined, what: string, theoryMs: number): void {
  if (!s) return;
  const diffPercent = (100 * (s.meanLatencyMs - theoryMs)) / theoryMs;
  console.log(`  ${what.padEnd(32)} ${fixed(s.meanLatencyMs, 3)}  (${diffPercent >= 0 ? '+' : ''}${fixed(diffPercent, 2)}% vs theory)`);
}

export function printSameWorkloadCheck(summaries: Map<string, Summary>): void {
  const full = summaries.get('rr-100x10k');
  const bare = summaries.get('bare-100x10k');
  const simpy = summaries.get('simpy-100x10k');
  const perQueueRatePerMs = RR_100X10K.ratePerS / 1000 / RR_100X10K.instanceCount;
  const theoryMs = erlangQueueMeanLatencyMs(RR_100X10K.instanceCount, perQueueRatePerMs, RR_100X10K.meanServiceMs);
  console.log('Same-workload check (mean latency, ms):');
  console.log(`  E_${RR_100X10K.instanceCount}/M/1 theory at 70% load:   ${fixed(theoryMs, 3)}`);
  printAgainstTheory(full, `full simulator, ${full ? integer.format(full.measurement.durationS) : ''} s:`, theoryMs);
  printAgainstTheory(bare, `bare loop, ${bare ? integer.format(bare.measurement.durationS) : ''} s:`, theoryMs);
  printAgainstTheory(simpy, `SimPy, ${simpy ? integer.format(simpy.measurement.durationS) : ''} s:`, theoryMs);
  if (full && bare) {
    const diffPercent = (100 * Math.abs(full.meanLatencyMs - bare.meanLatencyMs)) / bare.meanLatencyMs;
    console.log(`  full vs bare: ${fixed(diffPercent, 3)}% apart${diffPercent < 3 ? ' (agree)' : ' (DISAGREE: the workloads differ)'}`);
  }
  console.log('');
}
