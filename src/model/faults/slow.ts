// slow: every service time is multiplied by `Factor` and lengthened by `Add`, probes included.

import type { Fault } from './fault.js';

export const slow: Fault = {
  start(instance, event) {
    instance.faults.slow = event.index;
    instance.slowFactor = event.params.factor;
    instance.slowAddMs = event.params.addMs;
  },
  end(instance, event) {
    if (instance.faults.slow !== event.index) return;
    instance.faults.slow = null;
    instance.slowFactor = 1;
    instance.slowAddMs = 0;
  },
};
