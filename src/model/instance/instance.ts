// A fake backend: `concurrency` workers, a FIFO backlog of accepted connections, service times
// from its distribution, and the fault state the timeline sets. Knows nothing of the balancer.
//
//   accept(job) ──► worker free? ──► serve ──► complete ──► listener.onResponse
//        │              └─ no ──► backlog (FIFO) ──► next free worker
//        └─ crashed, or backlog full ──► false (connection refused)
//
// Every accepted job sits in one ring in accept order until it is served, and jobs start in
// that order, so the ring is [served or in service ... | waiting ...] split at `startedSeq`.
// Positions are absolute sequence numbers, which lets a watcher (the balancer's idle timeout)
// walk the held jobs with its own cursor.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { FaultEventConfig, InstanceConfig } from '../config.js';
import type { FaultKind } from '../faults/fault.js';
import type { Job } from './job.js';
import type { ActualState } from '../run/result.js';
import { chanceFrom, chooseAnswer, type Answer } from './fault-answer.js';
import type { InstanceStreams } from './instance-streams.js';
import { Ring } from './ring.js';
import { serviceTimeSampler, type ServiceTimeSampler } from './service-time.js';

/** The `Events` entries in force on an instance, per kind, oldest first. */
export type ActiveFaults = Record<FaultKind, FaultEventConfig[]>;

export class Instance {
  readonly id: string;
  readonly zone: string;
  private readonly concurrency: number;
  /** Workers in use now: Concurrency, or fewer while an `overload` fault cuts capacity. */
  private workers: number;
  private readonly backlog: number;
  private readonly sample: ServiceTimeSampler;
  /** `ServiceTime: "FromLog"`: a replayed request brings its own service time; `sample` serves the rest. */
  private readonly fromLog: boolean;
  private readonly held = new Ring<Job>();
  /** Sequence number of the oldest held job (the ring's head). */
  private headSeq = 0;
  /** Sequence number of the next job to start: held jobs before it have started. */
  private startedSeq = 0;
  private busy = 0;
  private epoch = 0;

  crashed = false;
  hung = false;
  /** Packets vanish: connections never open and answers never arrive. */
  blackholed = false;
  slowFactor = 1;
  slowAddMs = 0;
  errorProbability = 0;
  errorStatus = 500;
  resetProbability = 0;
  malformedProbability = 0;
  /** health-fail: what the health path answers instead of 200; 0 when off. */
  healthFailStatus = 0;
  /** health-lie: what traffic gets while the health path answers 200; 0 when off. */
  healthLieStatus = 0;
  readonly faults: ActiveFaults = {
    crash: [],
    hang: [],
    slow: [],
    errors: [],
    reset: [],
    malformed: [],
    'health-fail': [],
    'health-lie': [],
    overload: [],
    blackhole: [],
  };
  /** The last fault (not `recover`) applied, kept after it ends to explain lingering effects. */
  lastFaultIndex: number | null = null;

  /** Draws for faults with a probability, one per path: probe timing never shifts service times or request answers. */
  private readonly requestChance: (probability: number) => boolean;
  private readonly probeChance: (probability: number) => boolean;

  constructor(
    readonly config: InstanceConfig,
    private readonly scheduler: Scheduler,
    private readonly streams: InstanceStreams,
    private readonly probeServiceTimeMs: number,
  ) {
    this.id = config.id;
    this.zone = config.zone;
    this.concurrency = config.concurrency;
    this.workers = config.concurrency;
    this.backlog = config.backlog;
    this.sample = serviceTimeSampler(config.serviceTime);
    this.fromLog = config.serviceTimeFromLog === true;
    this.requestChance = chanceFrom(() => streams.requestFaults.next());
    this.probeChance = chanceFrom(() => streams.probeFaults.next());
  }

  get actualState(): ActualState {
    if (this.crashed) return 'crashed';
    if (this.hung) return 'hung';
    if (this.blackholed) return 'unreachable';
    return this.answersNormally() && this.slowFactor === 1 && this.slowAddMs === 0 && this.workers === this.concurrency
      ? 'serving'
      : 'degraded';
  }

  /** No fault changes what the instance answers: every response is a plain 200. */
  private answersNormally(): boolean {
    return (
      this.errorProbability === 0 &&
      this.resetProbability === 0 &&
      this.malformedProbability === 0 &&
      this.healthFailStatus === 0 &&
      this.healthLieStatus === 0
    );
  }

  /** overload: keep this fraction of the workers (at least one). */
  setCapacity(fraction: number): void {
    this.workers = Math.max(1, Math.round(this.concurrency * fraction));
    this.startWaiting();
  }

  /** Sequence numbers of the held jobs: [heldHeadSeq, heldEndSeq). */
  get heldHeadSeq(): number {
    return this.headSeq;
  }

  get heldEndSeq(): number {
    return this.headSeq + this.held.length;
  }

