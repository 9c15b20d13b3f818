// A fake backend: `concurrency` workers, a FIFO backlog of accepted connections, service times
// from its distribution, and the fault state the timeline sets. Knows nothing of the balancer.
//
//   accept(job) ──► worker free? ──► serve ──► complete ──► listener.onResponse
//        │              └─ no ──► backlog (FIFO) ──► next free worker
//        └─ crashed, or backlog full ──► false (connection refused)
//
// Accepted jobs wait in accept order in a list through the jobs (held-list.ts) until served:
// [in service ... | waiting ...], split at `nextToStart`.

import { Priority, type Scheduler } from '../../sim/scheduler.js';
import type { InstanceConfig } from '../config.js';
import { noActiveFaults, type ActiveFaults } from '../faults/active-faults.js';
import type { FaultKind } from '../faults/fault.js';
import type { Job } from './job.js';
import { appendHeld, removeHeld, type HeldList } from './held-list.js';
import type { ActualState } from '../run/result.js';
import { chanceFrom, chooseAnswer, type Answer } from './fault-answer.js';
import type { InstanceStreams } from './instance-streams.js';
import type { Rng } from '../../sim/rng.js';
import { serviceTimeSampler, type ServiceTimeSampler } from './service-time.js';

export class Instance implements HeldList {
  // Fields the per-request path reads come first. V8 lays an object's fields out in the order they
  // are first assigned, so the constructor assigns these in this order before anything else: over
  // thousands of instances every cache line an accept or a completion touches is a likely miss.
  /** Voids completions scheduled before a crash or a hang. */
  private epoch: number;
  private busy: number;
  /** Workers in use now: Concurrency, or fewer while an `overload` fault cuts capacity. */
  private workers: number;
  private readonly backlog: number;
  /** The held jobs: the oldest, the newest, and the first not started (null when none waits). */
  heldHead: Job | null;
  heldTail: Job | null;
  private nextToStart: Job | null;
  /** Jobs accepted and not started: from `nextToStart` to the tail. */
  private waiting: number;

  crashed: boolean;
  hung: boolean;
  /** Packets vanish: connections never open and answers never arrive. */
  blackholed: boolean;
  errorProbability: number;
  resetProbability: number;
  malformedProbability: number;
  /** health-fail: what the health path answers instead of 200; 0 when off. */
  healthFailStatus: number;
  /** health-lie: what traffic gets while the health path answers 200; 0 when off. */
  healthLieStatus: number;
  slowFactor: number;
  slowAddMs: number;
  private readonly scheduler: Scheduler;
  /** The completion event's handler. */
  private readonly onComplete: (job: Job) => void;
  private readonly serviceRng: Rng;
  private readonly sample: ServiceTimeSampler;
  /** `ServiceTime: "FromLog"`: a replayed request brings its own service time; `sample` serves the rest. */
  private readonly fromLog: boolean;
  private readonly probeServiceTimeMs: number;

  readonly id: string;
  readonly zone: string;
  private readonly concurrency: number;
  errorStatus: number;
  /** Made at the first fault: most instances never have one, and 10,000 instances would otherwise start with 110,000 objects. */
  private activeFaults: ActiveFaults | null;
  /** The last fault (not `recover`) applied, kept after it ends to explain lingering effects. */
  lastFaultIndex: number | null;
  /** The idle watchdog's resume point: the last held job its walk passed, or null to start from the oldest. */
  bookmark: Job | null;

  private readonly streams: InstanceStreams;
  /** Draws for faults with a probability, one per path: probe timing never shifts service times or request answers. Made at first use. */
  private requestChance: ((probability: number) => boolean) | null;
  private probeChance: ((probability: number) => boolean) | null;

  readonly config: InstanceConfig;

  constructor(
    config: InstanceConfig,
    scheduler: Scheduler,
    streams: InstanceStreams,
    probeServiceTimeMs: number,
  ) {
    this.epoch = 0;
    this.busy = 0;
    this.workers = config.concurrency;
    this.backlog = config.backlog;
    this.heldHead = null;
    this.heldTail = null;
    this.nextToStart = null;
    this.waiting = 0;
    this.crashed = false;
    this.hung = false;
    this.blackholed = false;
    this.errorProbability = 0;
    this.resetProbability = 0;
    this.malformedProbability = 0;
    this.healthFailStatus = 0;
    this.healthLieStatus = 0;
    this.slowFactor = 1;
    this.slowAddMs = 0;
    this.scheduler = scheduler;
    this.onComplete = (job) => this.complete(job);
    this.serviceRng = streams.service;
    this.sample = serviceTimeSampler(config.serviceTime);
    this.fromLog = config.serviceTimeFromLog === true;
    this.probeServiceTimeMs = probeServiceTimeMs;
    this.id = config.id;
    this.zone = config.zone;
    this.concurrency = config.concurrency;
    this.streams = streams;
    this.config = config;
    this.errorStatus = 500;
    this.activeFaults = null;
    this.lastFaultIndex = null;
    this.bookmark = null;
    this.requestChance = null;
    this.probeChance = null;
  }

