// health-fail: only the health path fails (answers `Status`); traffic is served normally.
// The balancer takes a working instance out of service.

import type { Fault } from './fault.js';

export const healthFail: Fault = {
  kind: 'health-fail',
  apply(instance, event) {
    instance.healthFailStatus = event.params.status;
  },
  clear(instance) {
    instance.healthFailStatus = 0;
  },
};
