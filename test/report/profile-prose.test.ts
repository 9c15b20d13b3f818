// The report's prose must be true under every profile and with several balancer nodes: each lesson
// that runs a non-CLB profile, zones or retries is read here for the sentences that say so, and for
// the single-node Classic ELB sentences that would be false there.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HealthCheckEvent, SimEvent } from '../../src/model/run/events.js';
import type { Incident, RunResult } from '../../src/model/run/result.js';
import { renderIncidentList } from '../../src/report/explain/explain.js';
import { ExposureCollector } from '../../src/report/explain/explain-exposure.js';
import { explainIncident, renderIncidentExplanation } from '../../src/report/explain/explain-incident.js';
import { explainMoment, renderMoment } from '../../src/report/explain/explain-moment.js';
import { describeIncident } from '../../src/report/text/incident-text.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';

const repo = join(import.meta.dirname, '..', '..');

interface Lesson {
  result: RunResult;
  checks: HealthCheckEvent[];
  events: SimEvent[];
}

const cache = new Map<string, Lesson>();

/** One run of a lesson with every event kept (they are small lessons). */
function lesson(name: string): Lesson {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const loaded = loadScenarioFile(join(repo, 'scenarios', `${name}.json`));
  if (!loaded.ok) throw new Error(`${name} does not load`);
  const events: SimEvent[] = [];
  const result = simulate(loaded.scenario, { sink: { emit: (event) => events.push(event) }, logRequests: true });
  const run = { result, events, checks: events.filter((event): event is HealthCheckEvent => event.type === 'health-check') };
  cache.set(name, run);
  return run;
}

/** Wrapped prose as one line, so assertions do not depend on where lines break. */
const flat = (text: string) => text.replace(/\n {2,}/g, ' ');

function incidentOf(run: Lesson, reason: Incident['reason']): Incident {
  const found = run.result.incidents.find((incident) => incident.reason === reason);
  if (found === undefined) throw new Error(`no ${reason} incident`);
  return found;
}

const prose = (run: Lesson, reason: Incident['reason']) => describeIncident(incidentOf(run, reason), run.result).join(' ');

function explained(run: Lesson, incident: Incident): string {
  const exposure = new ExposureCollector(incident);
  for (const event of run.events) exposure.emit(event);
  const probes = run.checks.filter((c) => incident.instanceIds.includes(c.instance));
  return flat(renderIncidentExplanation(explainIncident(incident, run.result, { probes, omitted: 0 }, exposure.collected()), incident, run.result));
}

function momentAt(run: Lesson, atS: number): string {
  const last = new Map<string, HealthCheckEvent>();
  for (const c of run.checks) if (c.t <= atS) last.set(`${c.node} ${c.instance}`, c);
  return flat(renderMoment(explainMoment(run.result, atS * 1000, [...last.values()]), run.result));
}

describe('Envoy in panic', () => {
  it('says the checks caught the hosts but panic routed to all of them, and suggests PanicThreshold 0', () => {
    const text = prose(lesson('all-unhealthy-envoy-panic'), 'ConnectRefused');
    expect(text).toContain('Envoy retries nothing without a retry policy');
    expect(text).toContain("from 2m19s only 1 of 4 hosts (25%) was healthy, below Envoy's 50% panic threshold");
    expect(text).toContain('routed to all 4 hosts');
    expect(text).toContain('PanicThreshold 0');
    expect(text).not.toMatch(/kept routing|stopped routing|every InService instance/);
  });

  it('at 3m routes among all four hosts, three of which refuse', () => {
    const text = momentAt(lesson('all-unhealthy-envoy-panic'), 180);
    expect(text).toContain('and routes to all 4 hosts (round-robin)');
    expect(text).toContain('a request sent to one of host-1, host-2 and host-3 (3 of the 4) gets 503 ConnectRefused');
    expect(text).not.toContain('picks one of 1 InService instance');
  });
});

describe('ALB failing open', () => {
  it('at 3m fails open on both nodes and routes to the three targets, which answer', () => {
    const text = momentAt(lesson('all-unhealthy-alb-fails-open'), 180);
    expect(text).toContain('us-east-1a and us-east-1b nodes: no target is healthy, so the ALB fails open and routes to all 3 targets');
    expect(text).toContain('answers normally (only its health check fails)');
    expect(text).not.toContain('answers at once');
  });

  it('the incident list says it failed open, though nothing was an error', () => {
    const text = renderIncidentList(lesson('all-unhealthy-alb-fails-open').result).replace(/\n/g, ' ');
    expect(text).toContain('No incidents: no gateway errors.');
    expect(text).toMatch(/The ALB failed open: [\d,]+ attempts were sent to instances their node believed OutOfService \(UnhealthyRoutingRequestCount\)/);
  });
});

