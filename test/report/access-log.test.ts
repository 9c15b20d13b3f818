// Classic ELB access-log lines: the exact line for each kind of answer, the synthetic client
// address, and the arithmetic ISO formatter checked against Date over 1970–2100 and leap days.
import { describe, expect, it } from 'vitest';
import type { ListenerConfig } from '../../src/model/config.js';
import type { RequestEvent } from '../../src/model/run/events.js';
import { accessLogContext, accessLogTimestamp, civilFromDays, clientAddress, formatAccessLogLine, formatIsoMicros, type AccessLogContext } from '../../src/report/machine/access-log.js';
import { setup } from '../helpers/setup.js';

const START_MS = Date.UTC(2026, 0, 1);
const HTTP_80: ListenerConfig = { protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 8080 };
const context: AccessLogContext = { loadBalancerName: 'my-load-balancer', listener: HTTP_80, startEpochMs: START_MS };

function request(overrides: Partial<RequestEvent>): RequestEvent {
  return {
    t: 123.456789,
    type: 'request',
    request: 7,
    method: 'GET',
    path: '/example',
    arrival: 123.4,
    instance: 'i-1',
    status: 200,
    backendStatus: 200,
    reason: null,
    latency: 0.056789,
    attempts: 1,
    counted: true,
    ...overrides,
  };
}

const REQUEST_TAIL = '0 0 "GET http://my-load-balancer:80/example HTTP/1.1" "lbsim" - -';

describe('formatAccessLogLine', () => {
  it('a 200 from an instance: the instance and its port, the latency as backend time', () => {
    expect(formatAccessLogLine(request({}), context)).toBe(
      `2026-01-01T00:02:03.400000Z my-load-balancer 10.0.0.7:1024 i-1:8080 0.000000 0.056789 0.000000 200 200 ${REQUEST_TAIL}`,
    );
  });

  it('a backend 500 passes through: both status codes are the instance\'s', () => {
    const line = formatAccessLogLine(request({ status: 500, backendStatus: 500, latency: 1.5 }), context);
    expect(line).toBe(`2026-01-01T00:02:03.400000Z my-load-balancer 10.0.0.7:1024 i-1:8080 0.000000 1.500000 0.000000 500 500 ${REQUEST_TAIL}`);
  });

  it('a 503 NoHealthyInstances: no backend, -1 timings, backend status -', () => {
    const line = formatAccessLogLine(request({ instance: null, status: 503, backendStatus: null, reason: 'NoHealthyInstances', latency: 0 }), context);
    expect(line).toBe(`2026-01-01T00:02:03.400000Z my-load-balancer 10.0.0.7:1024 - -1 -1 -1 503 - ${REQUEST_TAIL}`);
  });

  it('a 504 ResponseTimeout: the instance was tried, but CLB logs - and -1 after the idle timeout', () => {
    const line = formatAccessLogLine(request({ t: 180, arrival: 120, status: 504, backendStatus: null, reason: 'ResponseTimeout', latency: 60 }), context);
    expect(line).toBe(`2026-01-01T00:02:00.000000Z my-load-balancer 10.0.0.7:1024 - -1 -1 -1 504 - ${REQUEST_TAIL}`);
  });

  it('a 504 UpstreamReset logs -, a 502 MalformedResponse names the instance that sent it', () => {
    const reset = formatAccessLogLine(request({ status: 504, backendStatus: null, reason: 'UpstreamReset' }), context);
    expect(reset.split(' ').slice(3, 9)).toEqual(['-', '-1', '-1', '-1', '504', '-']);
    const malformed = formatAccessLogLine(request({ status: 502, backendStatus: null, reason: 'MalformedResponse' }), context);
    expect(malformed.split(' ').slice(3, 9)).toEqual(['i-1:8080', '-1', '-1', '-1', '502', '-']);
  });

  it('uses the listener\'s scheme and port; TCP listeners log no status and no request line', () => {
    const https = { ...context, listener: { ...HTTP_80, protocol: 'HTTPS' as const, loadBalancerPort: 443 } };
    expect(formatAccessLogLine(request({}), https)).toMatch(/"GET https:\/\/my-load-balancer:443\/example HTTP\/1\.1" "lbsim" ECDHE-RSA-AES128-GCM-SHA256 TLSv1\.2$/);
    const tcp = { ...context, listener: { ...HTTP_80, protocol: 'TCP' as const } };
    expect(formatAccessLogLine(request({}), tcp)).toMatch(/ 0\.000000 - - 0 0 "- - - " "-" - -$/);
  });

  it('percent-encodes spaces and quotes so every line keeps its fields', () => {
    const line = formatAccessLogLine(request({ path: '/a b"c' }), context);
    expect(line).toContain('"GET http://my-load-balancer:80/a%20b%22c HTTP/1.1"');
  });

  it('builds its context from the balancer\'s name and first listener', () => {
    const balancer = setup().balancer;
    const built = accessLogContext(balancer, START_MS);
    expect(built).toEqual({ loadBalancerName: balancer.name, listener: balancer.listeners[0], startEpochMs: START_MS });
  });
});

