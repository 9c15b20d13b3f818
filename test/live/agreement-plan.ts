// How each lesson is played live in the agreement tests. A lesson's request count does not shrink
// with speed, so most are thinned: rate and workers divided by the same factor (a divisor of the
// workers: each instance as busy as in the lesson, with fewer workers), simulated on the same setup.

import type { InstanceConfig, SimulationSetup } from '../../src/model/config.js';
import type { Reason } from '../../src/model/outcome.js';

export interface LessonPlan {
  /** Scenario time runs this many times faster than real time. */
  speed: number;
  /** Rate and each instance's workers divided by this (1: the lesson as written). */
  thin: number;
  /** Instances and rate multiplied by this: each instance as busy, more requests per scenario second. */
  thicken: number;
  /**
   * The rate alone divided by this, after thinning: instances less busy, for lessons whose story is a
   * fault and the health checks, not load. Fewer requests: the CPU the live runs need is per request.
   */
  lighten: number;
  /** Cut the run here (scenario ms) when the story is told by then; null: the full Duration. */
  durationMs: number | null;
  /** Moves the timeline (Events and rate Pattern) this much earlier: a shorter calm before the story. */
  earlierMs: number;
  /** Checks (by name) where live differs for a reason the model leaves out, and that reason. */
  differs?: { checks: string[]; why: string };
  /** Reasons live cannot tell apart in this lesson beyond the default ones, and why. */
  sameOnWire?: { reasons: Reason[]; why: string };
}

/**
 * 8 workers (the default) become 1; 20–30 req/s become 2.5–3.75, then 0.6–0.9 (lightened by 4): the
 * CPU the live runs need is per request, and a machine shared with other work must keep up. Lessons play side by side, so each
 * may take 45–55 real seconds: the speed is the scenario's length over ~50 s. A lower speed costs no
 * wall time, and a machine's pause of L real ms shifts the run by only speed × L scenario ms.
 */
const DEFAULT_PLAN: LessonPlan = { speed: 6, thin: 8, thicken: 1, lighten: 4, earlierMs: 0, durationMs: null };

/**
 * Lessons that need something other than the default, and why. Cuts: a minute or less after the last
 * fault edge and the last health change any of 20 seeds shows, when that is before the Duration.
 */
export const LESSON_PLANS: Record<string, Partial<LessonPlan>> = {
  'alb-target-group-hang': { durationMs: 290_000 },
  'all-unhealthy-alb-fails-open': { durationMs: 420_000, speed: 8 },
  'all-unhealthy-envoy-panic': { durationMs: 290_000 },
  'all-unhealthy-nginx-no-live-upstreams': { durationMs: 280_000 },
  'blackhole-connect-timeout': {
    speed: 7,
    differs: {
      checks: ['reasons and statuses', 'gateway errors', 'gateway errors ConnectTimeout', 'status 504'],
      why:
        "the kernel resends a dropped SYN after 1 s and 3 s of real time, whatever the speed: a connect begun during i-2's " +
        '8 s blackhole (1.1 real s at speed 7) is answered by the first resent SYN after it ends, within the 10 s connect ' +
        'timeout, where the model waits the timeout out. Live shows 0-2 ConnectTimeouts where the seeds show 1-9 ' +
        '(also true of real TCP at speed 1, with SYNs resent at 1, 3 and 7 s: a question for the model)',
    },
  },
  'crash-caught-by-health-checks': { durationMs: 300_000 },
  'cross-zone-off-one-zone-down': { durationMs: 300_000 },
  'deploy-with-draining': { speed: 8 },
  'deploy-without-draining': { durationMs: 300_000 },
  'deregister-without-draining': { durationMs: 240_000, speed: 5 },
  'flapping-instance': { durationMs: 310_000 },
  'hang-vs-idle-timeout': { durationMs: 300_000 },
  'health-endpoint-lies': { durationMs: 400_000, speed: 8 },
  // The race's window is the previous request's service time leaving idle time within 0.5 ms of the
  // 5 s KeepAliveTimeout (5.025 s between requests, 25 ms of margin). At speed 4 the margin is 6 real
  // ms and the live extra per request (at least a 1 ms service timer, loopback hops) 1–2 ms: the
  // window moves by a few scenario ms on a 50 ms exponential service time. 4 times the instances and
  // rate, each instance as busy: ~1,400 requests in 3 scenario minutes (45 real seconds).
  'keep-alive-race': { speed: 4, thin: 1, thicken: 4, lighten: 1, durationMs: 180_000 },
  // The fix shows no error in any seed: a quarter of the requests say so as well.
  'keep-alive-race-fixed': { speed: 4, thin: 1, lighten: 1, durationMs: 180_000 },
  'malformed-response-502': { speed: 7 },
  // Overloaded by design: 4 workers become 1, 50 and 100 req/s become 12.5 and 25; the calm before
  // the surge is one minute instead of three (the checks settle within one), cut once the first
  // incident is over. Chaotic (a probe within a hair of its 5 s Timeout passes in one run and
  // fails in another): the seeds' spread is wide, and the live run is one more draw from it.
  'overload-health-checks-time-out': { speed: 3, thin: 4, lighten: 1, earlierMs: 120_000, durationMs: 145_000 },
  // Losing half of 4 workers must still lose workers, and the storm is load: thinned by 2 only; one
  // calm minute before the dip instead of two, cut after a minute of storm.
  'retries-amplify-load': {
    speed: 3,
    thin: 2,
    lighten: 1,
    earlierMs: 60_000,
    durationMs: 150_000,
    sameOnWire: {
      reasons: ['ConnectRefused', 'UpstreamReset', 'KeepAliveRace'],
      why:
        'a full instance refuses new connections, as the model refuses every request to it; a request that ' +
        'reaches it on a connection opened before it filled is reset instead (a running server cannot refuse a ' +
        'connection it has accepted), so live splits the refusals into ConnectRefused and UpstreamReset',
    },
  },
  // 10 req/s: thinned by 4 only, 2 workers each.
  'seed-elb-health-check': { thin: 4, durationMs: 450_000, speed: 9 },
  // Latency is its story: the slow instance must still queue (lightened by 2 only: 2.5 req/s, 400 ms).
  'slow-instance-raises-latency': { durationMs: 300_000, lighten: 2 },
};

export function planFor(lesson: string): LessonPlan {
  return { ...DEFAULT_PLAN, ...LESSON_PLANS[lesson] };
}

/** The lesson as the plan plays it: thinned or thickened, possibly cut short; the same setup for both runs. */
export function applyPlan(setup: SimulationSetup, plan: LessonPlan): SimulationSetup {
  const factor = plan.thicken / plan.thin / plan.lighten;
  return {
    ...setup,
    durationMs: plan.durationMs ?? setup.durationMs,
    traffic: { ...setup.traffic, rate: setup.traffic.rate * factor, pattern: setup.traffic.pattern.map((point) => ({ ...point, atMs: point.atMs - plan.earlierMs, rate: point.rate * factor })) },
    events: setup.events.map((event) => ({ ...event, atMs: event.atMs - plan.earlierMs })),
    instances: thickened(setup.instances, plan.thicken).map((instance) => ({ ...instance, concurrency: Math.max(1, Math.round(instance.concurrency / plan.thin)) })),
  };
}

/** Each instance `times` times, the copies named `<id>-copy<n>` (only for lessons without faults: no event names them). */
function thickened(instances: readonly InstanceConfig[], times: number): InstanceConfig[] {
  return Array.from({ length: times }, (_, copy) => instances.map((instance) => (copy === 0 ? instance : { ...instance, id: `${instance.id}-copy${copy}` }))).flat();
}
