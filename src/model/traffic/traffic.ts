// The client population: an open-loop arrival process (Poisson or constant spacing) whose rate
// follows the scenario's Pattern, the method/path mix and the client. Each arrival becomes a Job.

import type { Rng } from '../../sim/rng.js';
import { Priority, type Scheduler } from '../../sim/scheduler.js';
import { ClientPopulation } from './clients.js';
import type { RequestKind, TrafficConfig } from '../config.js';
import { Job, type JobListener } from '../instance/job.js';

export interface TrafficSink {
  /** A new request from a client; `job.listener` is the balancer. */
  arrive(job: Job): void;
}

export class Traffic {
  private rate: number;
  /** Bumped on every rate change so the arrival already scheduled at the old rate is void. */
  private generation = 0;
  private nextId = 1;
  /** When the next arrival is due. The simulator's clock reads exactly this when it runs; a real clock reads later. */
  private nextArrivalMs = 0;
  private readonly cumulativeWeights: number[];
  private readonly totalWeight: number;
  private readonly clients: ClientPopulation | null;

  constructor(
    private readonly config: TrafficConfig,
    private readonly scheduler: Scheduler,
    private readonly rng: Rng,
    /** The method/path mix draws apart from arrival gaps, so changing one never shifts the other. */
    private readonly mixRng: Rng,
    /** Clients are drawn apart too, and only when the scenario has a population. */
    clientRng: Rng,
    private readonly warmupMs: number,
    private readonly listener: JobListener,
    private readonly sink: TrafficSink,
  ) {
    this.rate = config.rate;
    let sum = 0;
    this.cumulativeWeights = config.requests.map((kind) => (sum += kind.weight));
    this.totalWeight = sum;
    this.clients = config.clients === null ? null : new ClientPopulation(config.clients, clientRng);
  }

  /** `fromMs`: when arrivals begin (a live run starts its clock a few milliseconds before it gets here). */
  start(fromMs = this.scheduler.nowMs()): void {
    for (const point of this.config.pattern) {
      this.scheduler.at(point.atMs, Priority.timeline, this.onRateChange, point.rate);
    }
    this.scheduleNext(fromMs);
  }

  private readonly onRateChange = (rate: number): void => {
    this.rate = rate;
    this.generation++;
    // Poisson arrivals are memoryless, so drawing afresh from now is exact.
    this.scheduleNext(this.scheduler.nowMs());
  };

  private scheduleNext(fromMs: number): void {
    if (this.rate <= 0) return;
    const meanGapMs = 1000 / this.rate;
    const gapMs = this.config.arrival === 'poisson' ? this.rng.exponential(meanGapMs) : meanGapMs;
    this.nextArrivalMs = fromMs + gapMs;
    this.scheduler.at(this.nextArrivalMs, Priority.traffic, this.onArrival, this.generation);
  }

  private readonly onArrival = (generation: number): void => {
    if (generation !== this.generation) return;
    // The due time, not the clock: on real timers (live mode) each late timer would otherwise push
    // every later arrival back and lower the rate.
    const nowMs = this.nextArrivalMs;
    const job = new Job(this.nextId++, nowMs, this.pickKind(), nowMs >= this.warmupMs, false, this.listener);
    if (this.clients !== null) job.client = this.clients.next();
    this.scheduleNext(nowMs);
    this.sink.arrive(job);
  };

  private pickKind(): RequestKind {
    const kinds = this.config.requests;
    if (kinds.length === 1) return kinds[0]!;
    const target = this.mixRng.next() * this.totalWeight;
    let i = 0;
    while (i < kinds.length - 1 && this.cumulativeWeights[i]! <= target) i++;
    return kinds[i]!;
  }
}
