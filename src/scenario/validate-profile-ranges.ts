// Checks the settings a file gives against its own profile's ranges (profile-ranges.ts), so a HAProxy
// file may say Interval "2s" and rise 1 while a Classic ELB file keeps AWS's 5–300 s; nginx refuses
// active-check settings that open-source nginx does not have.

import { PROFILE_NAMES, type ProfileName } from '../model/outcome.js';
import { DEFAULT_PROFILE } from './defaults.js';
import type { JsonPath } from './errors.js';
import type { Findings, Rule } from './findings.js';
import { PROFILE_RANGES, rangeText, type CountRange, type DurationRange } from './profile-ranges.js';

/** The profile the file names (its Base for the object form), for the rules that depend on it. */
export function profileOf(f: Findings): ProfileName {
  const value = f.at(['Profile']);
  const name = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['Base'] : value;
  return (PROFILE_NAMES as readonly unknown[]).includes(name) ? (name as ProfileName) : DEFAULT_PROFILE;
}

function durationWithin(f: Findings, path: JsonPath, range: DurationRange, profile: ProfileName): void {
  if (!f.has(path) || !f.clean(path)) return;
  const ms = f.durationMs(path, 0);
  if (ms >= range.minMs && ms <= range.maxMs) return;
  f.withActual(path, { message: `out of range for ${profile}`, anchor: 'value', expected: range.text });
}

function countWithin(f: Findings, path: JsonPath, range: CountRange, profile: ProfileName): void {
  const value = f.at(path);
  if (typeof value !== 'number' || !f.clean(path)) return;
  if (!Number.isSafeInteger(value)) {
    f.withActual(path, { message: 'must be an integer', anchor: 'value', expected: rangeText(range) });
    return;
  }
  if (value >= range.min && (range.max === null || value <= range.max)) return;
  f.withActual(path, { message: `out of range for ${profile}`, anchor: 'value', expected: rangeText(range) });
}

const NGINX_HINT =
  'no HealthCheck block: nginx takes servers out passively (Profile MaxFails and FailTimeout); ' +
  '{"Base": "nginx", "ActiveChecks": true} models NGINX Plus health_check';

export const profileRangesRule: Rule = (f) => {
  const profile = profileOf(f);
  const ranges = PROFILE_RANGES[profile];
  if (profile === 'nginx' && f.has(['HealthCheck']) && f.at(['Profile', 'ActiveChecks']) !== true && f.clean(['HealthCheck'])) {
    f.add({ path: ['HealthCheck'], message: 'open-source nginx has no active health checks', anchor: 'key', expected: NGINX_HINT });
    return;
  }
  durationWithin(f, ['HealthCheck', 'Interval'], ranges.interval, profile);
  durationWithin(f, ['HealthCheck', 'Timeout'], ranges.timeout, profile);
  countWithin(f, ['HealthCheck', 'HealthyThreshold'], ranges.healthyThreshold, profile);
  countWithin(f, ['HealthCheck', 'UnhealthyThreshold'], ranges.unhealthyThreshold, profile);
  durationWithin(f, ['LoadBalancerAttributes', 'ConnectionSettings', 'IdleTimeout'], ranges.idleTimeout, profile);
  durationWithin(f, ['Balancing', 'SlowStart'], ranges.slowStart, profile);
};
