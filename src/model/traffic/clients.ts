// The client population (`Traffic.Clients`): which client sends each request, drawn from its own
// stream. Uniform: every client alike. Zipf: client k (counting from 1) with weight 1/k^s, the
// usual shape of real traffic where a few clients send most requests. O(1) per draw.

import type { Rng } from '../../sim/rng.js';
import { AliasTable } from '../algorithms/support/alias-table.js';
import type { ClientsConfig } from '../config.js';

export class ClientPopulation {
  private readonly table: AliasTable | null;

  constructor(private readonly config: ClientsConfig, private readonly rng: Rng) {
    this.table =
      config.distribution === 'zipf' ? new AliasTable(Float64Array.from({ length: config.count }, (_, k) => (k + 1) ** -config.exponent)) : null;
  }

  /** The next request's client id, 0 to count − 1 (0 the most frequent under Zipf). */
  next(): number {
    return this.table === null ? this.rng.int(this.config.count) : this.table.draw(this.rng.next());
  }
}
