// Envoy consecutive-5xx outlier detection for one host (lb-semantics §3.3; outlier_detection_impl.cc):
// the count and its resets, max_ejection_percent over the pool, ejection times with backoff and
// cap, and the sweep that returns hosts and decays the backoff.
import { describe, expect, it } from 'vitest';
import {
  FRESH_OUTLIER_HOST,
  OUTLIER_DEFAULTS,
  OUTLIER_FAILURE_REASONS,
  countsAsOutlierFailure,
  defaultMaxEjectionTimeMs,
  ejectedUntilMs,
  mayEject,
  onResult,
  sweep,
  uneject,
  type OutlierHost,
  type OutlierParams,
  type OutlierPool,
} from '../../src/model/health/envoy-outlier.js';

const params = OUTLIER_DEFAULTS;
const bigPool: OutlierPool = { ejectedCount: 0, size: 20 };
const s = (seconds: number) => seconds * 1000;

/** `n` results at one per second from `fromS`; returns the host and the actions taken. */
function feed(host: OutlierHost, results: boolean[], fromS = 0, pool = bigPool, p: OutlierParams = params) {
  const actions: string[] = [];
  results.forEach((isFailure, i) => {
    const step = onResult(host, isFailure, s(fromS + i), p, pool);
    host = step.host;
    actions.push(step.action);
  });
  return { host, actions };
}

const fails = (n: number) => Array<boolean>(n).fill(true);
const ejectedAt = (atS: number, backoff = 0): OutlierHost => feed({ ...FRESH_OUTLIER_HOST, backoff }, fails(5), atS - 4).host;

describe('defaults (§3.3)', () => {
  it('consecutive_5xx 5, base 30 s, max 300 s, 10 %, sweep every 10 s, always_eject_one_host off', () => {
    expect(params).toEqual({
      consecutive5xx: 5,
      baseEjectionTimeMs: 30_000,
      maxEjectionTimeMs: 300_000,
      maxEjectionPercent: 10,
      alwaysEjectOneHost: false,
      intervalMs: 10_000,
    });
  });

  it('max_ejection_time defaults to 300 s or base_ejection_time, whichever is larger', () => {
    expect(defaultMaxEjectionTimeMs(30_000)).toBe(300_000);
    expect(defaultMaxEjectionTimeMs(400_000)).toBe(400_000);
  });
});

describe('what counts as a 5xx (split_external_local_origin_errors false)', () => {
  it('every backend 5xx, nothing below', () => {
    expect([200, 404, 499, 500, 502, 503, 504, 599].map((status) => countsAsOutlierFailure({ status }))).toEqual([
      false, false, false, true, true, true, true, true,
    ]);
  });

  it('local-origin errors (connect failure, timeout, reset, protocol error), not balancer-side reasons', () => {
    for (const reason of OUTLIER_FAILURE_REASONS) expect(countsAsOutlierFailure({ reason })).toBe(true);
    for (const reason of ['NoHealthyInstances', 'NoRegisteredInstances', 'SurgeQueueFull'] as const) {
      expect(countsAsOutlierFailure({ reason })).toBe(false);
    }
  });
});

describe('consecutive 5xx', () => {
  it('the fifth failure in a row ejects the host, counter reset', () => {
    const { host, actions } = feed(FRESH_OUTLIER_HOST, fails(5));
    expect(actions).toEqual(['none', 'none', 'none', 'none', 'ejected']);
    expect(host).toEqual({ consecutive5xx: 0, ejected: true, backoff: 1, ejections: 1, lastEjectionMs: s(4), lastUnejectionMs: null });
  });

  it('any success resets the run', () => {
    const { host, actions } = feed(FRESH_OUTLIER_HOST, [...fails(4), false, ...fails(4)]);
    expect(actions.includes('ejected')).toBe(false);
    expect(host.consecutive5xx).toBe(4);
  });

  it('a success on a clean host returns the same object (no allocation per request)', () => {
    expect(onResult(FRESH_OUTLIER_HOST, false, 0, params, bigPool).host).toBe(FRESH_OUTLIER_HOST);
  });

  it('an ejected host (reached in panic) keeps counting but fires no second ejection', () => {
    const { host, actions } = feed(ejectedAt(4), fails(7), 5);
    expect(actions.every((action) => action === 'none')).toBe(true);
    expect(host).toMatchObject({ ejected: true, consecutive5xx: 7, ejections: 1 });
  });
});

