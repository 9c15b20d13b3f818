// reset: the instance reads the request, then closes the connection before answering, with
// `Probability`. The balancer sees UpstreamReset (CLB 504, ALB 502, nginx 502).

import type { Fault } from './fault.js';

export const reset: Fault = {
  kind: 'reset',
  apply(instance, event) {
    instance.resetProbability = event.params.probability;
  },
  clear(instance) {
    instance.resetProbability = 0;
  },
};
