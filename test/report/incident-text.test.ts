// The narrative of an incident: the cause sentence built from faults, health marks and
// backlogs, in the order things happened, and how other profiles would answer.
import { describe, expect, it } from 'vitest';
import type { Incident, RunResult } from '../../src/model/run/result.js';
import { answerText, describeCause, describeIncident, detectionLagMs, otherProfilesText } from '../../src/report/text/incident-text.js';
import { REASON_TABLE } from '../../src/model/outcome.js';
import { fault, instance } from '../helpers/setup.js';
import { hangRun, instanceSummary, quietRun, setupFor } from './fixtures.js';

function incidentOf(run: RunResult, reason: Incident['reason']): Incident {
  const incident = run.incidents.find((candidate) => candidate.reason === reason);
  if (incident === undefined) throw new Error(`no ${reason} incident in fixture`);
  return incident;
}

/** i-1 crashes at 2m00s; the balancer marks it OutOfService at 2m20s; 503 ConnectRefused meanwhile. */
function crashRun(intervalMs = 30_000): RunResult {
  const run = quietRun();
  run.setup = setupFor([instance('i-1', { zone: 'us-east-1a' })], [fault(0, 120_000, 'crash', ['i-1'])]);
  run.setup.healthCheck.intervalMs = intervalMs;
  run.instances = [
    instanceSummary('i-1', 'us-east-1a', {
      actual: [
        { tMs: 0, state: 'serving', faultIndex: null },
        { tMs: 120_000, state: 'crashed', faultIndex: 0 },
      ],
      transitions: [{ tMs: 140_000, node: 'lb', from: 'InService', to: 'OutOfService', reason: 'failed', probes: 2 }],
    }),
  ];
  run.incidents = [
    { number: 1, startMs: 120_010, endMs: 139_990, status: 503, reason: 'ConnectRefused', count: 400, instanceIds: ['i-1'], faultIndexes: [0], detectedAtMs: 140_000, node: null },
  ];
  return run;
}

describe('describeCause', () => {
  it('explains a ResponseTimeout from a hang: fault, idle timeout, when each instance was marked', () => {
    const run = hangRun();
    expect(describeCause(incidentOf(run, 'ResponseTimeout'), run)).toBe(
      'i-1 and i-2 stopped answering at 2m00s (fault: hang for 4m00s, Events[0]). ' +
        'The balancer sent them 240 requests until 2 health checks in a row had failed: i-1 at 2m35s, i-2 at 2m41s. ' +
        'Each waited the full 60s idle timeout. ' +
        'Detection took 41s (fault at 2m00s, OutOfService at 2m41s).',
    );
  });

  it('explains NoHealthyInstances: from when, which fault, detection, what recovery needs', () => {
    const run = hangRun();
    const text = describeCause(incidentOf(run, 'NoHealthyInstances'), run);
    expect(text).toContain('From 2m41s no instance was InService.');
    expect(text).toContain('the balancer marked them OutOfService: i-1 at 2m35s, i-2 at 2m41s.');
    expect(text).toContain('Detection took 41s (fault at 2m00s, OutOfService at 2m41s).');
    expect(text).toContain('Recovery needs HealthyThreshold=2 passing checks 30s apart.');
    expect(text).toContain('i-1 returned to InService at 6m32s.');
  });

  it('explains ConnectRefused after a crash with a single instance', () => {
    const run = crashRun();
    const incident = incidentOf(run, 'ConnectRefused');
    expect(describeCause(incident, run)).toBe(
      'i-1 crashed at 2m00s (fault: crash, Events[0]); connections were refused and every InService instance refused too. ' +
        'The balancer stopped routing to it once 2 health checks in a row had failed at 2m20s. ' +
        'Detection took 20s (fault at 2m00s, OutOfService at 2m20s).',
    );
    expect(detectionLagMs(incident, run.setup)).toBe(20_000);
  });

  it('says the errors came from load when no fault was active', () => {
    const run = hangRun();
    run.setup.events = [];
    const incident = { ...incidentOf(run, 'NoHealthyInstances'), faultIndexes: [] };
    const text = describeCause(incident, run);
    expect(text).toContain('No fault was active: the instances were overloaded, so health checks waited in their queues longer than the 5s Timeout');
    expect(text).not.toContain('Detection took');
    expect(detectionLagMs(incident, run.setup)).toBeNull();
  });

  it('says when the balancer never noticed', () => {
    const run = hangRun();
    for (const instance of run.instances) instance.transitions = [];
    const incident = { ...incidentOf(run, 'ResponseTimeout'), detectedAtMs: null };
    expect(describeCause(incident, run)).toContain('Health checks never failed 2 times in a row, so the balancer never marked them OutOfService.');
  });
});

