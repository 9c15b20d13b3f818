// crash: the process dies. Connections are refused; requests it held are cut (UpstreamReset).
// When it ends the process starts again, empty and not hung.

import type { Fault } from './fault.js';

export const crash: Fault = {
  kind: 'crash',
  apply(instance) {
    instance.crash();
  },
  clear(instance) {
    instance.restart();
  },
};