  /** The held job with this sequence number (undefined once served and dropped). */
  heldAt(seq: number): Job | undefined {
    return seq < this.headSeq ? undefined : this.held.at(seq - this.headSeq);
  }

  private get waiting(): number {
    return this.headSeq + this.held.length - this.startedSeq;
  }

  /**
   * What a new TCP connection meets now: it opens, it is refused (crashed, backlog full), or
   * nothing answers at all (blackholed). TCP health checks ask this; they take no worker.
   */
  connectOutcome(): 'open' | 'refused' | 'silent' {
    if (this.blackholed) return 'silent';
    return !this.crashed && (this.busy < this.workers || this.waiting < this.backlog) ? 'open' : 'refused';
  }

  /** Takes a job, or returns false: connection refused. */
  accept(job: Job): boolean {
    if (this.crashed) return false;
    if (this.busy < this.workers) {
      // A free worker means nothing is waiting: the job starts at once.
      this.held.push(job);
      this.startedSeq++;
      this.start(job);
      return true;
    }
    if (this.waiting >= this.backlog) return false;
    this.held.push(job);
    return true;
  }

  private start(job: Job): void {
    this.busy++;
    job.epoch = this.epoch;
    if (!this.hung) this.scheduleCompletion(job);
  }

  private scheduleCompletion(job: Job): void {
    const baseMs = job.isProbe ? this.probeServiceTimeMs : this.fromLog && job.logServiceMs >= 0 ? job.logServiceMs : this.sample(this.streams.service);
    const serviceMs = baseMs * this.slowFactor + this.slowAddMs;
    job.completionTimer = this.scheduler.at(this.scheduler.nowMs() + serviceMs, Priority.traffic, this.onComplete, job);
  }

  private readonly onComplete = (job: Job): void => {
    if (job.epoch !== this.epoch) return;
    job.served = true;
    this.busy--;
    const held = this.held;
    while (held.length > 0 && held.peek()!.served) {
      held.shift();
      this.headSeq++;
    }
    // The instance did the work, but the answer is lost on the way back.
    if (this.blackholed) job.listener.onLost(job);
    else if (this.answersNormally()) job.listener.onResponse(job, 200);
    else this.answerUnderFault(job);
    this.startWaiting();
  };

  /** What a faulty instance sends back (fault-answer.ts has the order of precedence). */
  private answerUnderFault(job: Job): void {
    const answer = this.answerFor(job.isProbe);
    if (answer.kind === 'reset') return job.listener.onReset(job);
    if (answer.kind === 'malformed') return job.listener.onMalformed(job);
    job.listener.onResponse(job, answer.status);
  }

  /** The answer to one request or probe under the faults in force, drawn from that path's own stream. Live instances ask it too. */
  answerFor(isProbe: boolean): Answer {
    return chooseAnswer(this, isProbe, isProbe ? this.probeChance : this.requestChance);
  }

  private startWaiting(): void {
    while (this.busy < this.workers && this.startedSeq < this.heldEndSeq) {
      this.start(this.held.at(this.startedSeq++ - this.headSeq)!);
    }
  }

  /** The process dies: every connection it held is closed, the backlog with it. */
  crash(): void {
    if (this.crashed) return;
    this.crashed = true;
    this.epoch++;
    const dropped = this.held.drain();
    this.headSeq += dropped.length;
    this.startedSeq = this.headSeq;
    this.busy = 0;
    for (const job of dropped) {
      if (job.served) continue;
      job.served = true;
      job.listener.onReset(job);
    }
  }

  /** The process starts again, empty: a new process is not hung either. */
  restart(): void {
    this.crashed = false;
    this.hung = false;
  }

  /** The oldest event of a kind still in force: the one that put the instance in that state. */
  oldestFault(kind: FaultKind): number | null {
    const events = this.faults[kind];
    return events.length > 0 ? events[0]!.index : null;
  }

  /** The process freezes: jobs in service stop progressing; new ones queue and never finish. */
  hang(): void {
    if (this.hung) return;
    this.hung = true;
    this.epoch++;
    // The frozen jobs' completions are cancelled outright: unhang() gives them the current
    // epoch again, which would otherwise revive those old timers next to the new ones.
    for (let seq = this.headSeq; seq < this.startedSeq; seq++) {
      const job = this.held.at(seq - this.headSeq)!;
      if (!job.served && job.completionTimer >= 0) this.scheduler.cancel(job.completionTimer);
      job.completionTimer = -1;
    }
  }

  /** The process resumes: frozen jobs get a fresh service time. */
  unhang(): void {
    if (!this.hung) return;
    this.hung = false;
    this.epoch++;
    for (let seq = this.headSeq; seq < this.startedSeq; seq++) {
      const job = this.held.at(seq - this.headSeq)!;
      if (job.served) continue;
      job.epoch = this.epoch;
      this.scheduleCompletion(job);
    }
  }
}