  /** The `Events` entries in force, per kind, oldest first. */
  get faults(): ActiveFaults {
    return (this.activeFaults ??= noActiveFaults());
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

  /**
   * What a new TCP connection meets now: it opens, it is refused (crashed, backlog full), or
   * nothing answers at all (blackholed). TCP health checks ask this; they take no worker.
   */
  connectOutcome(): 'open' | 'refused' | 'silent' {
    if (this.blackholed) return 'silent';
    return !this.crashed && (this.startsAtOnce() || this.waiting < this.backlog) ? 'open' : 'refused';
  }

  /** Takes a job, or returns false: connection refused. */
  accept(job: Job): boolean {
    if (this.crashed) return false;
    if (this.startsAtOnce()) {
      appendHeld(this, job);
      this.start(job);
      return true;
    }
    if (this.waiting >= this.backlog) return false;
    appendHeld(this, job);
    this.waiting++;
    if (this.nextToStart === null) this.nextToStart = job;
    return true;
  }

  /**
   * A free worker and nothing waiting. A worker is free with jobs waiting only inside a completion,
   * before startWaiting hands it the oldest of them: a connection that comes in then (a CLB surge
   * queue's, from the completion's own answer) queues behind them.
   */
  private startsAtOnce(): boolean {
    return this.busy < this.workers && this.nextToStart === null;
  }

  private start(job: Job): void {
    this.busy++;
    job.epoch = this.epoch;
    if (!this.hung) this.scheduleCompletion(job);
  }

  private scheduleCompletion(job: Job): void {
    const baseMs = job.isProbe ? this.probeServiceTimeMs : this.fromLog && job.logServiceMs >= 0 ? job.logServiceMs : this.sample(this.serviceRng);
    const serviceMs = baseMs * this.slowFactor + this.slowAddMs;
    job.completionTimer = this.scheduler.at(this.scheduler.nowMs() + serviceMs, Priority.traffic, this.onComplete, job);
  }

  private complete(job: Job): void {
    if (job.epoch !== this.epoch) return;
    job.served = true;
    this.busy--;
    removeHeld(this, job);
    // The instance did the work, but the answer is lost on the way back.
    if (this.blackholed) job.listener.onLost(job);
    else if (this.answersNormally()) job.listener.onResponse(job, 200);
    else this.answerUnderFault(job);
    this.startWaiting();
  }

  /** What a faulty instance sends back (fault-answer.ts has the order of precedence). */
  private answerUnderFault(job: Job): void {
    const answer = this.answerFor(job.isProbe);
    if (answer.kind === 'reset') return job.listener.onReset(job);
    if (answer.kind === 'malformed') return job.listener.onMalformed(job);
    job.listener.onResponse(job, answer.status);
  }

  /** The answer to one request or probe under the faults in force, drawn from that path's own stream. Live instances ask it too. */
  answerFor(isProbe: boolean): Answer {
    const streams = this.streams;
    const chance = isProbe
      ? (this.probeChance ??= chanceFrom(() => streams.probeFaults.next()))
      : (this.requestChance ??= chanceFrom(() => streams.requestFaults.next()));
    return chooseAnswer(this, isProbe, chance);
  }

  private startWaiting(): void {
    while (this.busy < this.workers && this.nextToStart !== null) {
      const job = this.nextToStart;
      this.nextToStart = job.nextHeld;
      this.waiting--;
      this.start(job);
    }
  }

  /** The process dies: every connection it held is closed, the backlog with it. */
  crash(): void {
    if (this.crashed) return;
    this.crashed = true;
    this.epoch++;
    let job = this.heldHead;
    this.heldHead = this.heldTail = this.nextToStart = this.bookmark = null;
    this.waiting = 0;
    this.busy = 0;
    for (; job !== null; job = job.nextHeld) {
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
    const events = this.activeFaults?.[kind];
    return events !== undefined && events.length > 0 ? events[0]!.index : null;
  }

  /** The process freezes: jobs in service stop progressing; new ones queue and never finish. */
  hang(): void {
    if (this.hung) return;
    this.hung = true;
    this.epoch++;
    // The frozen jobs' completions are cancelled outright: unhang() gives them the current
    // epoch again, which would otherwise revive those old timers next to the new ones.
    for (let job = this.heldHead; job !== this.nextToStart; job = job!.nextHeld) {
      if (!job!.served && job!.completionTimer >= 0) this.scheduler.cancel(job!.completionTimer);
      job!.completionTimer = -1;
    }
  }

  /** The process resumes: frozen jobs get a fresh service time. */
  unhang(): void {
    if (!this.hung) return;
    this.hung = false;
    this.epoch++;
    for (let job = this.heldHead; job !== this.nextToStart; job = job!.nextHeld) {
      if (job!.served) continue;
      job!.epoch = this.epoch;
      this.scheduleCompletion(job!);
    }
  }
}
