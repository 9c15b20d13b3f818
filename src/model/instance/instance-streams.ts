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
class LazyInstanceStreams implements InstanceStreams {
  readonly service: Rng;
  private requestFaultsRng: Rng | null = null;
  private probeFaultsRng: Rng | null = null;

  constructor(
    private readonly rngs: RngStreams,
    private readonly id: string,
  ) {
    this.service = rngs.stream(`instance/${id}`);
  }

  get requestFaults(): Rng {
    return (this.requestFaultsRng ??= this.rngs.stream(`instance/${this.id}/faults`));
  }

  get probeFaults(): Rng {
    return (this.probeFaultsRng ??= this.rngs.stream(`instance/${this.id}/probe`));
  }
}

export function instanceStreams(rngs: RngStreams, id: string): InstanceStreams {
  return new LazyInstanceStreams(rngs, id);
}
