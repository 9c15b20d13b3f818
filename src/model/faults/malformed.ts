// malformed: the instance answers something that is not valid HTTP, with `Probability`.
// The balancer sees MalformedResponse: the one 502 a Classic ELB documents.

import type { Fault } from './fault.js';

export const malformed: Fault = {
  kind: 'malformed',
  apply(instance, event) {
    instance.malformedProbability = event.params.probability;
  },
  clear(instance) {
    instance.malformedProbability = 0;
  },
};
