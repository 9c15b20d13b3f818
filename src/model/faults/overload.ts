// overload: the instance keeps only `Capacity` (a fraction) of its workers, as when a noisy
// neighbour or a GC storm eats the CPU. Queues grow, probes wait, and timeouts follow.

import type { Fault } from './fault.js';

export const overload: Fault = {
  kind: 'overload',
  apply(instance, event) {
    instance.setCapacity(event.params.capacity);
  },
  clear(instance) {
    instance.setCapacity(1);
  },
};
