// The interface every fault implements: what it does to an instance when it starts, and how
// it is undone when its `Duration` ends. Faults act only through the instance's fault state.

import type { FaultEventConfig } from '../config.js';
import type { Instance } from '../instance.js';

export interface Fault {
  start(instance: Instance, event: FaultEventConfig): void;
  /** Undo this event's effect, if it is still the one in force. */
  end(instance: Instance, event: FaultEventConfig): void;
}
