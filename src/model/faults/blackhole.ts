// blackhole: packets to the instance vanish (a dropped route, a security group that drops).
// New connections never open, so the balancer waits its connect timeout (ConnectTimeout), and
// answers to requests already sent never arrive (they wait out the idle timeout).

import type { Fault } from './fault.js';

export const blackhole: Fault = {
  kind: 'blackhole',
  apply(instance) {
    instance.blackholed = true;
  },
  clear(instance) {
    instance.blackholed = false;
  },
};
