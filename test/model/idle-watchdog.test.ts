// Idle-timeout watchdogs of several instances share one timer set. A watchdog re-armed while another
// instance's deadline comes first must still run at its deadline in the place it was scheduled: the
// expected orders follow the queue's rule (time, priority, then the order of scheduling) by hand.
import { describe, expect, it } from 'vitest';
import { createIdleWatchdogs, type IdleTimeoutListener } from '../../src/model/balancer/idle-watchdog.js';
import type { Instance } from '../../src/model/instance/instance.js';
import { Job } from '../../src/model/instance/job.js';
import { Priority } from '../../src/sim/scheduler.js';
import { Simulator } from '../../src/sim/simulator.js';

const IDLE_TIMEOUT_MS = 100;

/** The part of an instance a watchdog reads: the requests it holds, in accept order, linked through the jobs. */
function heldRequests(jobs: Job[]): Instance {
  return {
    bookmark: null,
    get heldHead() {
      return jobs[0] ?? null;
    },
    get heldTail() {
      return jobs.at(-1) ?? null;
    },
  } as unknown as Instance;
}

describe('idle watchdogs in one timer set', () => {
  it('a watchdog re-armed behind another instance\'s deadline times out before an event scheduled after the re-arm', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const listener = { onIdleTimeout: (job: Job) => void seen.push(`${sim.nowMs()} timeout ${job.id}`) } as IdleTimeoutListener;
    const held: [Job[], Job[]] = [[], []];
    const watchdogs = createIdleWatchdogs([heldRequests(held[0]), heldRequests(held[1])], sim);
    const accept = (instance: 0 | 1, id: number) => {
      const job = new Job(id, sim.nowMs(), { method: 'GET', path: '/', weight: 1 }, true, false, listener);
      job.deadlineMs = sim.nowMs() + IDLE_TIMEOUT_MS;
      const previous = held[instance].at(-1);
      if (previous !== undefined) previous.nextHeld = job;
      held[instance].push(job);
      watchdogs[instance]!.watch(job.deadlineMs);
      return job;
    };
    const at = (atMs: number, action: () => void) => sim.at(atMs, Priority.traffic, action, null);
    let first: Job | null = null;
    at(0, () => (first = accept(0, 1))); // instance 0's watchdog: due at 100
    at(50, () => accept(1, 2)); // instance 1's: due at 150
    at(60, () => accept(0, 3)); // deadline 160, behind request 1
    at(70, () => (first!.done = true)); // request 1 answered
    // At 100 instance 0's watchdog finds request 1 answered and re-arms at 160 (request 3).
    at(120, () => at(160, () => seen.push('160 event scheduled at 120')));
    sim.run(1000);
    expect(seen).toEqual(['150 timeout 2', '160 timeout 3', '160 event scheduled at 120']);
  });

  it('arms once for a request accepted while it walks (a retry sent back to the same instance)', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const held: Job[] = [];
    const [watchdog] = createIdleWatchdogs([heldRequests(held)], sim);
    const accept = (id: number) => {
      const job = new Job(id, sim.nowMs(), { method: 'GET', path: '/', weight: 1 }, true, false, listener);
      job.deadlineMs = sim.nowMs() + IDLE_TIMEOUT_MS;
      const previous = held.at(-1);
      if (previous !== undefined) previous.nextHeld = job;
      held.push(job);
      watchdog!.watch(job.deadlineMs);
    };
    // Timing out request 1 at 100 sends its retry (request 2) to the same instance at once.
    const listener = {
      onIdleTimeout: (job: Job) => {
        job.done = true;
        seen.push(`${sim.nowMs()} timeout ${job.id}`);
        if (job.id === 1) accept(2);
      },
    } as IdleTimeoutListener;
    sim.at(0, Priority.traffic, () => accept(1), null);
    sim.run(1000);
    expect(seen).toEqual(['100 timeout 1', '200 timeout 2']);
    // By hand: the accept at 0, the watchdog at 100, and once more at 200 for request 2, which its
    // own watch() armed; a walk that went on to it would have armed a second timer (4 events).
    expect(sim.eventsExecuted).toBe(3);
  });
});
