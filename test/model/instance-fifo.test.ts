// An instance serves its backlog first come, first served, even when a connection arrives in the
// instant a worker frees up (a CLB surge queue hands one over from inside the completion).
import { describe, expect, it } from 'vitest';
import { Instance } from '../../src/model/instance/instance.js';
import { instanceStreams } from '../../src/model/instance/instance-streams.js';
import { Job, type JobListener } from '../../src/model/instance/job.js';
import { RngStreams } from '../../src/sim/rng.js';
import { Simulator } from '../../src/sim/simulator.js';
import { instance as instanceConfig } from '../helpers/setup.js';

const KIND = { method: 'GET', path: '/', weight: 1 };
const SERVICE_MS = 10;

function oneWorkerInstance(simulator: Simulator): Instance {
  const config = instanceConfig('i-1', { concurrency: 1, backlog: 4, serviceTime: { distribution: 'constant', meanMs: SERVICE_MS } });
  return new Instance(config, simulator, instanceStreams(new RngStreams(1), 'i-1'), 1);
}

describe('instance backlog order', () => {
  it('starts the oldest waiting job when a worker frees, not one accepted during the completion', () => {
    const simulator = new Simulator();
    const instance = oneWorkerInstance(simulator);
    const answered: Array<[id: number, atMs: number]> = [];
    let late: Job | null = null;
    const listener: JobListener = {
      onResponse(job) {
        answered.push([job.id, simulator.nowMs()]);
        // In the instant A's worker frees, a new connection comes in (as a surge queue's would).
        if (job.id === 1) {
          late = new Job(3, simulator.nowMs(), KIND, true, false, listener);
          expect(instance.accept(late)).toBe(true);
        }
      },
      onReset: () => {},
      onMalformed: () => {},
      onLost: () => {},
    };
    expect(instance.accept(new Job(1, 0, KIND, true, false, listener))).toBe(true);
    expect(instance.accept(new Job(2, 0, KIND, true, false, listener))).toBe(true);
    simulator.run(100);
    // One worker, FIFO: A (1) at 10 ms, then B (2), which was waiting, at 20, then the late C (3) at 30;
    // each answered once.
    expect(answered).toEqual([
      [1, SERVICE_MS],
      [2, 2 * SERVICE_MS],
      [3, 3 * SERVICE_MS],
    ]);
    expect(late).not.toBeNull();
  });

  it('agrees with accept mid-completion: a full backlog refuses until the freed worker takes its oldest job', () => {
    const simulator = new Simulator();
    const config = instanceConfig('i-1', { concurrency: 1, backlog: 1, serviceTime: { distribution: 'constant', meanMs: SERVICE_MS } });
    const instance = new Instance(config, simulator, instanceStreams(new RngStreams(1), 'i-1'), 1);
    const seen: string[] = [];
    const listener: JobListener = {
      onResponse(job) {
        if (job.id !== 1) return;
        // B fills the one-place backlog: what a new connection meets must match what accept does.
        const outcome = instance.connectOutcome();
        const accepted = instance.accept(new Job(3, simulator.nowMs(), KIND, true, false, listener));
        seen.push(`${outcome} ${accepted}`);
      },
      onReset: () => {},
      onMalformed: () => {},
      onLost: () => {},
    };
    instance.accept(new Job(1, 0, KIND, true, false, listener));
    instance.accept(new Job(2, 0, KIND, true, false, listener));
    simulator.run(5);
    expect(instance.connectOutcome()).toBe('refused');
    simulator.run(15);
    expect(seen).toEqual(['refused false']);
    // B has the worker now and the backlog is empty again.
    expect(instance.connectOutcome()).toBe('open');
  });

  it('lets a served job go at once and moves a bookmark on it back to the job before', () => {
    const simulator = new Simulator();
    const config = instanceConfig('i-1', { concurrency: 3, backlog: 4, serviceTime: { distribution: 'constant', meanMs: SERVICE_MS } });
    // Probes take 1 ms here, requests 10 ms: a probe accepted after a request is served before it.
    const instance = new Instance(config, simulator, instanceStreams(new RngStreams(1), 'i-1'), 1);
    const listener: JobListener = { onResponse: () => {}, onReset: () => {}, onMalformed: () => {}, onLost: () => {} };
    const request = new Job(1, 0, KIND, true, false, listener);
    const probe = new Job(-1, 1, KIND, false, true, listener);
    const later = new Job(2, 3, KIND, true, false, listener);
    simulator.at(0, 0, () => instance.accept(request), null);
    simulator.at(1, 0, () => instance.accept(probe), null);
    simulator.at(3, 0, () => instance.accept(later), null);
    const heldIds = () => {
      const ids: number[] = [];
      for (let job = instance.heldHead; job !== null; job = job.nextHeld) ids.push(job.id);
      return ids;
    };
    simulator.run(1.5);
    expect(heldIds()).toEqual([1, -1]);
    instance.bookmark = probe;
    // The probe is served at 2 while the request it follows is still in service: it leaves the list
    // at once, and the bookmark falls back to the request.
    simulator.run(2);
    expect(heldIds()).toEqual([1]);
    expect(instance.bookmark).toBe(request);
    simulator.run(10);
    expect(heldIds()).toEqual([2]);
    expect(instance.bookmark).toBeNull();
  });
});
