// The health threshold state machine on its own: consecutive failures take an instance out,
// consecutive passes bring it back, and each change says why.
import { describe, expect, it } from 'vitest';
import { HEALTH_REASON, initialCounters, stepHealth, type HealthCounters } from '../../src/model/health/health-state.js';

const thresholds = { unhealthyThreshold: 2, healthyThreshold: 3 };

function play(start: HealthCounters, results: boolean[]) {
  let counters = start;
  return results.map((passed) => {
    const step = stepHealth(counters, passed, thresholds);
    counters = step.counters;
    return `${step.kind}:${counters.state}`;
  });
}

describe('health state machine', () => {
  it('goes OutOfService after UnhealthyThreshold consecutive failures', () => {
    expect(play(initialCounters('InService'), [false, false])).toEqual(['pending:InService', 'changed:OutOfService']);
  });

  it('a pass in between resets the failure count', () => {
    expect(play(initialCounters('InService'), [false, true, false, true])).toEqual([
      'pending:InService',
      'unchanged:InService',
      'pending:InService',
      'unchanged:InService',
    ]);
  });

  it('comes back InService only after HealthyThreshold consecutive passes', () => {
    expect(play(initialCounters('OutOfService'), [true, true, false, true, true, true])).toEqual([
      'pending:OutOfService',
      'pending:OutOfService',
      'unchanged:OutOfService',
      'pending:OutOfService',
      'pending:OutOfService',
      'changed:InService',
    ]);
  });

  it('reports how many probes moved it and resets counters on a change', () => {
    const step = stepHealth({ state: 'InService', passes: 0, failures: 1 }, false, thresholds);
    expect(step).toEqual({ kind: 'changed', counters: { state: 'OutOfService', passes: 0, failures: 0 }, from: 'InService', probes: 2 });
  });

  it("uses AWS's description for OutOfService", () => {
    expect(HEALTH_REASON.OutOfService).toBe('Instance has failed at least the UnhealthyThreshold number of health checks consecutively.');
  });
});
