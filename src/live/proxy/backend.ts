// One instance behind the live proxy: its URL, its undici agent with the profile's connect and
// response timeouts, the proxy's outstanding count and its health belief (the model's counters).

import { Agent } from 'undici';
import type { Candidate } from '../../model/algorithms/algorithm.js';
import type { ProbeCounters } from '../../model/health/health-machines.js';

export interface BackendOptions {
  index: number;
  id: string;
  url: string;
  weight: number;
  /** Real milliseconds (scenario milliseconds divided by the speed). */
  connectTimeoutMs: number;
  responseTimeoutMs: number;
  counters: ProbeCounters;
}

export class Backend implements Candidate {
  readonly index: number;
  readonly id: string;
  readonly url: string;
  readonly weight: number;
  readonly agent: Agent;
  outstanding = 0;
  counters: ProbeCounters;

  constructor(options: BackendOptions) {
    this.index = options.index;
    this.id = options.id;
    this.url = options.url;
    this.weight = options.weight;
    this.counters = options.counters;
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.responseTimeoutMs,
      bodyTimeout: options.responseTimeoutMs,
    });
  }

  get belief(): 'InService' | 'OutOfService' {
    return this.counters.state === 'InService' ? 'InService' : 'OutOfService';
  }

  close(): Promise<void> {
    return this.agent.destroy();
  }
}
