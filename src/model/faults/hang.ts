// hang: the process accepts connections but never answers (a deadlock, a stop-the-world pause).

import type { Fault } from './fault.js';

export const hang: Fault = {
  kind: 'hang',
  apply(instance) {
    instance.hang();
  },
  clear(instance) {
    instance.unhang();
  },
};
