// How a KeepAliveRace incident reads: no fault, both timeouts named, and the fix as its hint.
import { describe, expect, it } from 'vitest';
import type { Incident, RunResult } from '../../src/model/run/result.js';
import { describeIncident } from '../../src/report/text/incident-text.js';
import { instance } from '../helpers/setup.js';
import { quietRun, setupFor } from './fixtures.js';

const RACE: Incident = {
  number: 1, startMs: 34_000, endMs: 34_000, status: 504, reason: 'KeepAliveRace', count: 1,
  instanceIds: ['i-1'], faultIndexes: [], detectedAtMs: null, node: null,
};

function raceRun(keepAliveTimeoutMs: number[]): RunResult {
  const run = quietRun();
  run.setup = setupFor(keepAliveTimeoutMs.map((ms, i) => instance(`i-${i + 1}`, { keepAliveTimeoutMs: ms })));
  run.incidents = [{ ...RACE, instanceIds: keepAliveTimeoutMs.map((_, i) => `i-${i + 1}`) }];
  return run;
}

describe('KeepAliveRace incident text', () => {
  it('blames no fault but the setting, naming both timeouts and the network delay', () => {
    const run = raceRun([5_000]);
    const [cause] = describeIncident(run.incidents[0]!, run);
    expect(cause).toContain('No fault was active: i-1 closed keep-alive connections after 5s idle');
    expect(cause).toContain('in the 0.5ms before the close reached the balancer (OneWayDelay)');
    expect(cause).toContain('Instance KeepAliveTimeout 5s < idle timeout 60s: set it above.');
    expect(cause).toContain('A Classic ELB answers 504 here');
  });

  it('gives the fix as its hint: KeepAliveTimeout above the idle timeout', () => {
    const run = raceRun([5_000]);
    const [, hint] = describeIncident(run.incidents[0]!, run);
    expect(hint).toMatch(/^Fix: KeepAliveTimeout 65s, above the 60s idle timeout/);
  });

  it('lists each short KeepAliveTimeout once, and only those below the idle timeout', () => {
    const run = raceRun([5_000, 30_000, 5_000, 65_000]);
    const [cause] = describeIncident(run.incidents[0]!, run);
    expect(cause).toContain('Instance KeepAliveTimeout 5s and 30s < idle timeout 60s');
  });
});
