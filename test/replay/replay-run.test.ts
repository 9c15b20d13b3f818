// Replaying through the simulator: a run's own access log replayed with FromLog gives back its
// arrivals and service times; gzip, several files, the From/To window and Speed; bad lines counted
// and shown; a line too far out of order or a log with no valid line stops the replay.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/model/run/events.js';
import { accessLogContext, formatAccessLogLine } from '../../src/report/machine/access-log.js';
import { ReplayInputError } from '../../src/replay/replay-stats.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { loadReplay, replayScenarioText, runWithEvents } from './replay-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const START = '2026-01-01T00:00:00Z';
const START_MS = Date.UTC(2026, 0, 1);

/** A synthetic run that never queues (ample workers, no faults), so each latency is its service time. */
function originalRun() {
  const loaded = parseScenarioText(
    JSON.stringify({
      LoadBalancerName: 'orig',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
      Duration: '30s',
      Seed: 11,
      Instances: [{ InstanceId: 'i', Count: 2, Concurrency: 1000, ServiceTime: { Distribution: 'lognormal', Mean: '40ms', Sigma: 0.9 } }],
      Traffic: { Rate: 80, Requests: [{ Path: '/a' }, { Method: 'POST', Path: '/b' }] },
    }),
    '<inline>',
  );
  if (!loaded.ok) throw new Error('bad original');
  const requests: RequestEvent[] = [];
  const result = simulate(loaded.scenario, { sink: { emit: (e) => e.type === 'request' && requests.push(e) }, logRequests: true });
  const context = accessLogContext(loaded.scenario.balancer, START_MS);
  return { result, requests, log: requests.map((r) => formatAccessLogLine(r, context)).join('\n') + '\n' };
}

const writeLog = (name: string, text: string | Buffer) => {
  writeFileSync(join(dir, name), text);
  return name;
};

describe('round trip: a run\'s --access-log replayed with ServiceTime FromLog', () => {
  const original = originalRun();

  it('gives back every logged arrival and service time (to the microsecond the log keeps)', async () => {
    writeLog('orig.log', original.log);
    const replayed = await runWithEvents(loadReplay(replayScenarioText({ File: 'orig.log', Format: 'lbsim', From: START }, { Duration: '30s' }), dir));
    const logged = [...original.requests].sort((a, b) => a.arrival - b.arrival || a.request - b.request);
    expect(logged.length).toBeGreaterThan(2000);
    expect(replayed.requests).toHaveLength(logged.length);
    // One microsecond: the log rounds both times to it, and the replayed events round again.
    const tolerance = 1e-6 + 1e-9;
    replayed.requests.forEach((request, i) => {
      expect(request.path).toBe(logged[i]!.path);
      expect(Math.abs(request.arrival - logged[i]!.arrival)).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(request.latency - logged[i]!.latency)).toBeLessThanOrEqual(tolerance);
    });
  });

  it('reads the same trace gzipped, or cut into two files, to the same event log', async () => {
    const lines = original.log.trimEnd().split('\n');
    writeLog('orig.log', original.log);
    writeLog('orig.log.gz', gzipSync(original.log));
    writeLog('part1.log', lines.slice(0, 1000).join('\n') + '\n');
    writeLog('part2.log', lines.slice(1000).join('\n'));
    const run = (file: string | string[]) => runWithEvents(loadReplay(replayScenarioText({ File: file, Format: 'lbsim', From: START }), dir));
    const plain = JSON.stringify((await run('orig.log')).events);
    expect(JSON.stringify((await run('orig.log.gz')).events)).toBe(plain);
    expect(JSON.stringify((await run(['part1.log', 'part2.log'])).events)).toBe(plain);
  });

  it('is deterministic: the same log and seed give the same event log, another seed another one', async () => {
    writeLog('orig.log', original.log);
    // The fallback distribution draws from the seed's streams: an exponential one makes seeds matter.
    const text = (seed: number) =>
      replayScenarioText({ File: 'orig.log', Format: 'lbsim', From: START }, { Seed: seed, Instances: [{ InstanceId: 'i', Count: 2, Concurrency: 1 }] });
    const a = JSON.stringify((await runWithEvents(loadReplay(text(1), dir))).events);
    expect(JSON.stringify((await runWithEvents(loadReplay(text(1), dir))).events)).toBe(a);
    expect(JSON.stringify((await runWithEvents(loadReplay(text(2), dir))).events)).not.toBe(a);
  });

  it('keeps the From/To window and scales time by Speed', async () => {
    writeLog('orig.log', original.log);
    const from = '2026-01-01T00:00:10Z';
    const to = '2026-01-01T00:00:20Z';
    const replayed = await runWithEvents(loadReplay(replayScenarioText({ File: 'orig.log', Format: 'lbsim', From: from, To: to, Speed: 2 }, { Duration: undefined }), dir));
    const inWindow = original.requests.filter((r) => r.arrival >= 10 && r.arrival < 20).sort((a, b) => a.arrival - b.arrival);
    expect(replayed.result.setup.durationMs).toBe(5000);
    expect(replayed.stats!.requests).toBe(inWindow.length);
    // Requests still in flight at the end have no request event: the others match in order.
    const expected = inWindow.map((r) => (r.arrival - 10) / 2);
    let j = 0;
    for (const request of replayed.requests) {
      while (j < expected.length && Math.abs(request.arrival - expected[j]!) > 1e-6 + 1e-9) j++;
      expect(j, `arrival ${request.arrival}`).toBeLessThan(expected.length);
    }
    expect(replayed.requests.length).toBeGreaterThan(inWindow.length - 10);
    expect(replayed.stats!.beforeWindow).toBe(original.requests.filter((r) => r.arrival < 10).length);
  });
});

