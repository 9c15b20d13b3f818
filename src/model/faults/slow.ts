// slow: every service time is multiplied by `Factor` and lengthened by `Add`, probes included.

import type { Fault } from './fault.js';

export const slow: Fault = {
  kind: 'slow',
  apply(instance, event) {
    instance.slowFactor = event.params.factor;
    instance.slowAddMs = event.params.addMs;
  },
  clear(instance) {
    instance.slowFactor = 1;
    instance.slowAddMs = 0;
  },
};