describe('clientAddress', () => {
  it('is 10.0.x.y from the low 16 bits and the port from the bits above, distinct per id', () => {
    expect(clientAddress(1)).toBe('10.0.0.1:1024');
    expect(clientAddress(258)).toBe('10.0.1.2:1024');
    expect(clientAddress(65_536 + 3)).toBe('10.0.0.3:1025');
    const seen = new Set(Array.from({ length: 200_000 }, (_, i) => clientAddress(i + 1)));
    expect(seen.size).toBe(200_000);
  });
});

/** A small deterministic generator, so the 2,000 instants are the same on every run. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const viaDate = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

describe('formatIsoMicros', () => {
  it('matches Date#toISOString for 2,000 instants across 1970–2100', () => {
    const next = lcg(42);
    const from = Date.UTC(1970, 0, 1);
    const to = Date.UTC(2100, 11, 31, 23, 59, 59, 999);
    for (let i = 0; i < 2_000; i++) {
      const ms = from + Math.floor(next() * (to - from + 1));
      expect(formatIsoMicros(ms), String(ms)).toBe(viaDate(ms));
    }
  });

  it('gets leap days and the days around them right, 2000 and 2400 included, 1900 and 2100 excluded', () => {
    const days: Array<[number, number, number]> = [];
    for (const year of [1900, 1970, 1972, 1999, 2000, 2024, 2026, 2096, 2100, 2400]) {
      days.push([year, 1, 28], [year, 1, 29], [year, 2, 1], [year, 11, 31], [year, 0, 1]);
    }
    for (const [year, month, day] of days) {
      const midnight = Date.UTC(year, month, day);
      for (const ms of [midnight, midnight - 1, midnight + 86_399_999]) expect(formatIsoMicros(ms)).toBe(viaDate(ms));
    }
    expect(formatIsoMicros(Date.UTC(2100, 1, 29))).toBe('2100-03-01T00:00:00.000000Z');
    expect(civilFromDays(Date.UTC(2024, 1, 29) / 86_400_000)).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('handles instants before 1970 and years beyond four digits like Date does', () => {
    // 0000-01-01, -000001-01-01 and the two ends of the JavaScript time range.
    for (const ms of [-1, -86_400_000, Date.UTC(1900, 1, 28), -62_167_219_200_000, -62_198_755_200_000, 8.64e15, -8.64e15]) {
      expect(formatIsoMicros(ms), String(ms)).toBe(viaDate(ms));
    }
  });

  it('appends the microseconds below the millisecond', () => {
    expect(formatIsoMicros(START_MS + 5, 7)).toBe('2026-01-01T00:00:00.005007Z');
    expect(formatIsoMicros(START_MS, 999)).toBe('2026-01-01T00:00:00.000999Z');
  });
});

describe('accessLogTimestamp', () => {
  it('adds seconds (microsecond precision) to the start without losing a microsecond', () => {
    expect(accessLogTimestamp(START_MS, 0)).toBe('2026-01-01T00:00:00.000000Z');
    expect(accessLogTimestamp(START_MS, 123.456789)).toBe('2026-01-01T00:02:03.456789Z');
    expect(accessLogTimestamp(START_MS, 0.000001)).toBe('2026-01-01T00:00:00.000001Z');
    expect(accessLogTimestamp(START_MS, 86_399.999999)).toBe('2026-01-01T23:59:59.999999Z');
    expect(accessLogTimestamp(Date.UTC(2024, 1, 28, 23, 59, 59, 999), 0.001501)).toBe('2024-02-29T00:00:00.000501Z');
    // Years ahead the epoch microseconds pass 2^53; the split keeps them exact.
    expect(accessLogTimestamp(Date.UTC(9999, 0, 1), 2_592_000.123457)).toBe('9999-01-31T00:00:00.123457Z');
  });
});
