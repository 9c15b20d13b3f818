// Compares the real balancer's Observed with lbsim's, per phase of the timeline: counts per status
// and per (status, label), each health transition's time, and the median latency of each (status,
// label) pair. Tolerances are derived per phase from the run's own measured errors (see the test file).

import type { Answer, Observed, Transition } from './observations.js';

export interface Phase {
  name: string;
  fromS: number;
  toS: number;
}

export interface Tolerances {
  ratePerS: number;
  /** Scenario seconds at which the instances changed (every event's start and end). */
  faultInstantsS: number[];
  /** Alignment error of scenario time 0 plus the client's worst send lateness, in seconds. */
  timingErrorS: number;
  transitionS: number;
  latencyS: number;
  /** nginx counts fail_timeout on whole seconds: a server's return may move by up to this much. */
  returnWindowS: number;
  /** lbsim's times at which a disabled server may be tried again (nginx); empty for HAProxy. */
  returnsS: number[];
}

export interface CountRow {
  phase: string;
  key: string;
  real: number;
  lbsim: number;
  tolerance: number;
}

export interface TransitionRow {
  instance: string;
  to: string;
  realS: number | null;
  lbsimS: number | null;
}

export interface LatencyRow {
  phase: string;
  key: string;
  realS: number;
  lbsimS: number;
  real: number;
  lbsim: number;
}

export interface Comparison {
  counts: CountRow[];
  transitions: TransitionRow[];
  latencies: LatencyRow[];
  /** Human-readable lines for everything outside its tolerance. */
  disagreements: string[];
}

const inPhase = (phase: Phase, t: number) => t >= phase.fromS && t < phase.toS;
const statusKey = (answer: Answer) => String(answer.status);
const pairKey = (answer: Answer) => `${answer.status} ${answer.label}`;

