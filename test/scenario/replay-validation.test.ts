// Traffic.Replay and ServiceTime FromLog in validation: every mistake at once, each with its line,
// column, path, expected and found; and what a valid replay resolves to (window, speed, defaults).
import { describe, expect, it } from 'vitest';
import { formatScenarioError } from '../../src/scenario/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const BASE = { LoadBalancerName: 'lb', Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }] };

function lines(value: unknown): string[] {
  const result = parseScenarioText(JSON.stringify(value, null, 2), 'bad.json');
  return result.ok ? [] : result.errors.map(formatScenarioError);
}

describe('Traffic.Replay validation', () => {
  it('reports every bad Replay field at once, with position, expected and found', () => {
    const doc = { ...BASE, Traffic: { Rate: 5, Replay: { File: '', Format: 'elb', From: '2026-02-30T00:00:00Z', Speed: 0, ReorderWindow: '1h', Extra: 1 } } };
    expect(lines(doc)).toEqual([
      'bad.json:11:5 Traffic.Rate: not used with Replay: the log gives the arrivals',
      'bad.json:13:15 Traffic.Replay.File: must not be empty (expected a log file, relative to the scenario file, got "")',
      'bad.json:14:17 Traffic.Replay.Format: unknown log format; did you mean "alb"? (expected one of alb, clb, nginx, haproxy, lbsim, got "elb")',
      'bad.json:15:15 Traffic.Replay.From: not a real instant with a zone (expected an ISO 8601 instant with a zone ("2026-03-01T10:00:00Z") or a duration from the log\'s first request, got "2026-02-30T00:00:00Z")',
      'bad.json:16:16 Traffic.Replay.Speed: out of range (expected a number > 0 and ≤ 1000, got 0)',
      'bad.json:17:24 Traffic.Replay.ReorderWindow: out of range (expected a duration ≥ 0 and ≤ 10m, got "1h")',
      'bad.json:18:7 Traffic.Replay.Extra: unknown key',
    ]);
  });

  it('wants To after From, both given the same way, and LogFormat only for nginx', () => {
    const replay = (extra: object) => ({ ...BASE, Traffic: { Replay: { File: 'a.log', Format: 'alb', ...extra } } });
    expect(lines(replay({ From: '5m', To: '2m' }))).toEqual(['bad.json:15:13 Traffic.Replay.To: must be after From (expected > "5m", got "2m")']);
    expect(lines(replay({ From: '2026-01-01T00:00:00Z', To: '2m' }))).toEqual([
      'bad.json:15:13 Traffic.Replay.To: give From and To the same way: both instants or both durations (got "2m")',
    ]);
    expect(lines(replay({ LogFormat: '$msec "$request"' }))).toEqual(['bad.json:14:7 Traffic.Replay.LogFormat: only the nginx format takes a LogFormat']);
    expect(lines(replay({ Format: 'nginx', LogFormat: '$remote_addr [$time_local] "$request" $status' }))).toEqual([]);
    expect(lines(replay({ Format: 'nginx', LogFormat: '$remote_addr $status $request_time' }))).toEqual([
      'bad.json:14:20 Traffic.Replay.LogFormat: no $time_local, $time_iso8601 or $msec and no $request, $request_uri or $uri as a field of its own (expected a log_format with the request\'s time and request, got "$remote_addr $status $request_time")',
    ]);
  });

  it('refuses ServiceTime "FromLog" without a replay, and a missing Format', () => {
    const doc = { ...BASE, Instances: [{ InstanceId: 'i-1', ServiceTime: 'FromLog' }], Traffic: { Rate: 3 } };
    expect(lines(doc)).toEqual(['bad.json:13:22 Instances[0].ServiceTime: FromLog needs Traffic.Replay: only a replayed log gives service times']);
    expect(lines({ ...BASE, Traffic: { Replay: { File: 'a.log' } } })).toEqual([
      'bad.json:11:15 Traffic.Replay.Format: missing required key (expected one of alb, clb, nginx, haproxy, lbsim)',
    ]);
  });

  it('resolves a replay: files, bounds, speed, Duration from the window, FromLog with the default distribution', () => {
    const doc = {
      ...BASE,
      Instances: [{ InstanceId: 'i-1', ServiceTime: 'FromLog' }, { InstanceId: 'i-2' }],
      Traffic: { Replay: { File: ['a.log.gz', 'b.log.gz'], Format: 'nginx', From: '2026-01-01T10:00:00Z', To: '2026-01-01T10:30:00+00:00', Speed: 2 } },
    };
    const loaded = parseScenarioText(JSON.stringify(doc), 'dir/s.json');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatScenarioError).join('\n'));
    const { traffic, instances, durationMs } = loaded.scenario;
    expect(traffic.replay).toEqual({
      files: ['a.log.gz', 'b.log.gz'],
      scenarioFile: 'dir/s.json',
      format: 'nginx',
      logFormat: null,
      from: { epochMs: Date.UTC(2026, 0, 1, 10) },
      to: { epochMs: Date.UTC(2026, 0, 1, 10, 30) },
      speed: 2,
      reorderWindowMs: 10_000,
    });
    // 30 minutes of log at twice the speed.
    expect(durationMs).toBe(15 * 60_000);
    expect(instances.map((i) => [i.serviceTimeFromLog === true, i.serviceTime])).toEqual([
      [true, { distribution: 'exponential', meanMs: 50 }],
      [false, { distribution: 'exponential', meanMs: 50 }],
    ]);
  });
});

describe('a replay as the client population', () => {
  it('lets stickiness and client hashing use the log\'s client addresses', () => {
    const doc = { ...BASE, Balancing: { Algorithm: 'consistent-hash', Stickiness: { Duration: '1h' } }, Traffic: { Replay: { File: 'a.log', Format: 'alb' } } };
    expect(lines(doc)).toEqual([]);
  });
});
