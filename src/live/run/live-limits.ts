// What one machine can play live, and how faithfully: the real request rate a scenario needs at a
// speed (refused above what the proxy and instances sustain here), the bounds on requests and
// connections, and warnings when scaled timings get too fine for real timers.

import type { SimulationSetup } from '../../model/config.js';
import { formatCount } from '../../report/text/format.js';

/**
 * Real requests per second the load generator, the proxy and the instances (one Node process, two
 * HTTP hops per request) sustain on a 2-core machine with latency still faithful. Measured with
 * `npm run bench -- --live` (bench/RESULTS.md): at 450 req/s about a third of a core and the mean
 * latency 2% above the simulation's; at 600 req/s some arrivals leave late. 500 keeps that margin.
 */
export const MAX_REAL_RATE = 500;
/** Requests in flight at once, at most: beyond it arrivals wait and count as late. */
export const MAX_IN_FLIGHT = 1024;
/** Below this many real milliseconds a scaled timing is coarse: timers fire a millisecond or more late. */
const FINE_TIMING_REAL_MS = 5;
export const MAX_SPEED = 1000;

export interface LiveLimits {
  maxRealRate: number;
  maxInFlight: number;
  /** A bound on the requests sent: the expected count with room for Poisson variation. */
  maxRequests: number;
  /** Reasons the run cannot be played at this speed; empty when it can. */
  problems: string[];
  /** Where the run will be coarser than the simulation; it still runs. */
  warnings: string[];
}

/** Why a replay is not played live: the load generator draws arrivals; it does not read logs. */
export const LIVE_REPLAY_REFUSAL =
  'Traffic.Replay is not played live: the live load generator draws arrivals from Rate and Pattern and does not read access logs; run the replay with `lbsim run`';

export function liveLimits(setup: SimulationSetup, speed: number): LiveLimits {
  const peakRate = Math.max(setup.traffic.rate, ...setup.traffic.pattern.map((point) => point.rate));
  const realRate = peakRate * speed;
  const expected = (peakRate * setup.durationMs) / 1000;
  const problems: string[] = setup.traffic.replay === undefined ? [] : [LIVE_REPLAY_REFUSAL];
  if (realRate > MAX_REAL_RATE) {
    const ratio = MAX_REAL_RATE / peakRate;
    const fastest = ratio >= 1 ? Math.floor(ratio) : Math.floor(ratio * 100) / 100;
    problems.push(
      `at --speed ${speed} the scenario's peak rate of ${formatCount(peakRate)} req/s becomes ${formatCount(Math.round(realRate))} real req/s; ` +
        `one machine plays at most ${MAX_REAL_RATE} here (load generator, proxy and instances together): use --speed ${fastest} or less`,
    );
  }
  return {
    maxRealRate: MAX_REAL_RATE,
    maxInFlight: MAX_IN_FLIGHT,
    maxRequests: Math.ceil(expected + 6 * Math.sqrt(expected) + 100),
    problems,
    warnings: timingWarnings(setup, speed),
  };
}

function timingWarnings(setup: SimulationSetup, speed: number): string[] {
  const warnings: string[] = [];
  const fastestMs = Math.min(...setup.instances.map((instance) => meanServiceMs(instance.serviceTime)));
  if (Number.isFinite(fastestMs) && fastestMs / speed < FINE_TIMING_REAL_MS) {
    warnings.push(
      `service times of ${fastestMs} ms become ${(fastestMs / speed).toFixed(2)} real ms at --speed ${speed}: ` +
        `timers add a millisecond or more, so latency reads high; a lower --speed is more faithful`,
    );
  }
  return warnings;
}

function meanServiceMs(spec: SimulationSetup['instances'][number]['serviceTime']): number {
  return spec.distribution === 'uniform' ? (spec.minMs + spec.maxMs) / 2 : spec.meanMs;
}
