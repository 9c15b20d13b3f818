// The pick benchmark: one algorithm alone against a pool, as a balancer drives it (pick, the
// instance's outstanding count up, and down again SCALE_IN_FLIGHT picks later), timed per pick.

import { performance } from 'node:perf_hooks';
import type { Candidate, PickRequest } from '../src/model/algorithms/algorithm.js';
import { createAlgorithm } from '../src/model/algorithms/index.js';
import type { AlgorithmName } from '../src/model/config.js';
import { RngStreams } from '../src/sim/rng.js';
import { SCALE_CLIENTS, SCALE_IN_FLIGHT, scaleSetup } from './scale-workloads.js';

interface PoolMember extends Candidate {
  outstanding: number;
}

export function runPicks(algorithm: AlgorithmName, size: number, picks: number): { wallS: number } {
  const setup = scaleSetup(algorithm, size, 1);
  const chooser = createAlgorithm(setup.balancer, { nowMs: () => 0 }, null);
  const pool: PoolMember[] = setup.instances.map((instance, index) => ({ index, id: instance.id, outstanding: 0, weight: instance.weight, belief: 'InService' }));
  chooser.reset?.(pool);
  const rng = new RngStreams(1).stream('algorithm');
  const clientRng = new RngStreams(1).stream('traffic/clients');
  const kind = { path: '/' };
  const requests: PickRequest[] = Array.from({ length: 1 << 16 }, () => ({ client: clientRng.int(SCALE_CLIENTS), kind }));
  const inFlight: PoolMember[] = new Array(SCALE_IN_FLIGHT);
  let head = 0;
  const run = (count: number): void => {
    for (let k = 0; k < count; k++) {
      const member = pool[chooser.pick(pool, rng, requests[k & 0xffff]!)]!;
      member.outstanding++;
      chooser.outstandingChanged?.(member);
      const done = inFlight[head];
      if (done !== undefined) {
        done.outstanding--;
        chooser.outstandingChanged?.(done);
      }
      inFlight[head] = member;
      head = head + 1 === SCALE_IN_FLIGHT ? 0 : head + 1;
    }
  };
  // A tenth untimed first, so the timed part runs optimised code.
  run(Math.ceil(picks / 10));
  const startMs = performance.now();
  run(picks);
  return { wallS: (performance.now() - startMs) / 1000 };
}
