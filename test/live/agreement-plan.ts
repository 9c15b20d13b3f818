// How each lesson is played live in the agreement tests. A lesson's request count does not shrink
// with speed, so most are thinned: rate and workers divided by the same factor (a divisor of the
// workers: each instance as busy as in the lesson, with fewer workers), simulated on the same setup.

import type { SimulationSetup } from '../../src/model/config.js';

export interface LessonPlan {
  /** Scenario time runs this many times faster than real time. */
  speed: number;
  /** Rate and each instance's workers divided by this (1: the lesson as written). */
  thin: number;
  /** Cut the run here (scenario ms) when the story is told by then; null: the full Duration. */
  durationMs: number | null;
  /** Checks that cannot agree on loopback, why, and what the live run must show instead. */
  differs?: KnownDifference;
  /**
   * A chaotic lesson: one probe's borderline result sends a run its own way, so the live run is one
   * more trajectory, not the seed's. It must agree with the simulation at one of this many seeds.
   */
  seeds?: number;
}

export interface KnownDifference {
  /** Names of the checks exempted (as compareLiveToSimulation names them). */
  checks: string[];
  why: string;
  /** The only gateway-error reasons the live run may show. */
  liveReasons: string[];
  /** Live, these reasons together count what the first alone counts in the simulation (same tolerance as the totals). */
  sameEvent?: [string, ...string[]];
}

/** 8 workers (the default) become 1, 32 and 64 become 4 and 8; 20–30 req/s become 2.5–3.75. */
const DEFAULT_PLAN: LessonPlan = { speed: 40, thin: 8, durationMs: null };

/** Lessons that need something other than the default, and why. */
export const LESSON_PLANS: Record<string, Partial<LessonPlan>> = {
  // 2 req/s: nothing to thin; 10 minutes at speed 60 take 10 s.
  'keep-alive-race': {
    speed: 60,
    thin: 1,
    differs: {
      checks: ['reasons and statuses'],
      why:
        'the race needs a request to leave within the one-way delay (0.5 ms) of the instance closing the ' +
        'connection; on loopback that window is tens of microseconds and real timers jitter by a millisecond, ' +
        'so the live run meets it rarely or never (and undici cannot tell a reused connection, so a race ' +
        'it meets reads as UpstreamReset)',
      liveReasons: ['KeepAliveRace', 'UpstreamReset'],
    },
  },
  'keep-alive-race-fixed': { speed: 60, thin: 1 },
  // Overloaded by design: thinned by 2 only (4 workers become 2, 50 and 100 req/s become 25 and 50;
  // one worker each would make the queues far more variable than the lesson's), cut once the first
  // incident is over. The run is chaotic: a probe whose wait in the queue is within a hair of the 5 s
  // Timeout passes in one run and fails in the other, and from there the two go their own ways.
  'overload-health-checks-time-out': { speed: 10, thin: 2, durationMs: 265_000, seeds: 10 },
  // Losing half of 4 workers must still lose workers: thinned by 2 only, cut after a minute of storm.
  'retries-amplify-load': {
    speed: 8,
    thin: 2,
    durationMs: 200_000,
    differs: {
      checks: ['reasons and statuses'],
      why:
        'a full instance refuses new connections, as the model refuses every request to it; a request that ' +
        'reaches it on a connection opened before it filled (or that Node closes as idle at that moment) is ' +
        'reset instead, so live splits the refusals into ConnectRefused and UpstreamReset',
      liveReasons: ['ConnectRefused', 'UpstreamReset', 'ResponseTimeout'],
      sameEvent: ['ConnectRefused', 'UpstreamReset'],
    },
  },
  // 10 req/s: thinned by 4 only, 2 workers each.
  'seed-elb-health-check': { speed: 40, thin: 4 },
};

export function planFor(lesson: string): LessonPlan {
  return { ...DEFAULT_PLAN, ...LESSON_PLANS[lesson] };
}

/** The lesson as the plan plays it: thinned and possibly cut short; the same setup for both runs. */
export function applyPlan(setup: SimulationSetup, plan: LessonPlan): SimulationSetup {
  const { thin } = plan;
  return {
    ...setup,
    durationMs: plan.durationMs ?? setup.durationMs,
    traffic: { ...setup.traffic, rate: setup.traffic.rate / thin, pattern: setup.traffic.pattern.map((point) => ({ ...point, rate: point.rate / thin })) },
    instances: setup.instances.map((instance) => ({ ...instance, concurrency: Math.max(1, Math.round(instance.concurrency / thin)) })),
  };
}
