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

/** The fault streams are made at their first draw: most instances never fault, and seeding costs a hash of the name (30,000 of them for 10,000 instances). */
export function instanceStreams(rngs: RngStreams, id: string): InstanceStreams {
  let requestFaults: Rng | null = null;
  let probeFaults: Rng | null = null;
  return {
    service: rngs.stream(`instance/${id}`),
    get requestFaults() {
      return (requestFaults ??= rngs.stream(`instance/${id}/faults`));
    },
    get probeFaults() {
      return (probeFaults ??= rngs.stream(`instance/${id}/probe`));
    },
  };
}
