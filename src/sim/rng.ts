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

/**
 * Alea (Baagøe), stepped here on the generator's own fields: seedrandom seeds it and hands over its
 * state, and `next` repeats seedrandom's step exactly, so every stream draws the numbers it always
 * drew. One object per stream instead of seedrandom's closure and its context: the service stream is
 * read per request, and over thousands of instances each saved hop is a cache miss.
 */
class AleaRng implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private c: number;

  constructor(seedText: string) {
    const state = seedrandom.alea(seedText, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -Math.log(1 - this.next()) * mean;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
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