describe('describeCause in the order things happened', () => {
  it('lists OutOfService marks by time, not by instance id', () => {
    const run = hangRun();
    const [first, second] = run.instances;
    if (first === undefined || second === undefined) throw new Error('fixture');
    first.transitions = first.transitions.map((t) => (t.to === 'OutOfService' ? { ...t, tMs: 157_000 } : t));
    second.transitions = second.transitions.map((t) => (t.to === 'OutOfService' ? { ...t, tMs: 152_000 } : t));
    expect(describeCause(incidentOf(run, 'ResponseTimeout'), run)).toContain('failed: i-2 at 2m32s, i-1 at 2m37s.');
  });

  it('says a hung instance refuses once its backlog fills', () => {
    const run = hangRun();
    const incident: Incident = { ...incidentOf(run, 'ResponseTimeout'), reason: 'ConnectRefused', status: 503 };
    expect(describeCause(incident, run)).toContain(
      'i-1 and i-2 stopped answering at 2m00s (fault: hang for 4m00s, Events[0]); the backlogs of i-1 and i-2 were filled by requests that never finished, so connections were refused',
    );
  });

  it('blames full backlogs, in the right number, when refusals come from load', () => {
    const run = crashRun();
    const incident: Incident = { ...(run.incidents[0] as Incident), faultIndexes: [] };
    expect(describeCause(incident, run)).toBe('No fault was active: the backlog of i-1 was full, so connections were refused and every InService instance refused too.');
  });

  it('does not promise that faster detection saves requests cut off in flight', () => {
    const run = crashRun();
    const incident: Incident = { ...(run.incidents[0] as Incident), reason: 'UpstreamReset', status: 504 };
    const text = describeIncident(incident, run).join(' ');
    expect(text).toContain('The instance closed the connection before answering.');
    expect(text).not.toContain('stopped routing');
    expect(text).not.toContain('Shorter');
  });
});

describe('describeIncident', () => {
  it('says plainly that a Classic ELB answers 503 where nginx answers 502', () => {
    const run = hangRun();
    const text = describeIncident(incidentOf(run, 'NoHealthyInstances'), run).join('\n');
    expect(text).toContain('A Classic ELB answers 503 here; nginx answers 502 (no live upstreams).');
    expect(text).toContain('the seed document');
    expect(text).toContain('Other balancers: ALB fails open, HAProxy 503 SC, Envoy panics: routes to all hosts.');
  });

  it('suggests a shorter Interval with midpoint estimates, adding Timeout for a hang', () => {
    const run = hangRun();
    const paragraphs = describeIncident(incidentOf(run, 'ResponseTimeout'), run);
    // 30 s × 1.5 + 5 s = 50 s now; 10 s × 1.5 + 5 s = 20 s with Interval 10 s.
    expect(paragraphs.at(-1)).toBe('Shorter: with Interval 10s, detection typically takes ~20s instead of ~50s (the middle of each setting\'s window).');
  });

  it('estimates a crash without Timeout, and suggests nothing when Interval is already 10 s', () => {
    const slow = crashRun(30_000);
    expect(describeIncident(slow.incidents[0] as Incident, slow).at(-1)).toBe('Shorter: with Interval 10s, detection typically takes ~15s instead of ~45s (the middle of each setting\'s window).');
    const fast = crashRun(10_000);
    expect(describeIncident(fast.incidents[0] as Incident, fast).join(' ')).not.toContain('Shorter');
  });

  it('compares profiles and flags a status AWS does not document', () => {
    const run = crashRun();
    const text = describeIncident(run.incidents[0] as Incident, run).join(' ');
    expect(text).toContain('A Classic ELB answers 503 here. Other balancers: ALB 502, nginx 502, HAProxy 503 SC, Envoy 503 UF.');
    expect(text).toContain('The 503 is inferred (CLB retries the connection; the final status is not documented).');
  });
});

describe('profile answers', () => {
  it('writes flags for HAProxy and Envoy and behaviour where there is no status', () => {
    expect(answerText('haproxy', REASON_TABLE.NoHealthyInstances.haproxy)).toBe('503 SC');
    expect(answerText('nginx', REASON_TABLE.NoHealthyInstances.nginx)).toBe('502');
    expect(answerText('aws-alb', REASON_TABLE.NoHealthyInstances['aws-alb'])).toBe('fails open');
    expect(otherProfilesText('NoHealthyInstances', 'aws-clb', ['nginx', 'aws-alb'])).toBe('nginx 502, ALB fails open');
  });
});
