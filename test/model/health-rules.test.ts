// Health-check pass rules per profile (lb-semantics §1.1, §2.1, §3.2, §4.1, §5.1), the ALB
// matcher parser validation will use, and the one table of native state names.
import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../../src/model/outcome.js';
import {
  NATIVE_STATE_NAMES,
  PROFILE_HEALTH_RULES,
  nativeStateName,
  parseMatcher,
  probePasses,
  type HealthRules,
} from '../../src/model/health/health-rules.js';

const rules = (profile: keyof typeof PROFILE_HEALTH_RULES): HealthRules => PROFILE_HEALTH_RULES[profile]!;
const passing = (r: HealthRules, statuses: number[]) => statuses.filter((status) => probePasses(r, status));

describe('probePasses', () => {
  const sample = [199, 200, 201, 204, 301, 399, 400, 404, 500, 503];

  it('CLB passes only 200 OK (§1.1: "any answer other than 200 OK … is considered unhealthy")', () => {
    expect(passing(rules('aws-clb'), sample)).toEqual([200]);
  });

  it('ALB passes its matcher, default 200 (§2.1)', () => {
    expect(passing(rules('aws-alb'), sample)).toEqual([200]);
  });

  it('HAProxy httpchk passes 2xx and 3xx (§4.1)', () => {
    expect(passing(rules('haproxy'), sample)).toEqual([200, 201, 204, 301, 399]);
  });

  it('Envoy passes 200 only by default (§3.2 "default 200-only policy")', () => {
    expect(passing(rules('envoy'), sample)).toEqual([200]);
  });

  it('ranges are inclusive at both ends and may be several', () => {
    const r: HealthRules = { passStatuses: [[200, 202], [302, 302]], machine: 'thresholds', passesToJoin: null };
    expect(passing(r, [199, 200, 202, 203, 301, 302, 303])).toEqual([200, 202, 302]);
  });

  it('no ranges pass nothing', () => {
    expect(probePasses({ passStatuses: [], machine: 'thresholds', passesToJoin: null }, 200)).toBe(false);
  });
});

describe('profile health rules', () => {
  it('names a machine and join rule for every profile; nginx has no active checks (§5.1)', () => {
    expect(Object.keys(PROFILE_HEALTH_RULES).sort()).toEqual([...PROFILE_NAMES].sort());
    expect(PROFILE_HEALTH_RULES.nginx).toBeNull();
    expect(rules('aws-clb')).toMatchObject({ machine: 'thresholds', passesToJoin: null });
    expect(rules('aws-alb')).toMatchObject({ machine: 'thresholds', passesToJoin: 1 });
    expect(rules('haproxy')).toMatchObject({ machine: 'rise-fall', passesToJoin: null });
    expect(rules('envoy')).toMatchObject({ machine: 'envoy', passesToJoin: 1 });
  });
});

describe('parseMatcher (ALB success codes, §2.1)', () => {
  it('reads the documented shapes: one code, a list, a range', () => {
    expect(parseMatcher('200')).toEqual({ ranges: [[200, 200]] });
    expect(parseMatcher('200,202')).toEqual({ ranges: [[200, 200], [202, 202]] });
    expect(parseMatcher('200-299')).toEqual({ ranges: [[200, 299]] });
  });

  it('accepts the edges of 200–499 and a list mixing codes and ranges, spaces trimmed', () => {
    expect(parseMatcher('200-499')).toEqual({ ranges: [[200, 499]] });
    expect(parseMatcher(' 200 , 300-399 ')).toEqual({ ranges: [[200, 200], [300, 399]] });
    expect(parseMatcher('250-250')).toEqual({ ranges: [[250, 250]] });
  });

  it('rejects codes outside 200–499', () => {
    for (const text of ['199', '500', '100-200', '400-500', '200,503']) {
      expect(parseMatcher(text)).toEqual({ error: expect.stringContaining('outside 200-499') });
    }
  });

  it('rejects a backwards range', () => {
    expect(parseMatcher('299-200')).toEqual({ error: '"299-200" starts above its end' });
  });

  it('rejects what is not a code or a range', () => {
    for (const text of ['', 'ok', '2xx', '200-', '-200', '200,,202', '20', '2000', '200-299-300', '200;202']) {
      expect(parseMatcher(text)).toHaveProperty('error');
    }
    expect(parseMatcher('2xx')).toEqual({ error: '"2xx" is not an HTTP code (200) or a range (200-299)' });
  });

  it('parsed ranges drive probePasses', () => {
    const parsed = parseMatcher('200,300-302');
    if (!('ranges' in parsed)) throw new Error(parsed.error);
    const r: HealthRules = { passStatuses: parsed.ranges, machine: 'thresholds', passesToJoin: 1 };
    expect(passing(r, [200, 201, 299, 300, 302, 303])).toEqual([200, 300, 302]);
  });
});

describe('native state names (one table)', () => {
  it('has both states for every profile', () => {
    expect(Object.keys(NATIVE_STATE_NAMES).sort()).toEqual([...PROFILE_NAMES].sort());
  });

  it('uses each product\'s words', () => {
    expect(NATIVE_STATE_NAMES['aws-clb']).toEqual({ InService: 'InService', OutOfService: 'OutOfService', joining: null });
    expect(NATIVE_STATE_NAMES['aws-alb']).toEqual({ InService: 'healthy', OutOfService: 'unhealthy', joining: 'initial' });
    expect(NATIVE_STATE_NAMES.haproxy).toEqual({ InService: 'UP', OutOfService: 'DOWN', joining: null });
    expect(NATIVE_STATE_NAMES.envoy).toEqual({ InService: 'healthy', OutOfService: 'failed_active_hc', joining: null });
  });

  it('shows ALB `initial` while joining, and falls back to the state where a product has no joining name', () => {
    expect(nativeStateName('aws-alb', 'OutOfService', true)).toBe('initial');
    expect(nativeStateName('aws-alb', 'OutOfService', false)).toBe('unhealthy');
    expect(nativeStateName('aws-alb', 'InService', false)).toBe('healthy');
    expect(nativeStateName('envoy', 'OutOfService', true)).toBe('failed_active_hc');
    expect(nativeStateName('haproxy', 'InService', false)).toBe('UP');
    expect(nativeStateName('aws-clb', 'OutOfService', true)).toBe('OutOfService');
  });
});
