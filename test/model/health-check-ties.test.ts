// Health checks that fall due at the same instant as a probe's timeout. The event queue's rule
// (time, then priority, then the order of scheduling) fixes which runs first; the expected orders
// below are worked out by hand from that rule and from when the checker schedules each event.
import { describe, expect, it } from 'vitest';
import type { HealthCheckConfig } from '../../src/model/config.js';
import { HealthChecker } from '../../src/model/health/health-checker.js';
import { PROFILE_HEALTH_RULES } from '../../src/model/health/health-rules.js';
import { Instance } from '../../src/model/instance/instance.js';
import { instanceStreams } from '../../src/model/instance/instance-streams.js';
import { RngStreams, type Rng } from '../../src/sim/rng.js';
import { Simulator } from '../../src/sim/simulator.js';
import { instance, setup } from '../helpers/setup.js';

/** Every fixed-period check gets phase 0, so all of them tie. */
const ZERO_PHASE: Rng = { next: () => 0, exponential: () => 0, int: () => 0 };

const tcpCheck = (intervalMs: number, timeoutMs: number): HealthCheckConfig => ({
  ...setup().healthCheck,
  target: 'TCP:80',
  protocol: 'TCP',
  path: '',
  intervalMs,
  timeoutMs,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
});

/** Checks `kinds` (a crashed instance refuses at once; a blackholed one lets the probe time out) until `untilMs`. */
function probes(profile: 'aws-clb' | 'haproxy', check: HealthCheckConfig, kinds: Array<'crashed' | 'blackholed'>, untilMs: number): string[] {
  const sim = new Simulator();
  const rngs = new RngStreams(1);
  const seen: string[] = [];
  const checker = new HealthChecker(0, 'node', check, PROFILE_HEALTH_RULES[profile]!, sim, ZERO_PHASE, {
    onProbe: (_node, target, _passed, detail) => void seen.push(`${sim.nowMs()} ${target.id} ${detail}`),
    onTransition: () => undefined,
  });
  kinds.forEach((kind, i) => {
    const target = new Instance(instance(`i-${i + 1}`), sim, instanceStreams(rngs, `i-${i + 1}`), 1);
    if (kind === 'crashed') target.crash();
    else target.blackholed = true;
    checker.watch(target, 'InService', true);
  });
  checker.start();
  sim.run(untilMs);
  return seen;
}

describe('health checks tied with probe timeouts', () => {
  // Fixed period, Timeout = Interval = 1 s, all phases 0. At 0 each check schedules its next check
  // first and then (i-2, silent) its probe's timeout, so at 1 s: i-1's check, i-2's check, i-2's
  // timeout, i-3's check: the timeout lands between two checks of the same instant.
  it('fixed period: a timeout runs after the checks scheduled before it and before those scheduled after', () => {
    expect(probes('aws-clb', tcpCheck(1000, 1000), ['crashed', 'blackholed', 'crashed'], 2000)).toEqual([
      '0 i-1 refused',
      '0 i-3 refused',
      '1000 i-1 refused',
      '1000 i-2 timeout',
      '1000 i-3 refused',
      '2000 i-1 refused',
      '2000 i-2 timeout',
      '2000 i-3 refused',
    ]);
  });

  // HAProxy spreads first checks over whole milliseconds: i-1 at 0, i-2 at 1000 × 1/2 = 500. i-1's
  // probe (Timeout 500 ms) times out at 500 too; i-2's check was scheduled first (at start), so it
  // runs first. Each next check is due Interval after the previous one ended: both at 1500, i-2's
  // scheduled first (at its refusal) and i-1's after (at its timeout).
  it('HAProxy: a first check at an integer spread phase runs before the timeout scheduled after it', () => {
    expect(probes('haproxy', tcpCheck(1000, 500), ['blackholed', 'crashed'], 2600)).toEqual([
      '500 i-2 refused',
      '500 i-1 timeout',
      '1500 i-2 refused',
      '2000 i-1 timeout',
      '2500 i-2 refused',
    ]);
  });
});
