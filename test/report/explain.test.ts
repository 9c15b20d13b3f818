// `explain` narratives on a real run of the seed scenario (both instances hang at 2m00s, recover
// at 6m00s): runs are deterministic, so the probe times, marks and lags are asserted exactly.
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SimulationSetup } from '../../src/model/config.js';
import type { GatewayErrorEvent, HealthCheckEvent, RequestEvent, SimEvent } from '../../src/model/run/events.js';
import type { Incident, RunResult } from '../../src/model/run/result.js';
import { faultsInForce, listIncidents, registeredAt, renderIncidentList } from '../../src/report/explain/explain.js';
import { explainIncident, incidentProbeWindow, renderIncidentExplanation } from '../../src/report/explain/explain-incident.js';
import { explainMoment, renderMoment } from '../../src/report/explain/explain-moment.js';
import { explainRequest, renderRequestExplanation } from '../../src/report/explain/explain-request.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { fault } from '../helpers/setup.js';

const repo = join(import.meta.dirname, '..', '..');

function seedSetup(): SimulationSetup {
  const loaded = loadScenarioFile(join(repo, 'scenarios/seed-elb-health-check.json'));
  if (!loaded.ok) throw new Error('the seed scenario does not load');
  return loaded.scenario;
}

/**
 * One run of the seed scenario with every event but the per-request ones kept (a few thousand), made
 * again for each test so that per-test coverage (mutation testing) sees which test reached which code.
 */
let result: RunResult;
let checks: HealthCheckEvent[];
let errors: GatewayErrorEvent[];
let requests: Map<number, RequestEvent>;

beforeEach(() => {
  const events: SimEvent[] = [];
  result = simulate(seedSetup(), { sink: { emit: (event) => events.push(event) }, logRequests: true });
  checks = events.filter((event): event is HealthCheckEvent => event.type === 'health-check');
  errors = events.filter((event): event is GatewayErrorEvent => event.type === 'gateway-error');
  requests = new Map(events.filter((event): event is RequestEvent => event.type === 'request').map((event) => [event.request, event]));
});

function incident(number: number): Incident {
  const found = result.incidents.find((candidate) => candidate.number === number);
  if (found === undefined) throw new Error(`no incident ${number}`);
  return found;
}

/** Wrapped prose as one line, so assertions do not depend on where lines break. */
const flat = (text: string) => text.replace(/\n {2,}/g, ' ');

/** What the CLI's filtering sink keeps for an incident: its instances' probes within the window. */
function windowProbes(chosen: Incident): HealthCheckEvent[] {
  const window = incidentProbeWindow(chosen, result);
  return checks.filter((c) => window.instanceIds.includes(c.instance) && c.t * 1000 >= window.fromMs && c.t * 1000 <= window.toMs + 0.001);
}

describe('explain: the incident list', () => {
  it('lists each incident on one line and shows the three selectors', () => {
    expect(listIncidents(result).incidents.map((i) => [i.number, i.status, i.reason, i.count])).toEqual([
      [1, 503, 'NoHealthyInstances', 2361],
      [2, 504, 'ResponseTimeout', 394],
    ]);
    const text = renderIncidentList(result);
    expect(text).toContain('#2 3m00s-3m42s  504 ResponseTimeout  394 requests  i-1, i-2');
    for (const flag of ['--incident N', '--at TIME', '--request ID']) expect(text).toContain(flag);
  });
});

