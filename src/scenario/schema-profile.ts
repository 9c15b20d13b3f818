// The object form of `Profile`, `{ "Base": name, …overrides }`, checked by its own schema so its errors
// carry paths under `Profile` and did-you-mean hints (a bare name is checked in schema.ts).

import { z } from 'zod';
import { parseMatcher } from '../model/health/health-rules.js';
import { PROFILE_NAMES, REASONS, type ProfileName } from '../model/outcome.js';
import { PROFILE_RANGES } from './profile-ranges.js';
import type { Rule } from './findings.js';
import { integer, list, numberWhere, object, oneOf, positiveDuration, refined } from './schema-parts.js';
import { shapeProblems } from './schema.js';

const MATCHER = 'HTTP codes ("200", "200,202" or "200-299"): 200–499 for the AWS profiles, 100–599 for the proxies';

// Only the syntax here; the Base's own range in profileRule (it needs the Base).
const ANY_THREE_DIGITS = { low: 0, high: 999 };
const matcher = refined(z.string({ error: MATCHER }), MATCHER, (text) => {
  const parsed = parseMatcher(text, ANY_THREE_DIGITS);
  return 'error' in parsed ? parsed.error : null;
});

const yesNo = () => z.boolean({ error: 'true or false' }).optional();

/** Envoy's consecutive-5xx outlier detection (lb-semantics.md §3.3); `true` takes Envoy's defaults. */
const outlierDetection = object({
  Consecutive5xx: integer(1, 1000).optional(),
  Interval: positiveDuration().optional(),
  BaseEjectionTime: positiveDuration().optional(),
  MaxEjectionTime: positiveDuration().optional(),
  MaxEjectionPercent: numberWhere('a percentage 0–100', (n) => n >= 0 && n <= 100).optional(),
  AlwaysEjectOneHost: yesNo(),
});

export const profileObject = object({
  Base: oneOf(PROFILE_NAMES, 'profile'),
  ActiveChecks: yesNo(),
  Matcher: matcher.optional(),
  FailOpen: yesNo(),
  PanicThreshold: numberWhere('a percentage 0–100', (n) => n >= 0 && n <= 100).optional(),
  RetryOn: list(oneOf(REASONS, 'reason'), 'a list of reasons').optional(),
  Retries: integer(0, 10).optional(),
  Redispatch: yesNo(),
  MaxFails: integer(0, 1000).optional(),
  FailTimeout: positiveDuration().optional(),
  OutlierDetection: z.union([z.boolean(), outlierDetection], { error: 'true, false or an object' }).optional(),
  SurgeQueueLength: integer(0, 100_000).optional(),
  ConnectTimeout: positiveDuration().optional(),
  /** HAProxy's `fastinter` and `downinter` (the check interval while going up or down, and while DOWN). */
  FastInterval: positiveDuration().optional(),
  DownInterval: positiveDuration().optional(),
});

export type ProfileObject = z.output<typeof profileObject>;

/** The object form's contents, with paths under `Profile`. */
export const profileRule: Rule = (f) => {
  const value = f.at(['Profile']);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !f.clean(['Profile'])) return;
  for (const problem of shapeProblems(profileObject, value)) f.add({ ...problem, path: ['Profile', ...problem.path] });
  // fastinter and downinter are HAProxy's: another profile checks on a fixed period and would ignore them.
  const base = (value as { Base?: unknown }).Base;
  const given = (value as { Matcher?: unknown }).Matcher;
  if (typeof given === 'string' && (PROFILE_NAMES as readonly unknown[]).includes(base) && f.clean(['Profile', 'Matcher'])) {
    const limits = PROFILE_RANGES[base as ProfileName].matcher;
    const parsed = parseMatcher(given, limits);
    if ('error' in parsed) f.withActual(['Profile', 'Matcher'], { message: `${parsed.error} (${String(base)})`, anchor: 'value', expected: `HTTP codes ${limits.low}–${limits.high}` });
  }
  for (const key of HAPROXY_ONLY) {
    if (key in value && base !== 'haproxy') f.add({ path: ['Profile', key], message: `only the haproxy profile has ${key} (HAProxy's ${key === 'FastInterval' ? 'fastinter' : 'downinter'}); the Base is ${JSON.stringify(base)}`, anchor: 'key' });
  }
};

const HAPROXY_ONLY = ['FastInterval', 'DownInterval'] as const;
