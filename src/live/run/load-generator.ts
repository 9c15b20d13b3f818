// The live run's clients: the model's own arrival process (Traffic, same seeded streams) on the
// real-time clock, each arrival sent for real to the proxy. p-queue bounds the requests in flight and
// the real rate; arrivals it had to hold back count as late, and the report says the rate was not met.

import PQueue from 'p-queue';
import { Agent, request } from 'undici';
import type { SimulationSetup } from '../../model/config.js';
import { NO_LISTENER, type Job } from '../../model/instance/job.js';
import { Traffic, type TrafficSink } from '../../model/traffic/traffic.js';
import { RngStreams } from '../../sim/rng.js';
import { ARRIVAL_HEADER, CLIENT_HEADER } from '../proxy/live-proxy.js';
import type { RealTimeScheduler } from '../realtime-scheduler.js';

export interface LoadGeneratorOptions {
  setup: SimulationSetup;
  scheduler: RealTimeScheduler;
  speed: number;
  /** The proxy's base URL, on 127.0.0.1. */
  targetUrl: string;
  /** No more than this many requests are ever sent. */
  maxRequests: number;
  /** Requests per real second the scenario may need at most: twice that is never exceeded. */
  maxRealRate: number;
  /** Requests in flight at once, at most. */
  maxInFlight: number;
}

/** An arrival sent later than this (real ms) after its scenario time counts as late. */
export const LATE_TOLERANCE_REAL_MS = 20;

export class LoadGenerator implements TrafficSink {
  sent = 0;
  late = 0;
  /** Arrivals after Warmup: every one is answered, in flight at the end, or held back by the bounds. */
  arrivedCounted = 0;
  private readonly agent: Agent;
  private readonly queue: PQueue;
  private readonly traffic: Traffic;
  private stopped = false;

  constructor(private readonly options: LoadGeneratorOptions) {
    const { setup, scheduler } = options;
    // Connections are the clients' own: many, kept alive, never pipelined.
    this.agent = new Agent({ connections: options.maxInFlight, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
    // A safety net, not a shaper: Poisson bursts above the mean rate pass, a runaway rate does not.
    const perTick = Math.max(1, Math.ceil((2 * options.maxRealRate) / 10));
    this.queue = new PQueue({ concurrency: options.maxInFlight, interval: 100, intervalCap: perTick });
    const rngs = new RngStreams(setup.seed);
    this.traffic = new Traffic(setup.traffic, scheduler, rngs.stream('traffic'), rngs.stream('traffic/mix'), rngs.stream('traffic/clients'), setup.warmupMs, NO_LISTENER, this);
  }

  /** Arrivals from scenario time 0, as in the simulation, even if the clock started a moment ago. */
  start(): void {
    this.traffic.start(0);
  }

  arrive(job: Job): void {
    if (this.stopped) return;
    if (job.counted) this.arrivedCounted++;
    if (this.sent >= this.options.maxRequests) return void this.late++;
    this.sent++;
    void this.queue.add(() => this.send(job));
  }

  private async send(job: Job): Promise<void> {
    if (this.stopped) return;
    const { scheduler, speed, targetUrl } = this.options;
    if ((scheduler.nowMs() - job.arrivalMs) / speed > LATE_TOLERANCE_REAL_MS) this.late++;
    const headers: Record<string, string> = { ...job.kind.headers, [ARRIVAL_HEADER]: String(job.arrivalMs) };
    if (job.client >= 0) headers[CLIENT_HEADER] = String(job.client);
    try {
      const response = await request(`${targetUrl}${job.kind.path}`, { method: job.kind.method as 'GET', headers, dispatcher: this.agent });
      await response.body.dump();
    } catch {
      // A connection closed without an answer (HAProxy's silent close): the proxy recorded it.
    }
  }

  /** No more arrivals; those held back in the queue stay in arrivedCounted (in flight at the end). */
  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }

  /** Aborts what is still in flight and closes every connection. */
  async close(): Promise<void> {
    this.stop();
    await this.agent.destroy();
  }
}