describe('explain --incident 2 (504 ResponseTimeout while both instances hang)', () => {
  it('lists every probe from one Interval before the fault to detection, marking the ones that moved the belief', () => {
    const explanation = explainIncident(incident(2), result, { probes: windowProbes(incident(2)), omitted: 0 });
    expect(explanation.probes.from).toBe(90);
    expect(explanation.probes.to).toBe(161.760746);
    expect(explanation.probes.results.map((p) => [p.t, p.instance, p.result, p.detail, p.latency, p.movedTo])).toEqual([
      [92.19103, 'i-2', 'pass', '200', 0.001, null],
      [96.761746, 'i-1', 'pass', '200', 0.001, null],
      [127.19003, 'i-2', 'fail', 'timeout', 5, null],
      [131.760746, 'i-1', 'fail', 'timeout', 5, null],
      [157.19003, 'i-2', 'fail', 'timeout', 5, 'OutOfService'],
      [161.760746, 'i-1', 'fail', 'timeout', 5, 'OutOfService'],
    ]);
  });

  it('states the detection lag as detectedAt minus the fault time, and the per-instance marks', () => {
    const chosen = incident(2);
    const explanation = explainIncident(chosen, result, { probes: windowProbes(chosen), omitted: 0 });
    expect(explanation.faults).toEqual([{ index: 0, fault: 'hang', at: 120, instances: ['i-1', 'i-2'], until: 360 }]);
    expect(explanation.detection).toEqual({ faultAt: 120, detectedAt: 161.760746, lag: 41.760746 });
    expect(explanation.detection.lag).toBeCloseTo((chosen.detectedAtMs! - 120_000) / 1000, 6);
    const why = 'Instance has failed at least the UnhealthyThreshold number of health checks consecutively.';
    expect(explanation.beliefs).toEqual([
      { instance: 'i-1', node: 'us-east-1a', outOfServiceAt: 161.760746, afterFailures: 2, inServiceAfterFault: 41.760746, why },
      { instance: 'i-2', node: 'us-east-1a', outOfServiceAt: 157.19003, afterFailures: 2, inServiceAfterFault: 37.19003, why },
    ]);
    expect(explanation.exposed).toEqual({
      count: 394,
      firstError: 179.94078,
      lastError: 221.607673,
      status: 504,
      reason: 'ResponseTimeout',
      label: 'idle timeout',
      otherProfiles: { 'aws-alb': 504, nginx: 504, haproxy: 504, envoy: 504 },
    });
    expect(explanation.shorter).toMatch(/^With Interval 10s, detection typically takes ~20s instead of ~50s/);
  });

  it('reads as a narrative: fault, probes with the moving ones marked, lag, exposure, the fix', () => {
    const chosen = incident(2);
    const text = renderIncidentExplanation(explainIncident(chosen, result, { probes: windowProbes(chosen), omitted: 0 }), chosen, result);
    const lines = text.split('\n');
    expect(lines).toContain('  Events[0] hang on i-1 and i-2 from 2m00s until 6m00s');
    expect(lines).toContain('  2m00s Events[0] hang starts on i-1 and i-2');
    expect(lines).toContain('  2m07s i-2 fail (timeout, 5s)');
    expect(lines).toContain('  2m37s i-2 fail (timeout, 5s)  <- moved the belief: OutOfService');
    expect(lines).toContain('  2m42s i-1 fail (timeout, 5s)  <- moved the belief: OutOfService');
    expect(flat(text)).toContain('41.8s: fault at 2m00s, the last instance involved marked OutOfService at 2m42s.');
    expect(flat(text)).toContain('394 requests got 504 ResponseTimeout ("idle timeout") from 3m00s to 3m42s.');
    expect(flat(text)).toContain('so they were sent between 2m00s and 2m42s');
    const order = ['Fault', 'What the balancer believed', 'Detection lag', 'Requests exposed', 'What would have shortened it'];
    const positions = order.map((title) => lines.findIndex((line) => line.startsWith(title)));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('marks a gap when the collector dropped probes from the middle of a long window', () => {
    const chosen = incident(2);
    const probes = windowProbes(chosen);
    const text = renderIncidentExplanation(explainIncident(chosen, result, { probes: [...probes.slice(0, 3), ...probes.slice(3, 6)], omitted: 12 }), chosen, result);
    const lines = text.split('\n');
    const gap = lines.indexOf('  ... 12 more results ...');
    expect(gap).toBeGreaterThan(lines.indexOf('  2m00s Events[0] hang starts on i-1 and i-2'));
    expect(gap).toBeLessThan(lines.indexOf('  2m12s i-1 fail (timeout, 5s)'));
  });
});

describe('explain --at', () => {
  const lastProbesAt = (atS: number) => {
    const last = new Map<string, HealthCheckEvent>();
    for (const c of checks) if (c.t <= atS) last.set(c.instance, c);
    return [...last.values()];
  };

  it('at 2m50s: both instances hung and believed OutOfService, so a new request gets 503 at once', () => {
    const moment = explainMoment(result, 170_000, lastProbesAt(170));
    expect(moment.instances.map((i) => [i.id, i.truth, i.truthSince, i.beliefs[0]?.state, i.beliefs[0]?.since, i.faults.map((f) => f.index), i.lastProbe?.t])).toEqual([
      ['i-1', 'hung', 120, 'OutOfService', 161.760746, [0], 161.760746],
      ['i-2', 'hung', 120, 'OutOfService', 157.19003, [0], 157.19003],
    ]);
    expect(moment.newRequest).toMatchObject({
      answeredBy: 'balancer',
      status: 503,
      reason: 'NoHealthyInstances',
      label: 'no healthy instances',
      otherProfiles: { 'aws-alb': null, nginx: 502, haproxy: 503, envoy: null },
      candidates: [],
    });
    expect(moment.newRequest.nodes.map((n) => [n.node, n.routing, n.reachable, n.inService, n.reason])).toEqual([['us-east-1a', 'in-service', ['i-1', 'i-2'], [], 'NoHealthyInstances']]);
    const text = renderMoment(moment, result);
    expect(text).toMatch(/i-1 +hung since 2m00s +OutOfService since 2m42s +Events\[0\] hang since 2m00s +2m42s fail \(timeout, 5s\)/);
    expect(flat(text)).toContain('answers at once without trying one: 503 NoHealthyInstances ("no healthy instances")');
  });

  it('at 2m20s: hung but still believed InService, so a new request waits out the idle timeout', () => {
    const moment = explainMoment(result, 140_000, lastProbesAt(140));
    expect(moment.instances.map((i) => [i.truth, i.beliefs[0]?.state])).toEqual([
      ['hung', 'InService'],
      ['hung', 'InService'],
    ]);
    expect(moment.newRequest.candidates.map((c) => [c.id, c.reason])).toEqual([
      ['i-1', 'ResponseTimeout'],
      ['i-2', 'ResponseTimeout'],
    ]);
    expect([moment.newRequest.answeredBy, moment.newRequest.status, moment.newRequest.reason]).toEqual(['instances', 504, 'ResponseTimeout']);
    expect(flat(renderMoment(moment, result))).toContain('Belief lags the truth: the balancer still believes i-1 (hung) and i-2 (hung)');
  });

  it('at 6m10s: recovered but not yet trusted; at 1m00s: all well', () => {
    const recovered = explainMoment(result, 370_000, lastProbesAt(370));
    expect(recovered.instances.map((i) => [i.truth, i.truthSince, i.beliefs[0]?.state, i.faults.length])).toEqual([
      ['serving', 360, 'OutOfService', 0],
      ['serving', 360, 'OutOfService', 0],
    ]);
    expect(recovered.newRequest.reason).toBe('NoHealthyInstances');
    expect(flat(renderMoment(recovered, result))).toContain('each needs HealthyThreshold=2 passing checks');
    const calm = explainMoment(result, 60_000, lastProbesAt(60));
    expect(calm.newRequest).toMatchObject({ answeredBy: 'instances', status: null, reason: null });
    expect(calm.newRequest.candidates.map((c) => c.outcome)).toEqual(['answers normally', 'answers normally']);
  });

  it('knows which faults are in force: a hang until the recover, nothing after', () => {
    const setup = result.setup;
    expect(faultsInForce(setup, 'i-1', 119_999)).toEqual([]);
    expect(faultsInForce(setup, 'i-1', 120_000).map((f) => f.index)).toEqual([0]);
    expect(faultsInForce(setup, 'i-1', 359_999).map((f) => f.index)).toEqual([0]);
    expect(faultsInForce(setup, 'i-1', 360_000)).toEqual([]);
  });

  it('follows pool membership: deregistered at 1m, registered again at 2m, and never a fault in force', () => {
    const base = result.setup;
    const setup = { ...base, events: [fault(0, 60_000, 'deregister', ['i-1']), fault(1, 120_000, 'register', ['i-1'])] };
    expect([0, 60_000, 119_999, 120_000].map((tMs) => registeredAt(setup, 'i-1', tMs))).toEqual([true, false, false, true]);
    expect(registeredAt(setup, 'i-2', 90_000)).toBe(true);
    expect(faultsInForce(setup, 'i-1', 90_000)).toEqual([]);
  });
});

describe('explain --request', () => {
  const explain = (id: number) => {
    const request = requests.get(id)!;
    const error = errors.find((e) => e.request === id) ?? null;
    const span = checks.filter((c) => c.t >= request.arrival - 30 && c.t <= request.t && (request.instance === null || c.instance === request.instance));
    return explainRequest(result, request, error, span);
  };

  it('a 504: sent to a hung instance believed InService, the hang behind it, and why', () => {
    const explanation = explain(1201);
    expect(explanation.request).toMatchObject({ id: 1201, arrival: 128.446543, answeredAt: 188.446543, latency: 60, status: 504, reason: 'ResponseTimeout', label: 'idle timeout', attempts: 1, instance: 'i-1' });
    expect(explanation.instance).toMatchObject({ id: 'i-1', truthAtArrival: 'hung', truthAtAnswer: 'hung', beliefWhenSent: 'InService' });
    expect(explanation.instance?.beliefAtAnswer).toEqual([{ node: 'us-east-1a', state: 'OutOfService', since: 161.760746 }]);
    expect(explanation.fault).toEqual({ index: 0, fault: 'hang', at: 120, instances: ['i-1', 'i-2'], until: 360 });
    expect(explanation.probes.map((p) => [p.t, p.result, p.movedTo])).toEqual([
      [131.760746, 'fail', null],
      [161.760746, 'fail', 'OutOfService'],
    ]);
    expect(explanation.why).toContain('The balancer sent it to i-1, believing it InService, but i-1 was hung: nothing came back within the 60s idle timeout.');
    expect(explanation.why).toContain('marked i-1 OutOfService at 2m42s, 33.3s after the request arrived');
    const text = renderRequestExplanation(explanation, result);
    expect(text).toContain('got      504 ResponseTimeout ("idle timeout") from the balancer at 3m08s, after 60s');
  });

  it('a 503: no instance InService, every instance shown as believed and as it truly was', () => {
    const explanation = explain(1526);
    expect(explanation.request).toMatchObject({ status: 503, reason: 'NoHealthyInstances', instance: null, attempts: 0 });
    expect(explanation.pool.map((m) => [m.id, m.truth, m.beliefs[0]?.state])).toEqual([
      ['i-1', 'hung', 'OutOfService'],
      ['i-2', 'hung', 'OutOfService'],
    ]);
    expect(explanation.why).toMatch(/^No instance was InService when it arrived, so the balancer answered at once/);
    expect(explanation.why).toContain('nginx 502');
  });

  it('a 200: served normally', () => {
    const explanation = explain(5);
    expect(explanation.request).toMatchObject({ status: 200, backendStatus: 200, reason: null, instance: 'i-1' });
    expect(explanation.fault).toBeNull();
    expect(explanation.why).toBe('Served normally: i-1 answered 200 in 1.96ms.');
  });
});
