// The test's own count of a run, kept apart from the balancer's counters: every arrival and every
// attempt with how it ended, seen at the seam between the balancer node and the simulated wire.
// The wrappers only watch (each calls the real method); the run's totals are then checked against this.

import { Balancer } from '../../src/model/balancer/balancer.js';
import { LoadBalancer } from '../../src/model/balancer/load-balancer.js';
import type { AttemptListener } from '../../src/model/balancer/node-transport.js';
import { SimTransport } from '../../src/model/balancer/sim-transport.js';
import type { Slot } from '../../src/model/balancer/slot.js';
import type { Job } from '../../src/model/instance/job.js';

/** How one attempt ended, as the instance or the wire decided it (not as the balancer classified it). */
export type AttemptEnd = 'answered' | 'refused' | 'race' | 'reset' | 'malformed' | 'timeout' | 'connect-timeout' | 'cut';

export interface Attempt {
  request: number;
  counted: boolean;
  instance: string;
  node: string;
  startMs: number;
  end: AttemptEnd | null;
  endMs: number | null;
  /** The instance's status, for an attempt it answered. */
  status: number | null;
}

export interface Arrival {
  request: number;
  arrivalMs: number;
  counted: boolean;
}

export interface Ledger {
  arrivals: Arrival[];
  attempts: Attempt[];
  /** Answers that came after the attempt had ended (the client had its timeout already). */
  lateAnswers: number;
  /** Broken bookkeeping seen while watching: an end for no open attempt, an attempt opened twice. */
  violations: string[];
}

/** The scheduler is private to the node; the ledger reads the clock through it, nothing else. */
const nowOf = (node: Balancer): number => (node as unknown as { scheduler: { nowMs(): number } }).scheduler.nowMs();

/**
 * Replaces a prototype method by a wrapper and returns how to put it back. Plain patching, not
 * vi.spyOn: a spy keeps every call's arguments, hundreds of thousands per property.
 */
function patch<T extends object, K extends keyof T>(prototype: T, name: K, wrap: (real: T[K]) => T[K]): () => void {
  const real = prototype[name];
  prototype[name] = wrap(real);
  return () => void (prototype[name] = real);
}

/**
 * Watches every run started while installed; `take()` returns the ledger of the runs since the last
 * take. Call `restore()` when done.
 */
export function watchAttempts(): { take(): Ledger; restore(): void } {
  let ledger: Ledger = fresh();
  /** The attempt each job object has open: a job carries at most one at a time. */
  let open = new Map<Job, Attempt>();
  const restores: Array<() => void> = [];

  const end = (node: Balancer, job: Job, how: AttemptEnd, status: number | null = null): void => {
    const attempt = open.get(job);
    if (!attempt) return void ledger.violations.push(`${how} for request ${job.id} with no attempt open`);
    open.delete(job);
    attempt.end = how;
    attempt.endMs = nowOf(node);
    attempt.status = status;
  };

  restores.push(patch(LoadBalancer.prototype, 'arrive', (arrive) => function (this: LoadBalancer, job: Job) {
    ledger.arrivals.push({ request: job.id, arrivalMs: job.arrivalMs, counted: job.counted });
    arrive.call(this, job);
  }));

  restores.push(patch(SimTransport.prototype, 'open', (openReal) => function (this: SimTransport, job: Job, slot: Slot, node: AttemptListener<Slot>) {
    const balancer = node as Balancer;
    if (open.has(job)) ledger.violations.push(`request ${job.id} opened an attempt with one still open`);
    const attempt: Attempt = { request: job.id, counted: job.counted, instance: slot.id, node: balancer.node, startMs: nowOf(balancer), end: null, endMs: null, status: null };
    ledger.attempts.push(attempt);
    open.set(job, attempt);
    const opened = openReal.call(this, job, slot, node);
    if (opened !== 'sent') end(balancer, job, opened);
    return opened;
  }));

  restores.push(patch(SimTransport.prototype, 'cutInFlight', (cutReal) => function (this: SimTransport, slot: Slot, node: AttemptListener<Slot>, cut: (job: Job) => void) {
    cutReal.call(this, slot, node, (job: Job) => {
      end(node as Balancer, job, 'cut');
      cut(job);
    });
  }));

  /** The node's entry points the instance and the wire call; a job already done is a late answer. */
  const watchEnd = (method: 'onResponse' | 'onReset' | 'onMalformed' | 'onIdleTimeout' | 'onConnectFailed', how: (args: unknown[]) => AttemptEnd) => {
    const patchEnd = patch as (prototype: object, name: string, wrap: (real: (...args: unknown[]) => void) => unknown) => () => void;
    restores.push(patchEnd(Balancer.prototype, method, (real) => function (this: Balancer, ...args: unknown[]) {
      const job = args[0] as Job;
      if (job.done) ledger.lateAnswers++;
      else end(this, job, how(args), method === 'onResponse' ? (args[1] as number) : null);
      real.apply(this, args);
    }));
  };
  watchEnd('onResponse', () => 'answered');
  watchEnd('onReset', () => 'reset');
  watchEnd('onMalformed', () => 'malformed');
  watchEnd('onIdleTimeout', () => 'timeout');
  watchEnd('onConnectFailed', (args) => (args[2] === 'ConnectTimeout' ? 'connect-timeout' : 'refused'));

  return {
    take() {
      const taken = ledger;
      ledger = fresh();
      open = new Map();
      return taken;
    },
    restore() {
      for (const restore of restores.reverse()) restore();
    },
  };
}

function fresh(): Ledger {
  return { arrivals: [], attempts: [], lateAnswers: 0, violations: [] };
}
