// errors: the instance answers `Status` (a 5xx) with `Probability`, health path included.
// The balancer passes these through; they are backend errors, not gateway errors.

import type { Fault } from './fault.js';

export const errors: Fault = {
  start(instance, event) {
    instance.faults.errors = event.index;
    instance.errorProbability = event.params.probability;
    instance.errorStatus = event.params.status;
  },
  end(instance, event) {
    if (instance.faults.errors !== event.index) return;
    instance.faults.errors = null;
    instance.errorProbability = 0;
    instance.errorStatus = 500;
  },
};
