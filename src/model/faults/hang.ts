// hang: the process accepts connections but never answers (a deadlock, a stop-the-world pause).

import type { Fault } from './fault.js';

export const hang: Fault = {
  start(instance, event) {
    instance.faults.hang = event.index;
    instance.hang();
  },
  end(instance, event) {
    if (instance.faults.hang !== event.index) return;
    instance.faults.hang = null;
    instance.unhang();
  },
};
