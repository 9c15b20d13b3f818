// Envoy outlier detection for one node, on simulated time: counts consecutive 5xx and local
// failures per host, ejects a host at the threshold (within max_ejection_percent), and returns it
// on the interval sweep after its ejection time. Rules are health/envoy-outlier.ts's.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { Reason } from '../outcome.js';
import { countsAsOutlierFailure, FRESH_OUTLIER_HOST, onResult, sweep, type OutlierHost, type OutlierParams } from './envoy-outlier.js';

export const OUTLIER_REASON = {
  ejected: 'ejected by outlier detection (consecutive 5xx)',
  returned: 'ejection time over: back from outlier ejection',
} as const;

export interface OutlierTarget {
  /** The host leaves or rejoins routing; its health-check belief is left alone. */
  setEjected(slotIndex: number, ejected: boolean, reason: string): void;
}

export class OutlierTracker {
  private readonly hosts: OutlierHost[];
  private ejectedCount = 0;
  private sweeping = false;
  private sweepDueMs = 0;

  constructor(
    private readonly params: OutlierParams,
    private readonly scheduler: Scheduler,
    private readonly target: OutlierTarget,
    size: number,
  ) {
    this.hosts = Array.from({ length: size }, () => FRESH_OUTLIER_HOST);
  }

  /** An attempt on the host ended with this gateway reason. */
  failed(slotIndex: number, reason: Reason): void {
    if (countsAsOutlierFailure({ reason })) this.record(slotIndex, true);
  }

  /** The host answered with this status: a 5xx counts as a failure, anything else resets the count. */
  answered(slotIndex: number, status: number): void {
    this.record(slotIndex, countsAsOutlierFailure({ status }));
  }

  private record(slotIndex: number, isFailure: boolean): void {
    const before = this.hosts[slotIndex]!;
    if (!isFailure && before.consecutive5xx === 0) return;
    const pool = { ejectedCount: this.ejectedCount, size: this.hosts.length };
    const { host, action } = onResult(before, isFailure, this.scheduler.nowMs(), this.params, pool);
    this.hosts[slotIndex] = host;
    if (action !== 'ejected') return;
    this.ejectedCount++;
    this.target.setEjected(slotIndex, true, OUTLIER_REASON.ejected);
    this.startSweeping();
  }

  /** `fromMs`: the last sweep's due time, so sweeps keep their period on a real clock that runs late. */
  private startSweeping(fromMs = this.scheduler.nowMs()): void {
    if (this.sweeping) return;
    this.sweeping = true;
    this.sweepDueMs = fromMs + this.params.intervalMs;
    this.scheduler.at(this.sweepDueMs, Priority.health, this.onSweep, null);
  }

  /** Envoy returns hosts only on its interval timer, so an ejection lasts at least its time, up to one interval more. */
  private readonly onSweep = (): void => {
    const nowMs = this.scheduler.nowMs();
    let pending = false;
    this.hosts.forEach((before, slotIndex) => {
      const { host, unejected } = sweep(before, nowMs, this.params);
      this.hosts[slotIndex] = host;
      if (unejected) {
        this.ejectedCount--;
        this.target.setEjected(slotIndex, false, OUTLIER_REASON.returned);
      }
      pending ||= host.ejected || host.backoff > 0;
    });
    this.sweeping = false;
    if (pending) this.startSweeping(this.sweepDueMs);
  };
}
