// crash: the process dies. Connections are refused; requests it held are cut (UpstreamReset).

import type { Fault } from './fault.js';

export const crash: Fault = {
  start(instance, event) {
    instance.faults.crash = event.index;
    instance.crash();
  },
  end(instance, event) {
    if (instance.faults.crash !== event.index) return;
    instance.faults.crash = null;
    instance.restart();
  },
};
