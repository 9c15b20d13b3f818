// The live prober keeps the model's probe schedule on a real clock: each probe is due one Interval
// after the last one's due time, so a clock that reads late at every tick does not push later probes back.

import { describe, expect, it } from 'vitest';
import { Backend } from '../../src/live/proxy/backend.js';
import { HealthProber } from '../../src/live/proxy/health-prober.js';
import { PROFILES } from '../../src/model/profiles.js';
import { RngStreams } from '../../src/sim/rng.js';
import { setup } from '../helpers/setup.js';
import { LateClock } from './late-clock.js';


describe('HealthProber', () => {
  it('schedules every probe one Interval after the last one was due, however late the clock ran it', async () => {
    const scenario = setup();
    const backend = new Backend({
      index: 0, id: 'i-1', zone: 'us-east-1a', url: 'http://127.0.0.1:9', weight: 1, registered: false, belief: 'InService',
      connectTimeoutRealMs: 100, responseTimeoutRealMs: 100, idleTimeoutRealMs: 100,
    });
    const clock = new LateClock();
    const prober = new HealthProber([backend], ['InService'], {
      check: scenario.healthCheck, rules: PROFILES['aws-clb'].behaviour.health, scheduler: clock, speed: 1,
      rng: new RngStreams(1).stream('health'), onProbe: () => undefined, onChange: () => undefined,
    });
    prober.start();
    for (let i = 0; i < 20; i++) clock.runNext();
    const phase = clock.due[0]!;
    expect(clock.due.slice(0, 21)).toEqual(Array.from({ length: 21 }, (_, k) => phase + k * scenario.healthCheck.intervalMs));
    await prober.close();
    await backend.close();
  });
});