describe('bad input in a replayed log', () => {
  const good = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000Z lb 10.0.0.1:1024 i-1:80 0.000000 0.010000 0.000000 200 200 0 0 "GET http://lb:80/x HTTP/1.1" "lbsim" - -`;

  it('counts bad lines, shows the first five with file and line, and replays the rest', async () => {
    const lines = [good(1), 'garbage', good(2), ...Array.from({ length: 6 }, () => 'x y z'), good(3)];
    writeLog('bad.log', lines.join('\n'));
    const { stats, requests } = await runWithEvents(loadReplay(replayScenarioText({ File: 'bad.log', Format: 'clb' }), dir));
    expect(requests).toHaveLength(3);
    expect(stats!.badLines).toBe(7);
    expect(stats!.badSamples).toHaveLength(5);
    expect(stats!.badSamples[0]).toBe(`${join(dir, 'bad.log')}:2: expected at least 12 fields (Classic ELB access log), found 1`);
    expect(stats!.badSamples[1]).toMatch(/bad\.log:4: /);
  });

  it('puts lines back in order within the window, and names file:line beyond it', async () => {
    writeLog('late.log', [good(5), good(1), good(9)].join('\n'));
    const sorted = await runWithEvents(loadReplay(replayScenarioText({ File: 'late.log', Format: 'clb' }), dir));
    expect(sorted.requests.map((r) => r.arrival)).toEqual([0, 4, 8]);
    writeLog('too-late.log', [good(1), good(30), good(2)].join('\n'));
    const error = await runWithEvents(loadReplay(replayScenarioText({ File: 'too-late.log', Format: 'clb' }), dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplayInputError);
    expect((error as ReplayInputError).lines[0]).toBe(
      `${join(dir, 'too-late.log')}:3: this line is 28.000s older than a line read before it, beyond the reorder window (10s; Traffic.Replay.ReorderWindow widens it)`,
    );
  });

  it('refuses a log with no valid line, and a missing file', async () => {
    writeLog('none.log', 'nothing here\nnor here\n');
    const error = await runWithEvents(loadReplay(replayScenarioText({ File: 'none.log', Format: 'alb' }), dir)).catch((e: unknown) => e);
    expect((error as ReplayInputError).lines).toEqual([`${join(dir, 'none.log')}: no valid alb access-log line`]);
    const missing = await runWithEvents(loadReplay(replayScenarioText({ File: 'missing.log', Format: 'alb' }), dir)).catch((e: unknown) => e);
    expect((missing as ReplayInputError).lines).toEqual([`${join(dir, 'missing.log')}: file not found`]);
  });
});
