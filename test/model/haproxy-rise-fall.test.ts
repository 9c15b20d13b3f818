// HAProxy's rise/fall health counter through stepProbe (lb-semantics §4.1, src/check.c): health
// in [0, rise+fall-1], UP iff health ≥ rise, the exact updates, the start at health = rise, and
// its equivalence with the threshold machine once it has been DOWN.
import { describe, expect, it } from 'vitest';
import { stepHealth, type HealthCounters } from '../../src/model/health/health-state.js';
import { PROFILE_HEALTH_RULES } from '../../src/model/health/health-rules.js';
import { CONNECTED, NO_ANSWER, httpProbeResult, initialCountersFor, stepProbe, type ProbeCounters, type ProbeResult } from '../../src/model/health/health-machines.js';

const haproxy = PROFILE_HEALTH_RULES.haproxy!;
const riseFall = (rise: number, fall: number) => ({ healthyThreshold: rise, unhealthyThreshold: fall });
const t23 = riseFall(2, 3);
const pass = httpProbeResult(haproxy, 302);
const fail = httpProbeResult(haproxy, 500);

function play(start: ProbeCounters, results: ProbeResult[], thresholds = t23): string[] {
  let counters = start;
  return results.map((result) => {
    const step = stepProbe(haproxy, counters, result, thresholds);
    counters = step.counters;
    return `${step.kind}:${counters.state}${step.kind === 'changed' ? `:${step.probes}` : ''}@${counters.health}`;
  });
}

const down = (thresholds = t23) => initialCountersFor(haproxy, 'OutOfService', thresholds);
const fullyUp = (thresholds = t23): ProbeCounters => ({ ...initialCountersFor(haproxy, 'InService', thresholds), health: thresholds.healthyThreshold + thresholds.unhealthyThreshold - 1 });

describe('HAProxy rise/fall (§4.1)', () => {
  it('starts at health = rise: UP, and one failure takes it DOWN (probes = 1)', () => {
    const start = initialCountersFor(haproxy, 'InService', t23);
    expect(start).toMatchObject({ state: 'InService', health: 2 });
    expect(play(start, [fail])).toEqual(['changed:OutOfService:1@0']);
  });

  it('a server that joins (leaves maintenance) also gets health = rise: UP at once', () => {
    expect(initialCountersFor(haproxy, 'joining', t23)).toEqual({ state: 'InService', passes: 0, failures: 0, joining: false, health: 2 });
  });

  it('a pass at health = rise jumps to rise+fall-1 (fully UP), so fall failures are then needed', () => {
    expect(play(initialCountersFor(haproxy, 'InService', t23), [pass, fail, fail, fail])).toEqual([
      'unchanged:InService@4',
      'pending:InService@3',
      'pending:InService@2',
      'changed:OutOfService:3@0',
    ]);
  });

  it('from DOWN, health climbs one per pass and jumps to the top at rise (probes = rise)', () => {
    expect(play(down(), [pass, pass])).toEqual(['pending:OutOfService@1', 'changed:InService:2@4']);
  });

  it('a failure below rise drops health to 0, so a rise run must start over', () => {
    expect(play(down(riseFall(3, 2)), [pass, pass, fail, pass, pass, pass], riseFall(3, 2))).toEqual([
      'pending:OutOfService@1',
      'pending:OutOfService@2',
      'unchanged:OutOfService@0',
      'pending:OutOfService@1',
      'pending:OutOfService@2',
      'changed:InService:3@4',
    ]);
  });

  it('a pass while UP restores fully UP: only fall failures in a row take it down', () => {
    expect(play(fullyUp(), [fail, fail, pass, fail, fail, fail])).toEqual([
      'pending:InService@3',
      'pending:InService@2',
      'unchanged:InService@4',
      'pending:InService@3',
      'pending:InService@2',
      'changed:OutOfService:3@0',
    ]);
  });

  it('health stays within [0, rise+fall-1]', () => {
    expect(play(fullyUp(), [pass, pass])).toEqual(['unchanged:InService@4', 'unchanged:InService@4']);
    expect(play(down(), [fail, NO_ANSWER])).toEqual(['unchanged:OutOfService@0', 'unchanged:OutOfService@0']);
  });

  it('rise = 1 and fall = 1 are the edges: every result decides', () => {
    const t11 = riseFall(1, 1);
    expect(play(initialCountersFor(haproxy, 'InService', t11), [fail, pass, fail, CONNECTED], t11)).toEqual([
      'changed:OutOfService:1@0',
      'changed:InService:1@1',
      'changed:OutOfService:1@0',
      'changed:InService:1@1',
    ]);
  });

  it('once DOWN it is the threshold machine (rise = HealthyThreshold, fall = UnhealthyThreshold), 300 seeded runs', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const mismatches: string[] = [];
    for (let run = 0; run < 300; run++) {
      const thresholds = riseFall(1 + Math.floor(next() * 10), 1 + Math.floor(next() * 10));
      let ours = down(thresholds);
      let theirs: HealthCounters = { state: 'OutOfService', passes: 0, failures: 0 };
      for (let probe = 0; probe < 80; probe++) {
        const passed = next() < 0.6;
        const a = stepProbe(haproxy, ours, passed ? pass : fail, thresholds);
        const b = stepHealth(theirs, passed, thresholds);
        const ourView = `${a.kind} ${a.counters.state} ${a.kind === 'changed' ? a.probes : '-'}`;
        const theirView = `${b.kind} ${b.counters.state} ${b.kind === 'changed' ? b.probes : '-'}`;
        if (ourView !== theirView) mismatches.push(`run ${run} probe ${probe}: ${ourView} vs ${theirView}`);
        [ours, theirs] = [a.counters, b.counters];
      }
    }
    expect(mismatches).toEqual([]);
  });
});
