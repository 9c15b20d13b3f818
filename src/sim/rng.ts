// Seeded random streams by name over seedrandom (Alea). Each stream is seeded from
// (seed, name), so adding a stream never shifts the numbers another stream draws.

import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
}

/** `health/<node>` and `algorithm/<node>` serve the second and later balancer nodes; `traffic/node` spreads clients over nodes; `traffic/clients` draws each request's client. */
export type StreamName =
  | 'traffic'
  | 'traffic/mix'
  | 'traffic/node'
  | 'traffic/clients'
  | 'health'
  | `health/${string}`
  | 'algorithm'
  | `algorithm/${string}`
  | `instance/${string}`
  /** `lbsim fit`'s reservoir sample of a log's times: seeded so the same log gives the same fit. */
  | 'fit';

class AleaRng implements Rng {
  private readonly source: () => number;
  constructor(seedText: string) {
    this.source = seedrandom.alea(seedText);
  }
  next(): number {
    return this.source();
  }
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -Math.log(1 - this.source()) * mean;
  }
  int(n: number): number {
    return Math.floor(this.source() * n);
  }
}

export class RngStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number) {}

  stream(name: StreamName): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = new AleaRng(`lbsim:${this.seed}:${name}`);
      this.streams.set(name, rng);
    }
    return rng;
  }
}
