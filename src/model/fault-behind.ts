// Which fault in force on an instance explains a gateway error's reason, when the balancer did
// not name the cause itself: a refusal is a crash's (or a full backlog's) doing, a timeout a hang's.

import type { Reason } from './outcome.js';
import type { Slot } from './slot.js';

/** The fault on the tried instance that explains a reason, if one is active. */
export function faultBehind(reason: Reason, slot: Slot): number | null {
  const instance = slot.instance;
  // The oldest fault in force: a request stuck since an earlier hang is that hang's doing,
  // even if a newer, nested hang started since.
  switch (reason) {
    case 'ConnectRefused':
      // A hung, slowed or overloaded instance refuses once its backlog is full.
      return (
        instance.oldestFault('crash') ??
        instance.oldestFault('hang') ??
        instance.oldestFault('slow') ??
        instance.oldestFault('overload')
      );
    case 'UpstreamReset':
      // Cut by leaving the pool (no draining, or draining ran out) when nothing else explains it.
      return instance.oldestFault('crash') ?? instance.oldestFault('reset');
    case 'MalformedResponse':
      return instance.oldestFault('malformed');
    case 'KeepAliveRace':
      // A setting, not a fault: KeepAliveTimeout below the idle timeout (the incident text says so).
      return null;
    case 'ConnectTimeout':
      return instance.oldestFault('blackhole');
    case 'ResponseTimeout':
      return (
        instance.oldestFault('hang') ??
        instance.oldestFault('blackhole') ??
        instance.oldestFault('slow') ??
        instance.oldestFault('overload')
      );
    default:
      return null;
  }
}

