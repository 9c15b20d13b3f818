// How reports and `explain` tell a deploy: its section (batch times, done or stalled), incidents
// blamed on it with their batch and its time, and explain's pool and faults-in-force per batch.
import { describe, expect, it } from 'vitest';
import type { FaultEventConfig } from '../../src/model/config.js';
import type { DeployBatch, RunResult } from '../../src/model/run/result.js';
import { faultJson, faultsInForce, registeredAt } from '../../src/report/explain/explain.js';
import { formatClock } from '../../src/report/text/format.js';
import { describeCause } from '../../src/report/text/incident-text.js';
import { renderText } from '../../src/report/text/render-text.js';
import { simulate } from '../../src/simulate.js';
import { fault, instance, setup } from '../helpers/setup.js';

const base = setup();
const busy = { concurrency: 100, serviceTime: { distribution: 'constant', meanMs: 3_000 } } as const;
const checks = { ...base.healthCheck, intervalMs: 10_000 };
const three = [instance('i-1', busy), instance('i-2', busy), instance('i-3', busy)];

function deployRun(params: Partial<FaultEventConfig['params']>, more: FaultEventConfig[] = [], durationMs = 400_000): RunResult {
  const deploy = fault(0, 60_000, 'deploy', ['i-1', 'i-2', 'i-3'], { params: { batchSize: 1, restartMs: 20_000, deregister: true, ...params } });
  return simulate(setup({ durationMs, healthCheck: checks, instances: three, events: [deploy, ...more] }));
}

const batchesOf = (result: RunResult): DeployBatch[] => result.deploys[0]!.batches;
const report = (result: RunResult) => renderText(result, { color: false });
/** Prose is wrapped to the terminal: compare it as one line. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the deploy section of the report', () => {
  it('names the settings, a row per batch with its times, and when it was done', () => {
    const result = deployRun({});
    const text = report(result);
    const [first, , last] = batchesOf(result) as [DeployBatch, DeployBatch, DeployBatch];
    expect(flat(text)).toContain('Deploy (Events[0]): 3 instances in 3 batches of 1 from 1m00s; each deregistered (draining off), down 20s, registered again.');
    expect(text).toMatch(/batch {2}instances {2}started {2}stopped {2}restarted {2}InService/);
    expect(text).toContain(`1  i-1          1m00s    1m00s      1m20s      ${formatClock(first.doneMs!)}`);
    expect(text).toContain(`Done at ${formatClock(last.doneMs!)}`);
    // It sits between the swimlanes and the incidents.
    expect(text.indexOf('Deploy (Events[0])')).toBeGreaterThan(text.indexOf('Health, one column'));
    expect(text.indexOf('Deploy (Events[0])')).toBeLessThan(text.indexOf('Incidents'));
  });

  it('says where a stalled deploy stopped and why', () => {
    const broken = fault(1, 81_000, 'health-fail', ['i-1']);
    const text = flat(report(deployRun({}, [broken], 200_000)));
    expect(text).toContain('Stalled at batch 1 of 3: i-1 restarted at 1m20s but was not InService again by the end of the run');
    expect(text).toContain('A deploy waits for each batch to pass its health checks, so the 2 batches after it never started.');
  });

  it('says when the run ended in the middle of a batch', () => {
    expect(flat(report(deployRun({}, [], 70_000)))).toContain('The run ended during batch 1 of 3, while its instances were down.');
  });

  it('is absent from a run without a deploy', () => {
    expect(report(simulate(setup({ durationMs: 30_000 })))).not.toContain('Deploy (');
  });
});

describe('incidents caused by a deploy', () => {
  it('name the batch and the time it reached the instance, and say nothing is detected when it deregisters', () => {
    const result = deployRun({});
    const second = batchesOf(result)[1]!;
    const incident = result.incidents.find((candidate) => candidate.instanceIds.includes('i-2'))!;
    const cause = describeCause(incident, result);
    expect(cause).toContain(`i-2 was deregistered and restarted by a rolling deploy at ${formatClock(second.startMs)} (fault: deploy, batch 2 of 3, Events[0]).`);
    expect(cause).toContain('Connection draining was off, so the requests it was still serving were cut.');
    expect(cause).not.toContain('Detection took');
  });

  it('restarted in place: the detection lag runs from the batch start, not the deploy start', () => {
    const result = deployRun({ deregister: false, restartMs: 40_000 });
    const second = batchesOf(result)[1]!;
    const incident = result.incidents.find((candidate) => candidate.instanceIds.includes('i-2') && candidate.reason === 'UpstreamReset')!;
    const cause = describeCause(incident, result);
    expect(cause).toContain(`i-2 was restarted in place by a rolling deploy at ${formatClock(second.startMs)} (fault: deploy, batch 2 of 3, Events[0]).`);
    expect(cause).toContain(`(fault at ${formatClock(second.startMs)}, OutOfService at`);
  });
});

describe('explain during a deploy', () => {
  it('follows the pool and the faults in force batch by batch', () => {
    const result = deployRun({});
    const { setup: run, deploys } = result;
    const second = batchesOf(result)[1]!;
    const during = (second.startMs + second.restartedMs!) / 2;
    expect(registeredAt(run, 'i-2', second.startMs - 1, deploys)).toBe(true);
    expect(registeredAt(run, 'i-2', during, deploys)).toBe(false);
    expect(registeredAt(run, 'i-2', second.registeredMs!, deploys)).toBe(true);
    expect(faultsInForce(run, 'i-2', second.startMs - 1, deploys)).toEqual([]);
    expect(faultsInForce(run, 'i-2', during, deploys).map((f) => f.fault)).toEqual(['deploy']);
    expect(faultsInForce(run, 'i-2', second.doneMs!, deploys)).toEqual([]);
    const json = faultJson(run, run.events[0]!, ['i-2'], deploys);
    expect([json.at, json.until]).toEqual([second.startMs / 1000, second.doneMs! / 1000].map((s) => Math.round(s * 1e6) / 1e6));
  });
});
