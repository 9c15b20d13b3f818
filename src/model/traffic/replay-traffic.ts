// Replayed arrivals (`Traffic.Replay`): requests read from access logs, pushed in batches by the
// caller (which does the reading, outside the core) and turned into Jobs at their logged times.
// One arrival is scheduled at a time, as drawn traffic does, so the event queue stays small.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { RequestKind } from '../config.js';
import { Job, type JobListener } from '../instance/job.js';
import type { TrafficSink } from './traffic.js';

/** One request of the trace, in simulated time. */
export interface ReplayArrival {
  atMs: number;
  /** Interned by the reader: one object per method and path, so per-kind caches stay small. */
  kind: RequestKind;
  /** Client id for hashing and stickiness (0 ≤ id < REPLAY_CLIENT_IDS), -1 when the log has none. */
  client: number;
  /** The instance's processing time the log gives, -1 when the balancer answered the request itself. */
  serviceMs: number;
}

/** Client addresses hash into this many ids (Traffic.Clients' count for a replay): sticky cookies are an array this long. */
export const REPLAY_CLIENT_IDS = 65_536;

export class ReplayTraffic {
  private pending: ReplayArrival[] = [];
  private head = 0;
  /** An arrival is in the event queue; when false, the next push schedules one. */
  private scheduled = false;
  private nextId = 1;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly warmupMs: number,
    private readonly listener: JobListener,
    private readonly sink: TrafficSink,
  ) {}

  /** Appends arrivals in time order, none earlier than those already pushed. */
  push(batch: readonly ReplayArrival[]): void {
    if (batch.length === 0) return;
    this.pending = this.head === this.pending.length ? batch.slice() : this.pending.slice(this.head).concat(batch);
    this.head = 0;
    if (!this.scheduled) this.scheduleNext();
  }

  private scheduleNext(): void {
    const next = this.pending[this.head];
    if (next === undefined) {
      this.scheduled = false;
      return;
    }
    this.scheduled = true;
    this.scheduler.at(Math.max(next.atMs, this.scheduler.nowMs()), Priority.traffic, this.onArrival, next);
  }

  private readonly onArrival = (arrival: ReplayArrival): void => {
    this.head++;
    const job = new Job(this.nextId++, arrival.atMs, arrival.kind, arrival.atMs >= this.warmupMs, false, this.listener);
    job.client = arrival.client;
    job.logServiceMs = arrival.serviceMs;
    this.scheduleNext();
    this.sink.arrive(job);
  };
}
