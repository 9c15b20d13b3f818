// The seeded streams one instance draws from, named in one place for the simulator and live mode.
// Probes draw their fault outcomes apart from requests, so how probes and requests interleave
// (which differs between a simulated run and a live one) never decides what either is answered.

import type { Rng, RngStreams } from '../../sim/rng.js';

export interface InstanceStreams {
  /** Service times of requests. */
  service: Rng;
  /** Faults with a probability (reset, malformed, errors), for requests. */
  requestFaults: Rng;
  /** The same faults for health probes. */
  probeFaults: Rng;
}

export function instanceStreams(rngs: RngStreams, id: string): InstanceStreams {
  return { service: rngs.stream(`instance/${id}`), requestFaults: rngs.stream(`instance/${id}/faults`), probeFaults: rngs.stream(`instance/${id}/probe`) };
}
