// weighted-round-robin: nginx's smooth weighted round robin (weights 5,1,1 give a a b a c a a),
// one period played ahead so a pick is O(1) amortised; weights without a short period fall back to
// O(log N) heaps. With equal weights it is plain round robin. Slow start changes the weights.

import { baseWeight, type Algorithm, type Candidate, type WeightOf } from './algorithm.js';
import { CandidatePositions } from './support/candidate-positions.js';
import { integerRatios } from './support/integer-weights.js';
import { PERIOD_MAX, smoothSchedule } from './support/smooth-schedule.js';
import { VirtualClockRoundRobin } from './support/virtual-clock-round-robin.js';

export function createWeightedRoundRobin(weightOf: WeightOf = baseWeight): Algorithm {
  return new WeightedRoundRobin(weightOf);
}

/**
 * The period (smooth-schedule.ts) is built over the candidates and weights at a reset: O(N + period
 * · distinct weights). Weights must reduce to whole numbers with a common denominator of at most
 * 1,000 (integer-weights.ts) and a period of at most 2^20 picks; otherwise (a slow-start ramp
 * mid-way, weights like 1 and 10⁶) VirtualClockRoundRobin picks: the same shares and smoothness,
 * O(log N), in another interleaving (a b a a c a a for 5,1,1).
 *
 * A reset keeps the period while the candidates are instances it was built over, at the same
 * weights, holding at least half its turns: the turns of instances out of service are skipped (at
 * most one skip per pick on average), so the others keep their order and exact shares, as nginx's
 * peers keep their current weights while one is down. Otherwise the period is rebuilt and resumes
 * at the same fraction of the way through, not at its start: resets can come faster than a period
 * (a flapping instance in a large pool), and restarting would hand the picks to the instances early
 * in the period. Both depend only on the sequence of resets and picks.
 */
class WeightedRoundRobin implements Algorithm {
  private readonly positions = new CandidatePositions();
  /** Instance indices, one period; null while the fallback picks. */
  private schedule: Int32Array | null = null;
  private cursor = 0;
  /** By instance index: the weight the period was built with (NaN: not in it), and its turns per period. */
  private builtWeight = new Float64Array(0);
  private turns = new Int32Array(0);
  private fallback: VirtualClockRoundRobin | null = null;
  /** Retry scratch: position in the filtered copy by instance index, -1 when absent. */
  private inRetry = new Int32Array(0);

  constructor(private readonly weightOf: WeightOf) {}

  reset(candidates: readonly Candidate[]): void {
    this.positions.reset(candidates);
    this.growScratch(candidates);
    if (candidates.length === 0 || this.keeps(candidates)) return;
    const through = this.schedule === null ? 0 : (this.cursor + 0.5) / this.schedule.length;
    const weights = candidates.map(this.weightOf);
    const ratios = integerRatios(weights, PERIOD_MAX);
    const order = ratios === null ? null : smoothSchedule(ratios);
    if (ratios === null || order === null) {
      this.schedule = null;
      // A fresh fallback after a period: places kept from its last use would be stale.
      this.fallback ??= new VirtualClockRoundRobin(this.weightOf);
      this.fallback.reset(candidates);
      return;
    }
    this.fallback = null;
    for (let t = 0; t < order.length; t++) order[t] = candidates[order[t]!]!.index;
    this.schedule = order;
    this.cursor = Math.floor(through * order.length);
    this.builtWeight = new Float64Array(this.inRetry.length).fill(NaN);
    this.turns = new Int32Array(this.inRetry.length);
    candidates.forEach((candidate, i) => {
      this.builtWeight[candidate.index] = weights[i]!;
      this.turns[candidate.index] = ratios[i]!;
    });
  }

  pick(candidates: readonly Candidate[]): number {
    const { schedule } = this;
    if (schedule === null) return this.fallback === null ? 0 : this.fallback.pick(candidates);
    if (candidates !== this.positions.current) return this.pickAmong(candidates, schedule);
    let at = this.cursor;
    for (let step = 0; step < schedule.length; step++) {
      const position = this.positions.of(schedule[at]!);
      at = at + 1 === schedule.length ? 0 : at + 1;
      if (position >= 0) {
        this.cursor = at;
        return position;
      }
    }
    return 0; // Unreachable: every candidate has turns in the period.
  }

  /** The period still serves `candidates`: all in it at their weights, with at least half its turns. */
  private keeps(candidates: readonly Candidate[]): boolean {
    if (this.schedule === null) return false;
    let live = 0;
    for (const candidate of candidates) {
      if (this.builtWeight[candidate.index] !== this.weightOf(candidate)) return false;
      live += this.turns[candidate.index]!;
    }
    return 2 * live >= this.schedule.length;
  }

  /**
   * A retry's filtered copy: the first of its instances the period reaches from the cursor, within
   * one period since each has turns in it. The cursor stays: first attempts keep their order.
   * O(size of the copy + distance walked).
   */
  private pickAmong(candidates: readonly Candidate[], schedule: Int32Array): number {
    this.growScratch(candidates);
    const inRetry = this.inRetry;
    candidates.forEach((candidate, i) => (inRetry[candidate.index] = i));
    let found = 0;
    for (let step = 0, at = this.cursor; step < schedule.length; step++) {
      if (inRetry[schedule[at]!]! >= 0) {
        found = inRetry[schedule[at]!]!;
        break;
      }
      at = at + 1 === schedule.length ? 0 : at + 1;
    }
    for (const candidate of candidates) inRetry[candidate.index] = -1;
    return found;
  }

  private growScratch(candidates: readonly Candidate[]): void {
    let size = this.inRetry.length;
    for (const candidate of candidates) size = Math.max(size, candidate.index + 1);
    if (size > this.inRetry.length) this.inRetry = new Int32Array(size).fill(-1);
  }
}
