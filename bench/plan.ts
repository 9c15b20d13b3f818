// What the benchmark measures: each workload at the simulated duration its figures need,
// narrowed to the workloads asked for and shortened by --quick.

import type { Options } from './options.js';
import { SCALE_ALGORITHMS, SCALE_SIZES, sizeText } from './scale-workloads.js';

const QUICK_FACTOR = 0.1;

export interface Measurement {
  /** Unique label in the output. */
  label: string;
  workload: string;
  durationS: number;
}

// The headline workload runs at 1,000 s; its 100 s twin (-short) exists for the memory ratio.
const PLAN: Measurement[] = [
  { label: 'rr-100x10k', workload: 'rr-100x10k', durationS: 1000 },
  { label: 'bare-100x10k', workload: 'bare-100x10k', durationS: 1000 },
  { label: 'rr-100x10k-short', workload: 'rr-100x10k', durationS: 100 },
  { label: 'rr-100x10k-http-health', workload: 'rr-100x10k-http-health', durationS: 100 },
  // 20 req/s is tiny, so a long simulated span gives it a million requests to time.
  { label: 'lor-2x20', workload: 'lor-2x20', durationS: 50_000 },
  // SimPy is about two orders slower: a short span, compared as a rate (requests per wall second).
  { label: 'simpy-100x10k', workload: 'simpy-100x10k', durationS: 20 },
];

// Each algorithm at both pool sizes: 5 s simulated is 500,000 requests; 20 s of picks is 2 million.
for (const { label } of SCALE_ALGORITHMS) {
  for (const size of SCALE_SIZES) {
    for (const [kind, durationS] of [['scale', 5], ['pick', 20]] as const) {
      const name = `${kind}-${label}-${sizeText(size)}`;
      PLAN.push({ label: name, workload: name, durationS });
    }
  }
}

export const SIMPY_WORKLOAD = 'simpy-100x10k';

export const isScaleWorkload = (name: string) => name.startsWith('scale-') || name.startsWith('pick-');

export function planFor(options: Options): Measurement[] {
  const scale = options.quick ? QUICK_FACTOR : 1;
  const wanted = (m: Measurement) =>
    options.workloads.length > 0 ? options.workloads.includes(m.workload) : !options.scaleOnly || isScaleWorkload(m.workload);
  return PLAN.filter(wanted).map((m) => ({
    ...m,
    durationS: m.durationS * scale,
  }));
}
