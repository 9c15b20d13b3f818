// A live run counts every request once: the load generator's arrivals are the simulator's own (same
// seeded stream), so the live total equals the simulated one, and every request is either answered
// (in the status counts) or in flight at the end, also when the run ends in the middle of answers.

import { describe, expect, it } from 'vitest';
import { runLive } from '../../src/live/run/live-run.js';
import { simulate } from '../../src/simulate.js';
import { instance, setup } from '../helpers/setup.js';

describe('runLive', () => {
  it('counts each request once, as the simulation does, however the end cuts the traffic', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const quick = { serviceTime: { distribution: 'exponential' as const, meanMs: 40 }, concurrency: 16 };
      // 3 scenario seconds at 40 req/s, speed 10: 120 requests in 0.3 real seconds, many in flight at the end.
      const scenario = setup({ seed, durationMs: 3_000, warmupMs: 500, instances: [instance('i-1', quick), instance('i-2', quick)] });
      scenario.traffic = { ...scenario.traffic, rate: 40 };
      const live = await runLive(scenario, { speed: 10 });
      const answered = Object.values(live.statusCounts).reduce((sum, count) => sum + count, 0);
      expect(answered + live.requests.inFlightAtEnd, `seed ${seed}`).toBe(live.requests.total);
      expect(live.requests.total, `seed ${seed}`).toBe(simulate(scenario).requests.total);
    }
  }, 60_000);
});