describe('max_ejection_percent: 100 × (ejected + 1) / hosts must stay within it', () => {
  it('with 10 % a pool of fewer than 10 hosts ejects nothing by default', () => {
    expect(mayEject({ ejectedCount: 0, size: 9 }, params)).toBe(false);
    expect(mayEject({ ejectedCount: 0, size: 10 }, params)).toBe(true);
    expect(mayEject({ ejectedCount: 1, size: 20 }, params)).toBe(true);
    expect(mayEject({ ejectedCount: 2, size: 20 }, params)).toBe(false);
  });

  it('always_eject_one_host allows the first ejection whatever the percent', () => {
    const always = { ...params, alwaysEjectOneHost: true };
    expect(mayEject({ ejectedCount: 0, size: 3 }, always)).toBe(true);
    expect(mayEject({ ejectedCount: 1, size: 3 }, always)).toBe(false);
  });

  it('an overflow resets the counter: five more failures are needed to try again', () => {
    const small = { ejectedCount: 0, size: 5 };
    const { host, actions } = feed(FRESH_OUTLIER_HOST, fails(10), 0, small);
    expect(actions).toEqual(['none', 'none', 'none', 'none', 'overflow', 'none', 'none', 'none', 'none', 'overflow']);
    expect(host).toMatchObject({ ejected: false, consecutive5xx: 0, ejections: 0 });
  });

  it('100 % ejects even the only host', () => {
    expect(feed(FRESH_OUTLIER_HOST, fails(5), 0, { ejectedCount: 0, size: 1 }, { ...params, maxEjectionPercent: 100 }).actions.at(-1)).toBe('ejected');
  });
});

describe('ejection time: base × times ejected, capped at max_ejection_time', () => {
  it('30 s, then 60 s, then 90 s when ejected again without decay', () => {
    const durations: number[] = [];
    let host = FRESH_OUTLIER_HOST;
    for (let round = 0; round < 3; round++) {
      host = feed(host, fails(5), round * 1000).host;
      durations.push(ejectedUntilMs(host, params)! - host.lastEjectionMs!);
      host = uneject(host, s(round * 1000 + 500));
    }
    expect(durations).toEqual([s(30), s(60), s(90)]);
  });

  it('stops at 300 s: the backoff grows while backoff × base < max + base, so it halts at 11', () => {
    let host = FRESH_OUTLIER_HOST;
    const backoffs: number[] = [];
    for (let round = 0; round < 14; round++) {
      host = uneject(feed(host, fails(5), round * 1000).host, s(round * 1000 + 500));
      backoffs.push(host.backoff);
    }
    expect(backoffs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 11, 11]);
    expect(ejectedUntilMs(feed(host, fails(5), 20_000).host, params)).toBe(s(20_004 + 300));
  });

  it('is null for a host that is not ejected', () => {
    expect(ejectedUntilMs(FRESH_OUTLIER_HOST, params)).toBeNull();
  });
});

describe('the interval sweep: un-ejection and backoff decay', () => {
  it('returns a host on the first sweep at or after its time, counters reset', () => {
    const host = ejectedAt(5);
    expect(ejectedUntilMs(host, params)).toBe(s(35));
    expect(sweep(host, s(30), params)).toEqual({ host, unejected: false });
    const back = sweep(host, s(40), params);
    expect(back.unejected).toBe(true);
    expect(back.host).toEqual({ ...host, ejected: false, consecutive5xx: 0, lastUnejectionMs: s(40) });
  });

  it('a sweep exactly at the ejection end returns it', () => {
    expect(sweep(ejectedAt(10), s(40), params).unejected).toBe(true);
  });

  it('lowers the backoff by one per sweep once an interval has passed since the un-ejection', () => {
    let host = sweep(ejectedAt(5, 2), s(100), params).host;
    expect(host.backoff).toBe(3);
    const seen: number[] = [];
    for (const atS of [100, 110, 120, 130, 140]) {
      host = sweep(host, s(atS), params).host;
      seen.push(host.backoff);
    }
    expect(seen).toEqual([3, 2, 1, 0, 0]);
  });

  it('a host never ejected has nothing to decay', () => {
    expect(sweep(FRESH_OUTLIER_HOST, s(50), params).host).toBe(FRESH_OUTLIER_HOST);
  });

  it('a passing active check un-ejects at once (successful_active_health_check_uneject_host)', () => {
    const back = uneject({ ...ejectedAt(5), consecutive5xx: 3 }, s(12));
    expect(back).toMatchObject({ ejected: false, consecutive5xx: 0, lastUnejectionMs: s(12), backoff: 1 });
    expect(ejectedUntilMs(back, params)).toBeNull();
  });
});
