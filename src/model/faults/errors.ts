// errors: the instance answers `Status` (a 5xx) with `Probability`, health path included.
// The balancer passes these through; they are backend errors, not gateway errors.

import type { Fault } from './fault.js';

export const errors: Fault = {
  kind: 'errors',
  apply(instance, event) {
    instance.errorProbability = event.params.probability;
    instance.errorStatus = event.params.status;
  },
  clear(instance) {
    instance.errorProbability = 0;
    instance.errorStatus = 500;
  },
};
