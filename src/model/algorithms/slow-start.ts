// Slow start (`Balancing.SlowStart`), as ALB and Envoy do it: an instance that turns InService
// while others already serve gets a weight that rises linearly over the window, from a floor of
// 10% (Envoy's min_weight_percent default; ALB documents only "linear"). It ends early when the
// instance leaves service. Weights step every window/30 at the first pick after each step, so a
// pick costs O(1) more and each step one O(N) rebuild of the wrapped algorithm.

import type { Algorithm, Candidate } from './algorithm.js';
import { CandidatePositions } from './support/candidate-positions.js';

export const SLOW_START_WEIGHT_MIN = 0.1;
const STEPS_PER_WINDOW = 30;

export interface Clock {
  nowMs(): number;
}

/** Each instance's share of its weight now: 1, or its place on the ramp. */
export class SlowStartRamp {
  private fraction = new Float64Array(0);
  private startMs = new Float64Array(0);
  private ramping: number[] = [];
  nextStepMs = Infinity;

  constructor(readonly windowMs: number) {}

  of(index: number): number {
    return index < this.fraction.length ? this.fraction[index]! : 1;
  }

  get active(): boolean {
    return this.ramping.length > 0;
  }

  begin(index: number, nowMs: number): void {
    if (index >= this.fraction.length) {
      const size = index + 1;
      this.fraction = Float64Array.from({ length: size }, (_, i) => this.fraction[i] ?? 1);
      this.startMs = Float64Array.from({ length: size }, (_, i) => this.startMs[i] ?? 0);
    }
    if (!this.ramping.includes(index)) this.ramping.push(index);
    this.startMs[index] = nowMs;
  }

  /** Ends the ramps of instances that are no longer candidates. */
  keepOnly(isCandidate: (index: number) => boolean): void {
    for (const index of this.ramping) if (!isCandidate(index)) this.fraction[index] = 1;
    this.ramping = this.ramping.filter(isCandidate);
  }

  update(nowMs: number): void {
    for (const index of this.ramping) {
      const share = (nowMs - this.startMs[index]!) / this.windowMs;
      this.fraction[index] = share >= 1 ? 1 : Math.max(SLOW_START_WEIGHT_MIN, share);
    }
    this.ramping = this.ramping.filter((index) => this.fraction[index]! < 1);
    this.nextStepMs = this.ramping.length > 0 ? nowMs + this.windowMs / STEPS_PER_WINDOW : Infinity;
  }
}

/** Wraps a weighted algorithm whose weights read `ramp`; rebuilds it as the ramp steps. */
export function withSlowStart(inner: Algorithm, ramp: SlowStartRamp, clock: Clock): Algorithm {
  const positions = new CandidatePositions();
  const reset = (candidates: readonly Candidate[]): void => {
    const nowMs = clock.nowMs();
    // ALB: targets registered into an empty group skip slow start; there is no one to spare them.
    if (positions.current.length > 0) {
      for (const c of candidates) if (c.belief === 'InService' && positions.of(c.index) < 0) ramp.begin(c.index, nowMs);
    }
    positions.reset(candidates);
    ramp.keepOnly((index) => positions.of(index) >= 0);
    ramp.update(nowMs);
    inner.reset?.(candidates);
  };
  const wrapped: Algorithm = {
    reset,
    pick(candidates, rng, request) {
      if (ramp.active && clock.nowMs() >= ramp.nextStepMs) {
        ramp.update(clock.nowMs());
        inner.reset?.(positions.current);
      }
      return inner.pick(candidates, rng, request);
    },
  };
  if (inner.outstandingChanged) wrapped.outstandingChanged = inner.outstandingChanged;
  if (inner.answered) wrapped.answered = inner.answered;
  return wrapped;
}