function countBy(answers: Answer[], key: (a: Answer) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(key(answer), (counts.get(key(answer)) ?? 0) + 1);
  return counts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Arrivals (k / rate) in [fromS, toS]: how many requests a time window can move between answers. */
function arrivalsWithin(fromS: number, toS: number, ratePerS: number): number {
  return Math.max(0, Math.floor(toS * ratePerS + 1e-9) - Math.ceil(fromS * ratePerS - 1e-9) + 1);
}

/** Pairs transitions per instance and direction, in order; one side's extras pair with null. */
export function pairTransitions(real: Transition[], lbsim: Transition[]): TransitionRow[] {
  const rows: TransitionRow[] = [];
  const keys = new Set([...real, ...lbsim].map((t) => `${t.instance} ${t.to}`));
  for (const key of [...keys].sort()) {
    const r = real.filter((t) => `${t.instance} ${t.to}` === key);
    const l = lbsim.filter((t) => `${t.instance} ${t.to}` === key);
    for (let i = 0; i < Math.max(r.length, l.length); i++) {
      const [instance, to] = key.split(' ') as [string, string];
      rows.push({ instance, to, realS: r[i]?.atS ?? null, lbsimS: l[i]?.atS ?? null });
    }
  }
  return rows.sort((a, b) => (a.realS ?? a.lbsimS!) - (b.realS ?? b.lbsimS!));
}

/**
 * How many requests of `phase` may honestly land on another answer: one window of ±timingError
 * around each fault instant, the arrivals between the real and the simulated time of each paired
 * transition, and (nginx) ±returnWindow around each return.
 */
function phaseTolerance(phase: Phase, tol: Tolerances, transitions: TransitionRow[]): number {
  const clip = (from: number, to: number) => arrivalsWithin(Math.max(from, phase.fromS), Math.min(to, phase.toS - 1e-9), tol.ratePerS);
  let moved = 0;
  for (const t of tol.faultInstantsS) if (t >= phase.fromS - tol.timingErrorS && t <= phase.toS + tol.timingErrorS) moved += clip(t - tol.timingErrorS, t + tol.timingErrorS);
  for (const row of transitions) {
    if (row.realS === null || row.lbsimS === null) continue;
    moved += clip(Math.min(row.realS, row.lbsimS) - tol.timingErrorS, Math.max(row.realS, row.lbsimS) + tol.timingErrorS);
  }
  for (const t of tol.returnsS) moved += clip(t - tol.returnWindowS, t + tol.returnWindowS);
  return moved;
}

export function compare(real: Observed, lbsim: Observed, phases: Phase[], tol: Tolerances): Comparison {
  const transitions = pairTransitions(real.transitions, lbsim.transitions);
  const counts: CountRow[] = [];
  const latencies: LatencyRow[] = [];
  const disagreements: string[] = [];
  for (const phase of phases) {
    const r = real.answers.filter((a) => inPhase(phase, a.arrivalS));
    const l = lbsim.answers.filter((a) => inPhase(phase, a.arrivalS));
    const tolerance = phaseTolerance(phase, tol, transitions);
    for (const key of [statusKey, pairKey]) {
      const rc = countBy(r, key);
      const lc = countBy(l, key);
      for (const k of [...new Set([...rc.keys(), ...lc.keys()])].sort()) {
        const row = { phase: phase.name, key: k, real: rc.get(k) ?? 0, lbsim: lc.get(k) ?? 0, tolerance };
        counts.push(row);
        if (Math.abs(row.real - row.lbsim) > tolerance) disagreements.push(`${phase.name}: ${k}: real ${row.real}, lbsim ${row.lbsim} (tolerance ±${tolerance})`);
      }
    }
    const pairs = new Set(r.map(pairKey).filter((k) => l.some((a) => pairKey(a) === k)));
    for (const k of [...pairs].sort()) {
      const rl = r.filter((a) => pairKey(a) === k).map((a) => a.latencyS);
      const ll = l.filter((a) => pairKey(a) === k).map((a) => a.latencyS);
      const row = { phase: phase.name, key: k, realS: median(rl), lbsimS: median(ll), real: rl.length, lbsim: ll.length };
      latencies.push(row);
      if (Math.abs(row.realS - row.lbsimS) > tol.latencyS) disagreements.push(`${phase.name}: ${k}: median latency real ${row.realS.toFixed(3)} s, lbsim ${row.lbsimS.toFixed(3)} s (tolerance ±${tol.latencyS} s)`);
    }
  }
  for (const row of transitions) {
    if (row.realS === null || row.lbsimS === null) disagreements.push(`${row.instance} ${row.to}: real ${row.realS?.toFixed(2) ?? 'none'}, lbsim ${row.lbsimS?.toFixed(2) ?? 'none'}`);
    else if (Math.abs(row.realS - row.lbsimS) > tol.transitionS) disagreements.push(`${row.instance} ${row.to}: real ${row.realS.toFixed(2)} s, lbsim ${row.lbsimS.toFixed(2)} s (tolerance ±${tol.transitionS} s)`);
  }
  return { counts, transitions, latencies, disagreements };
}

/** The comparison as plain text tables, for the test's output and the README. */
export function renderComparison(title: string, comparison: Comparison): string {
  const lines = [`== ${title}`, 'phase          | status label                        | real | lbsim | ±tol'];
  for (const row of comparison.counts) lines.push(`${row.phase.padEnd(14)} | ${row.key.padEnd(35)} | ${String(row.real).padStart(4)} | ${String(row.lbsim).padStart(5)} | ${row.tolerance}`);
  lines.push('transition     | real s  | lbsim s | diff s');
  for (const row of comparison.transitions) {
    const diff = row.realS !== null && row.lbsimS !== null ? (row.lbsimS - row.realS).toFixed(2) : '-';
    lines.push(`${`${row.instance} ${row.to}`.padEnd(14)} | ${row.realS?.toFixed(2).padStart(7) ?? '   none'} | ${row.lbsimS?.toFixed(2).padStart(7) ?? '   none'} | ${diff}`);
  }
  lines.push('phase          | status label (median latency)      | real s  | lbsim s | n real/lbsim');
  for (const row of comparison.latencies) lines.push(`${row.phase.padEnd(14)} | ${row.key.padEnd(35)} | ${row.realS.toFixed(3).padStart(7)} | ${row.lbsimS.toFixed(3).padStart(7)} | ${row.real}/${row.lbsim}`);
  lines.push(comparison.disagreements.length ? `disagreements:\n  ${comparison.disagreements.join('\n  ')}` : 'no disagreement');
  return lines.join('\n');
}
