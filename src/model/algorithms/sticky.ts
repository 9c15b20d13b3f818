// Sticky sessions (`Balancing.Stickiness`), as a CLB's duration-based LB cookie: a response from
// an instance the client is not bound to carries a cookie naming it, valid for Duration and never
// extended; a client presenting a valid cookie goes to its instance while that instance is a
// candidate, otherwise the wrapped algorithm picks and the next response rebinds. O(1) per pick.

import type { SimulationSetup } from '../config.js';
import type { Algorithm } from './algorithm.js';
import { CandidatePositions } from './support/candidate-positions.js';
import type { Clock } from './slow-start.js';

/** The cookie each client holds, balancer-wide: every node reads the cookie any node set. */
export class CookieJar {
  /** Instance index the cookie names, -1 for none. */
  readonly instance: Int32Array;
  readonly expiresMs: Float64Array;

  constructor(clientCount: number, readonly durationMs: number) {
    this.instance = new Int32Array(clientCount).fill(-1);
    this.expiresMs = new Float64Array(clientCount);
  }

  /** The instance client `client` is bound to at `nowMs`, or -1 (no cookie, or it expired). */
  boundTo(client: number, nowMs: number): number {
    if (client < 0 || client >= this.instance.length) return -1;
    return this.expiresMs[client]! > nowMs ? this.instance[client]! : -1;
  }
}

export function cookieJarFor(setup: SimulationSetup): CookieJar | null {
  const durationMs = setup.balancer.routing.stickinessMs;
  const clients = setup.traffic.clients;
  return durationMs === null || clients === null ? null : new CookieJar(clients.count, durationMs);
}

export function withStickiness(inner: Algorithm, jar: CookieJar, clock: Clock): Algorithm {
  const positions = new CandidatePositions();
  const wrapped: Algorithm = {
    reset(candidates) {
      positions.reset(candidates);
      inner.reset?.(candidates);
    },
    pick(candidates, rng, request) {
      const bound = jar.boundTo(request.client, clock.nowMs());
      const position = bound < 0 ? -1 : positions.within(candidates, bound);
      return position >= 0 ? position : inner.pick(candidates, rng, request);
    },
    answered(request, candidate) {
      const nowMs = clock.nowMs();
      if (request.client >= 0 && jar.boundTo(request.client, nowMs) !== candidate.index) {
        jar.instance[request.client] = candidate.index;
        jar.expiresMs[request.client] = nowMs + jar.durationMs;
      }
      inner.answered?.(request, candidate);
    },
  };
  if (inner.outstandingChanged) wrapped.outstandingChanged = inner.outstandingChanged;
  return wrapped;
}