describe('nginx without active checks', () => {
  it('tells the outage by fail_timeout, not by health checks and Intervals', () => {
    const run = lesson('all-unhealthy-nginx-no-live-upstreams');
    const text = prose(run, 'NoHealthyInstances');
    expect(text).toContain('nginx disabled each server after a failed request (max_fails=1, fail_timeout=10s): app-1, app-2 and app-3 at 2m00s');
    expect(text).toContain('Every 11s (fail_timeout 10s, counted in whole seconds) nginx let one request try each disabled server again');
    expect(text).toContain('brought app-2 back at 4m01s');
    expect(text).toContain('A shorter fail_timeout');
    expect(text).not.toMatch(/HealthyThreshold|Interval|health checks in a row/);
  });

  it('names the refused requests as the ones let through after fail_timeout', () => {
    const text = prose(lesson('all-unhealthy-nginx-no-live-upstreams'), 'ConnectRefused');
    expect(text).toContain('These were the requests let through every 11s');
    expect(text).not.toMatch(/kept routing|health checks in a row/);
  });

  it('explains an incident and a moment with passive marks, not probes', () => {
    const run = lesson('all-unhealthy-nginx-no-live-upstreams');
    const text = explained(run, incidentOf(run, 'NoHealthyInstances'));
    expect(text).toContain('passive marks of app-1, app-2 and app-3');
    expect(text).toContain('disabled at 2m00s by a failed request');
    expect(text).not.toMatch(/failed checks in a row|No health-check result/);
    const moment = momentAt(run, 180);
    expect(moment).toContain('last passive mark');
    expect(moment).toContain('No server is live');
    expect(moment).not.toContain('none yet');
  });
});

describe('nginx resending timeouts', () => {
  it('says each GET was resent, with the attempts, and that passive checks are off', () => {
    const run = lesson('retries-amplify-load');
    const text = prose(run, 'ResponseTimeout');
    expect(text).toContain('each GET was resent to the next server (proxy_next_upstream timeout)');
    expect(text).toContain('(up to 3 attempts, 6s)');
    expect(text).toMatch(/nginx made [\d,]+ attempts for [\d,]+ requests \(2\.\d\d per request\)/);
    expect(text).toContain('max_fails=0 turns its passive checks off');
    expect(text).not.toContain('Health checks never failed');
  });

  it('measures when the exposed requests arrived instead of subtracting one timeout', () => {
    const run = lesson('retries-amplify-load');
    const text = explained(run, incidentOf(run, 'ResponseTimeout'));
    expect(text).toMatch(/Each made 3 attempts, resent after each failure, so a client waited up to 6s/);
    expect(text).not.toContain('Each waited the 2s');
  });
});

describe('cross-zone off, one zone down', () => {
  it('puts the 503s on the us-east-1b node, its two instances, and suggests cross-zone', () => {
    const run = lesson('cross-zone-off-one-zone-down');
    const incident = incidentOf(run, 'NoHealthyInstances');
    expect(incident.instanceIds).toEqual(['b-1', 'b-2']);
    const text = prose(run, 'NoHealthyInstances');
    expect(text).toContain('From 2m13s the us-east-1b node had no InService instance in its zone');
    expect(text).toContain('the us-east-1b node marked them OutOfService: b-2 at 2m11s, b-1 at 2m13s');
    expect(text).toContain('enable cross-zone load balancing');
    expect(text).not.toContain('no instance was InService');
    expect(prose(run, 'ConnectRefused')).toContain('every InService instance in us-east-1b');
  });

  it('explains the incident with the us-east-1b node only, and each node at 3m', () => {
    const run = lesson('cross-zone-off-one-zone-down');
    const text = explained(run, incidentOf(run, 'NoHealthyInstances'));
    expect(text).toContain('as the us-east-1b node saw them');
    expect(text).not.toContain('(us-east-1a) was never marked');
    const moment = momentAt(run, 180);
    expect(moment).toContain('us-east-1a node: it picks one of 2 InService instances in us-east-1a');
    expect(moment).toContain('us-east-1b node: no instance in us-east-1b is InService');
  });
});

describe('Classic ELB lessons told by what happened', () => {
  it('a blackhole loses only the answers in flight; new connections are retried after the connect timeout', () => {
    const run = lesson('blackhole-connect-timeout');
    const lost = prose(run, 'ResponseTimeout');
    expect(lost).toContain('Only the 1 request already in flight when it began was lost');
    expect(lost).toContain('New connections to it waited the 10s connect timeout and were retried on another InService instance');
    const timeout = prose(run, 'ConnectTimeout');
    expect(timeout).toContain('no retry was possible: no other instance was InService (i-1 OutOfService since 2m18s)');
    expect(timeout).toContain('The 504 is inferred (not documented by AWS).');
    expect(explained(run, incidentOf(run, 'ResponseTimeout'))).toContain('It waited the 60s idle timeout, so it was sent at 2m00s.');
  });

  it('a flapping instance is said to have come back, and a higher HealthyThreshold suggested', () => {
    const run = lesson('flapping-instance');
    const second = run.result.incidents.find((incident) => incident.number === 2)!;
    const text = describeIncident(second, run.result).join(' ');
    expect(text).toContain('i-1 had come back InService at 1m31s, after 2 passing health checks (HealthyThreshold 2)');
    expect(text).toContain('a higher HealthyThreshold keeps a flapping instance out longer: with 10 (the API default)');
  });
});
