// CLB's surge queue times every waiting request out an idle timeout after its arrival, also one
// queued behind later arrivals (it spent its first seconds on connect timeouts), and counts it out.
import { describe, expect, it } from 'vitest';
import { SurgeQueue, type SurgeQueueOwner } from '../../src/model/balancer/surge-queue.js';
import { Job, NO_LISTENER } from '../../src/model/instance/job.js';
import { Simulator } from '../../src/sim/simulator.js';
import { Priority } from '../../src/sim/scheduler.js';

const KIND = { method: 'GET', path: '/', weight: 1 };
const IDLE_MS = 21_000;

/** An owner whose instances never take a connection, recording when each request failed and why. */
function queueOn(simulator: Simulator) {
  const failures: Array<{ id: number; atMs: number; reason: string }> = [];
  const owner: SurgeQueueOwner = {
    tryDispatch: () => false,
    surgeFailed: (job, reason) => {
      job.done = true;
      failures.push({ id: job.id, atMs: simulator.nowMs(), reason });
    },
  };
  return { queue: new SurgeQueue(1024, IDLE_MS, simulator, owner), failures };
}

describe('CLB surge queue deadlines', () => {
  it('a request that arrived before those queued ahead of it times out at its own arrival + idle timeout', () => {
    const simulator = new Simulator();
    const { queue, failures } = queueOn(simulator);
    // Request 2 arrives at 1 s and is refused at once; request 1 arrived at 0 s but joins at 10 s,
    // after a connect timeout: its client leaves at 21 s, before request 2's at 22 s.
    const offerAt = (atMs: number, job: Job) => simulator.at(atMs, Priority.traffic, () => queue.offer(job), null);
    offerAt(1_000, new Job(2, 1_000, KIND, true, false, NO_LISTENER));
    offerAt(10_000, new Job(1, 0, KIND, true, false, NO_LISTENER));
    simulator.at(21_500, Priority.traffic, () => expect([queue.length, queue.countedWaiting]).toEqual([1, 1]), null);
    simulator.run(60_000);
    expect(failures).toEqual([
      { id: 1, atMs: 21_000, reason: 'ResponseTimeout' },
      { id: 2, atMs: 22_000, reason: 'ResponseTimeout' },
    ]);
    expect([queue.length, queue.countedWaiting]).toEqual([0, 0]);
  });
});
