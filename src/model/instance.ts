// A fake backend: `concurrency` workers, a FIFO backlog of accepted connections, service times
// from its distribution, and the fault state the timeline sets. Knows nothing of the balancer.
//
//   accept(job) ──► worker free? ──► serve ──► complete ──► listener.onResponse
//        │              └─ no ──► backlog (FIFO) ──► next free worker
//        └─ crashed, or backlog full ──► false (connection refused)

import type { Rng } from '../sim/rng.js';
import { Priority, type Scheduler } from '../sim/scheduler.js';
import type { InstanceConfig } from './config.js';
import type { Job } from './job.js';
import type { ActualState } from './result.js';
import { Ring } from './ring.js';
import { serviceTimeSampler, type ServiceTimeSampler } from './service-time.js';

/** Which `Events` entry set each part of the fault state; null when that part is normal. */
export interface ActiveFaults {
  crash: number | null;
  hang: number | null;
  slow: number | null;
  errors: number | null;
}

export class Instance {
  readonly id: string;
  readonly zone: string;
  private readonly sample: ServiceTimeSampler;
  private readonly backlog = new Ring<Job>();
  private busy = 0;
  private epoch = 0;
  /** Head of the intrusive list of jobs holding a worker. */
  private serving: Job | null = null;

  crashed = false;
  hung = false;
  slowFactor = 1;
  slowAddMs = 0;
  errorProbability = 0;
  errorStatus = 500;
  readonly faults: ActiveFaults = { crash: null, hang: null, slow: null, errors: null };
  /** The last fault (not `recover`) applied, kept after it ends to explain lingering effects. */
  lastFaultIndex: number | null = null;

  constructor(
    readonly config: InstanceConfig,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    private readonly probeServiceTimeMs: number,
  ) {
    this.id = config.id;
    this.zone = config.zone;
    this.sample = serviceTimeSampler(config.serviceTime);
  }

  get actualState(): ActualState {
    if (this.crashed) return 'crashed';
    if (this.hung) return 'hung';
    if (this.slowFactor !== 1 || this.slowAddMs !== 0 || this.errorProbability > 0) return 'degraded';
    return 'serving';
  }

  /** Jobs holding a worker or waiting in the backlog. */
  get load(): number {
    return this.busy + this.backlog.length;
  }

  /** Would a new TCP connection open now? (Used by TCP health checks, which take no worker.) */
  acceptsConnections(): boolean {
    return !this.crashed && (this.busy < this.config.concurrency || this.backlog.length < this.config.backlog);
  }

  /** Takes a job, or returns false: connection refused. */
  accept(job: Job): boolean {
    if (this.crashed) return false;
    if (this.busy < this.config.concurrency) {
      this.start(job);
      return true;
    }
    if (this.backlog.length >= this.config.backlog) return false;
    this.backlog.push(job);
    return true;
  }

  private start(job: Job): void {
    this.busy++;
    job.epoch = this.epoch;
    job.prev = null;
    job.next = this.serving;
    if (this.serving) this.serving.prev = job;
    this.serving = job;
    if (!this.hung) this.scheduleCompletion(job);
  }

  private scheduleCompletion(job: Job): void {
    const baseMs = job.isProbe ? this.probeServiceTimeMs : this.sample(this.rng);
    const serviceMs = baseMs * this.slowFactor + this.slowAddMs;
    this.scheduler.at(this.scheduler.nowMs() + serviceMs, Priority.traffic, this.onComplete, job);
  }

  private readonly onComplete = (job: Job): void => {
    if (job.epoch !== this.epoch) return;
    this.release(job);
    let status = 200;
    if (this.errorProbability > 0 && (this.errorProbability >= 1 || this.rng.next() < this.errorProbability)) {
      status = this.errorStatus;
    }
    job.listener.onResponse(job, status);
    this.startNext();
  };

  private release(job: Job): void {
    this.busy--;
    if (job.prev) job.prev.next = job.next;
    else this.serving = job.next;
    if (job.next) job.next.prev = job.prev;
    job.prev = job.next = null;
  }

  private startNext(): void {
    while (this.busy < this.config.concurrency && this.backlog.length > 0) this.start(this.backlog.shift()!);
  }

  /** The process dies: every connection it held is closed, the backlog with it. */
  crash(): void {
    if (this.crashed) return;
    this.crashed = true;
    this.epoch++;
    const lost: Job[] = [];
    for (let job = this.serving; job; job = job.next) lost.push(job);
    this.serving = null;
    this.busy = 0;
    lost.push(...this.backlog.drain());
    for (const job of lost) job.listener.onReset(job);
  }

  /** The process starts again, empty. */
  restart(): void {
    this.crashed = false;
  }

  /** The process freezes: jobs in service stop progressing; new ones queue and never finish. */
  hang(): void {
    if (this.hung) return;
    this.hung = true;
    this.epoch++;
  }

  /** The process resumes: frozen jobs get a fresh service time. */
  unhang(): void {
    if (!this.hung) return;
    this.hung = false;
    this.epoch++;
    for (let job = this.serving; job; job = job.next) {
      job.epoch = this.epoch;
      this.scheduleCompletion(job);
    }
  }
}
