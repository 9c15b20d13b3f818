// Which fault in force on an instance explains a gateway error's reason, when the balancer did
// not name the cause itself: a refusal is a crash's (or a full backlog's) doing, a timeout a hang's.

import type { FaultEventConfig } from '../config.js';
import type { Instance } from '../instance/instance.js';
import type { Reason } from '../outcome.js';
import type { Slot } from '../balancer/slot.js';

/** The fault on the tried instance that explains a reason, if one is active. */
export function faultBehind(reason: Reason, slot: Slot): number | null {
  return faultBehindOn(reason, slot.instance);
}

/** The same, from the instance alone (live mode has no simulated slot). */
export function faultBehindOn(reason: Reason, instance: Pick<Instance, 'oldestFault'>): number | null {
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


/** Fault indexes oldest first by start time (ties by index), so the last one is the newest fault. */
export function oldestFirst(faults: Iterable<number>, events: readonly FaultEventConfig[]): number[] {
  const startMs = (index: number) => events.find((event) => event.index === index)!.atMs;
  return [...new Set(faults)].sort((a, b) => startMs(a) - startMs(b) || a - b);
}
