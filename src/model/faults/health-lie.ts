// health-lie: the health path keeps answering 200 while traffic gets `Status` (a 5xx): the
// balancer never takes the instance out, and clients see backend errors for as long as it lasts.

import type { Fault } from './fault.js';

export const healthLie: Fault = {
  kind: 'health-lie',
  apply(instance, event) {
    instance.healthLieStatus = event.params.status;
  },
  clear(instance) {
    instance.healthLieStatus = 0;
  },
};
