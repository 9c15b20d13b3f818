// recover: every fault on the instance ends at once; a crashed process restarts empty.

import type { FaultEventConfig } from '../config.js';
import type { Fault } from './fault.js';
import { crash } from './crash.js';
import { errors } from './errors.js';
import { hang } from './hang.js';
import { slow } from './slow.js';

const undoable: Array<[keyof import('../instance.js').ActiveFaults, Fault]> = [
  ['crash', crash],
  ['hang', hang],
  ['slow', slow],
  ['errors', errors],
];

export const recover: Fault = {
  start(instance) {
    for (const [kind, fault] of undoable) {
      const index = instance.faults[kind];
      if (index !== null) fault.end(instance, { index } as FaultEventConfig);
    }
  },
  end() {
    // recover takes no Duration (validation refuses one), so there is nothing to undo.
  },
};
