// Each replay format on a fixture written from the format's documentation: every line's arrival,
// method, path, client and instance time, stated from the line text (test/fixtures/replay/), and
// the same trace replayed through the simulator with ServiceTime FromLog.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayFormat } from '../../src/model/config.js';
import { lineParser } from '../../src/replay/formats/index.js';
import type { LogRecord } from '../../src/replay/log-record.js';
import { fixturesDir, loadReplay, replayScenarioText, runWithEvents } from './replay-helpers.js';

// Date.UTC drops fractions of a millisecond: microseconds are added after it.
const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0) => Date.UTC(y, mo - 1, d, h, mi, s, ms);
type Expected = Omit<LogRecord, 'timeMs'> & { timeMs: number };

const cases: Array<{ format: ReplayFormat; file: string; expected: Expected[] }> = [
  {
    // ALB: arrival is request_creation_time (field 22); the instance's time target_processing_time (field 7).
    format: 'alb',
    file: 'alb.log',
    expected: [
      { timeMs: utc(2018, 7, 2, 22, 23, 0, 185), method: 'GET', path: '/', client: '192.168.131.39', serviceMs: 1 },
      { timeMs: utc(2018, 7, 2, 22, 23, 0, 329), method: 'GET', path: '/api/items', client: '192.168.131.40', serviceMs: 48 },
      { timeMs: utc(2018, 7, 2, 22, 23, 0, 999), method: 'POST', path: '/api/orders', client: '192.168.131.39', serviceMs: -1 },
      { timeMs: utc(2018, 7, 2, 22, 23, 2, 50), method: 'GET', path: '/', client: '10.0.1.252', serviceMs: 200 },
    ],
  },
  {
    // Classic ELB: `time` is when the request came in; backend_processing_time is field 6.
    format: 'clb',
    file: 'clb.log',
    expected: [
      { timeMs: utc(2015, 5, 13, 23, 39, 43, 945) + 0.958, method: 'GET', path: '/', client: '192.168.131.39', serviceMs: 1.048 },
      { timeMs: utc(2015, 5, 13, 23, 39, 44, 120), method: 'GET', path: '/api/items', client: '192.168.131.40', serviceMs: 120.5 },
      { timeMs: utc(2015, 5, 13, 23, 39, 44, 500), method: 'POST', path: '/api/orders', client: '192.168.131.39', serviceMs: -1 },
      { timeMs: utc(2015, 5, 13, 23, 39, 45, 0), method: 'GET', path: '/', client: '192.168.131.41', serviceMs: 45 },
    ],
  },
  {
    // nginx logs at the end: arrival = $time_local − $request_time; the last $upstream_response_time.
    format: 'nginx',
    file: 'nginx.log',
    expected: [
      { timeMs: utc(2015, 5, 13, 23, 39, 43) - 5, method: 'GET', path: '/index.html', client: '192.168.131.39', serviceMs: 4 },
      { timeMs: utc(2015, 5, 13, 23, 39, 44) - 250, method: 'GET', path: '/api/items', client: '192.168.131.40', serviceMs: 248 },
      { timeMs: utc(2015, 5, 13, 23, 39, 45), method: 'POST', path: '/api/orders', client: '192.168.131.39', serviceMs: -1 },
      { timeMs: utc(2015, 5, 13, 23, 39, 46) - 1500, method: 'GET', path: '/index.html', client: '192.168.131.41', serviceMs: 1499 },
    ],
  },
  {
    // HAProxy httplog: the [date] (read as UTC) and Tr, the 4th timer; <NOSRV> has no instance time.
    format: 'haproxy',
    file: 'haproxy.log',
    expected: [
      { timeMs: utc(2009, 2, 6, 12, 14, 14, 655), method: 'GET', path: '/index.html', client: '10.0.1.2', serviceMs: 69 },
      { timeMs: utc(2009, 2, 6, 12, 14, 15, 1), method: 'POST', path: '/api/orders', client: '10.0.1.3', serviceMs: -1 },
      { timeMs: utc(2009, 2, 6, 12, 14, 15, 500), method: 'GET', path: '/api/items', client: '10.0.1.4', serviceMs: 250 },
    ],
  },
  {
    // lbsim --events: `arrival` and `latency` in simulated seconds; a gateway error (reason set) has no instance time.
    format: 'lbsim',
    file: 'lbsim.ndjson',
    expected: [
      { timeMs: 13.34, method: 'GET', path: '/a', client: '', serviceMs: 17.465 },
      { timeMs: 1100, method: 'GET', path: '/b', client: '', serviceMs: -1 },
      { timeMs: 900, method: 'POST', path: '/c', client: '', serviceMs: 400 },
    ],
  },
];

