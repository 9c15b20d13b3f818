// Smooth weighted round robin over a virtual clock (WF²Q+ order: among instances whose turn has
// started, the one whose turn ends first), O(log N) a pick through two heaps: weighted-round-robin.ts
// falls back to it for weights with no short nginx period. Weights 5,1,1 give a b a a c a a here.

import type { Algorithm, Candidate, WeightOf } from '../algorithm.js';
import { CandidatePositions } from './candidate-positions.js';
import { KeyedHeap } from './keyed-heap.js';

export class VirtualClockRoundRobin implements Algorithm {
  private readonly positions = new CandidatePositions();
  // By instance index: when its current turn started and ends (virtual time), its weight.
  private turnStart = new Float64Array(0);
  private turnEnd = new Float64Array(0);
  private weights = new Float64Array(0);
  // Turns started (by virtual time `now`) wait in `started` by end; the rest in `waiting` by start.
  private readonly started = new KeyedHeap(this.turnEnd);
  private readonly waiting = new KeyedHeap(this.turnStart);
  private now = 0;
  private totalWeight = 0;

  constructor(private readonly weightOf: WeightOf) {}

  reset(candidates: readonly Candidate[]): void {
    let size = 0;
    for (const candidate of candidates) size = Math.max(size, candidate.index + 1);
    this.grow(size);
    // Instances that stay keep their place in the cycle; newcomers start a turn now.
    const stays = candidates.map((candidate) => this.positions.of(candidate.index) >= 0);
    this.positions.reset(candidates);
    const { turnStart, turnEnd, weights } = this;
    this.totalWeight = 0;
    this.started.clear(turnEnd);
    this.waiting.clear(turnStart);
    candidates.forEach((candidate, i) => {
      const item = candidate.index;
      weights[item] = this.weightOf(candidate);
      this.totalWeight += weights[item]!;
      // Shifting by `now` keeps the numbers small over long runs.
      turnStart[item] = stays[i] ? turnStart[item]! - this.now : 0;
      turnEnd[item] = turnStart[item]! + 1 / weights[item]!;
    });
    this.now = 0;
    for (const candidate of candidates) (turnStart[candidate.index]! <= 0 ? this.started : this.waiting).push(candidate.index);
  }

  pick(candidates: readonly Candidate[]): number {
    if (candidates !== this.positions.current) return this.pickAmong(candidates);
    const { started, waiting, turnStart } = this;
    if (started.size === 0) this.now = Math.max(this.now, turnStart[waiting.peek()]!);
    while (waiting.size > 0 && turnStart[waiting.peek()]! <= this.now) started.push(waiting.pop());
    const item = started.pop();
    this.take(item);
    return this.positions.of(item);
  }

  private grow(size: number): void {
    if (size <= this.weights.length) return;
    const copy = (from: Float64Array) => Float64Array.from({ length: size }, (_, i) => from[i] ?? 0);
    [this.turnStart, this.turnEnd, this.weights] = [copy(this.turnStart), copy(this.turnEnd), copy(this.weights)];
  }

  /** Takes one turn of `item` and advances the virtual clock by one pick's worth. */
  private take(item: number): void {
    const { turnStart, turnEnd } = this;
    turnStart[item] = turnEnd[item]!;
    turnEnd[item] = turnStart[item]! + 1 / this.weights[item]!;
    this.now += 1 / this.totalWeight;
    (turnStart[item]! <= this.now ? this.started : this.waiting).push(item);
  }

  /** A retry's filtered array: the same order, found by a scan. */
  private pickAmong(candidates: readonly Candidate[]): number {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) if (this.before(candidates[i]!.index, candidates[best]!.index)) best = i;
    const item = candidates[best]!.index;
    const heap = this.started.has(item) ? this.started : this.waiting.has(item) ? this.waiting : null;
    if (heap === null) return best;
    heap.remove(item);
    this.take(item);
    return best;
  }

  /** Turns already started come first, by end; then the earliest to start. */
  private before(a: number, b: number): boolean {
    const { turnStart, turnEnd, now } = this;
    const [aStarted, bStarted] = [turnStart[a]! <= now, turnStart[b]! <= now];
    if (aStarted !== bStarted) return aStarted;
    const [ka, kb] = aStarted ? [turnEnd[a]!, turnEnd[b]!] : [turnStart[a]!, turnStart[b]!];
    return ka < kb || (ka === kb && a < b);
  }
}
