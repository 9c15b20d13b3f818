// The live prober keeps HAProxy's check schedule (model/health/check-schedule.ts): first checks spread
// over the servers as inter × i / n, and each next check due an interval after the previous one
// ENDED (on the real clock), not on a fixed period. Unregistered backends end each check at once.

import { describe, expect, it } from 'vitest';
import { Backend } from '../../src/live/proxy/backend.js';
import { HealthProber } from '../../src/live/proxy/health-prober.js';
import { PROFILES } from '../../src/model/profiles.js';
import { RngStreams } from '../../src/sim/rng.js';
import { setup } from '../helpers/setup.js';
import { LateClock } from './late-clock.js';


const backend = (index: number) =>
  new Backend({
    index, id: `i-${index + 1}`, zone: 'us-east-1a', url: 'http://127.0.0.1:9', weight: 1, registered: false, belief: 'InService',
    connectTimeoutRealMs: 100, responseTimeoutRealMs: 100, idleTimeoutRealMs: 100,
  });

describe('HealthProber, HAProxy schedule', () => {
  it('spreads the first checks (0 and fastinter × 1/2) and starts each next one fastinter after the last one ended', async () => {
    const scenario = setup();
    const backends = [backend(0), backend(1)];
    const clock = new LateClock();
    // Starting at health = rise (not yet fully UP), HAProxy checks every fastinter: 1 s here.
    const rules = { ...PROFILES.haproxy.behaviour.health, fastIntervalMs: 1_000 };
    const prober = new HealthProber(backends, ['InService', 'InService'], {
      check: scenario.healthCheck, rules, scheduler: clock, speed: 1,
      rng: new RngStreams(1).stream('health'), onProbe: () => undefined, onChange: () => undefined,
    });
    prober.start();
    expect(clock.due).toEqual([0, 500]);
    clock.runNext(); // i-1's check, run at 7 ms, ends at once: next due 7 + 1000
    clock.runNext(); // i-2's check, run at 507 ms: next due 1507
    clock.runNext(); // i-1 again at 1014 (7 ms late): next due 2014
    expect(clock.due).toEqual([0, 500, 1_007, 1_507, 2_014]);
    await prober.close();
    await Promise.all(backends.map((b) => b.close()));
  });
});