function close(actual: LogRecord, expected: Expected): void {
  expect({ ...actual, timeMs: 0, serviceMs: 0 }).toEqual({ ...expected, timeMs: 0, serviceMs: 0 });
  // Microsecond timestamps and timers: equal to well under a microsecond.
  expect(Math.abs(actual.timeMs - expected.timeMs)).toBeLessThan(1e-6);
  expect(Math.abs(actual.serviceMs - expected.serviceMs)).toBeLessThan(1e-6);
}

describe.each(cases)('Replay format $format', ({ format, file, expected }) => {
  it(`parses every request line of ${file}`, () => {
    const parse = lineParser({ format, logFormat: null });
    const records = readFileSync(join(fixturesDir, file), 'utf8').trim().split('\n').map(parse).filter((record) => record !== null);
    expect(records.filter((record) => typeof record === 'string')).toEqual([]);
    expect(records).toHaveLength(expected.length);
    records.forEach((record, i) => close(record as LogRecord, expected[i]!));
  });

  it('replays the trace: arrivals in time order from the first, each served for its logged time (7 ms without one)', async () => {
    const { requests, stats } = await runWithEvents(loadReplay(replayScenarioText({ File: file, Format: format })));
    const byTime = [...expected].sort((a, b) => a.timeMs - b.timeMs);
    // lbsim's event log counts from the run's 0s; dated logs from their first request.
    const originMs = format === 'lbsim' ? 0 : byTime[0]!.timeMs;
    expect(requests.map((r) => r.path)).toEqual(byTime.map((e) => e.path));
    requests.forEach((request, i) => {
      // Event times are rounded to the microsecond.
      expect(Math.abs(request.arrival - (byTime[i]!.timeMs - originMs) / 1000)).toBeLessThanOrEqual(1e-6);
      const serviceMs = byTime[i]!.serviceMs < 0 ? 7 : byTime[i]!.serviceMs;
      expect(Math.abs(request.latency - serviceMs / 1000)).toBeLessThanOrEqual(1e-6);
    });
    expect(stats!.noServiceTime).toBe(expected.filter((e) => e.serviceMs < 0).length);
  });
});

describe('format variants', () => {
  it('nginx with its own log_format: $msec, $request_method and $request_uri, no upstream time', () => {
    const parse = lineParser({ format: 'nginx', logFormat: '$remote_addr $msec "$request_method" "$request_uri" $status $request_time' });
    // $msec is when the line was written (seconds.milliseconds); the request took 0.120 s.
    expect(parse('2001:db8::7 1431560383.125 "PUT" "/api/items/7?x=1" 204 0.120')).toEqual({
      timeMs: 1431560383125 - 120,
      method: 'PUT',
      path: '/api/items/7',
      client: '2001:db8::7',
      serviceMs: -1,
    });
  });

  it('an ALB line without request_creation_time: the response time minus the three timers', () => {
    const parse = lineParser({ format: 'alb', logFormat: null });
    const line = 'http 2016-08-10T22:08:42.945958Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.001 0.048 0.002 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - -';
    const record = parse(line) as LogRecord;
    // 0.001 + 0.048 + 0.002 s before 22:08:42.945958.
    expect(Math.abs(record.timeMs - (Date.UTC(2016, 7, 10, 22, 8, 42, 945) + 0.958 - 51))).toBeLessThan(1e-6);
    expect(record.serviceMs).toBeCloseTo(48, 9);
  });

  it('says why a line is bad', () => {
    expect(lineParser({ format: 'clb', logFormat: null })('2015-05-13T23:39:43Z lb 1.2.3.4:5 - 0.1 x 0.1 503 0 0 0 "GET / HTTP/1.1"')).toBe('field 6 (processing time): not a number: "x"');
    expect(lineParser({ format: 'haproxy', logFormat: null })('10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30 200')).toBe(
      'expected the timers TR/Tw/Tc/Tr/Ta after "static/srv1", found "10/0/30"',
    );
    expect(lineParser({ format: 'lbsim', logFormat: null })('{"type":"request"}')).toBe('a request event without numeric "arrival" and "latency"');
  });
});
