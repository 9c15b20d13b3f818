// The scenario schema's routing parts: `Balancing` (algorithm, Choices, HashKey, Stickiness,
// SlowStart, Retries, RetryOn, PerTryTimeout, RetryBudget), `Traffic.Clients` and a request's `Headers`. Rules across fields: validate-balancing.ts.

import { z } from 'zod';
import { ALGORITHM_NAMES, CHOICES_MAX, CHOICES_MIN } from '../model/algorithms/names.js';
import * as D from './defaults.js';
import { closestName, didYouMean } from './errors.js';
import { REASONS } from '../model/outcome.js';
import { duration, integer, list, nonEmptyString, numberWhere, object, oneOf, positiveDuration, refined } from './schema-parts.js';

/** What `Balancing.RetryOn` may name: a gateway reason, or `5xx` for a backend's own 5xx answer. */
export const RETRY_CONDITIONS = [...REASONS, '5xx'] as const;

export const HASH_KEY_NAMES = ['client', 'path'] as const;
export const HASH_KEY_TEXT = '"client", "path" or {"Header": name}';

/** A name is checked here; the object form `{"Header": name}` by hashKeyRule (validate-balancing.ts). */
const hashKey = refined(z.union([z.string(), z.record(z.string(), z.unknown())], { error: HASH_KEY_TEXT }), HASH_KEY_TEXT, (value) => {
  if (typeof value !== 'string' || (HASH_KEY_NAMES as readonly string[]).includes(value)) return null;
  return `unknown hash key${didYouMean(closestName(value, HASH_KEY_NAMES))}`;
});

export const hashKeyObject = object({ Header: nonEmptyString('a header name') });

const STICKINESS_TEXT = 'a duration of 1s to 7d';
const SLOW_START_TEXT = `${D.SLOW_START_MIN_S}–${D.SLOW_START_MAX_S} seconds for the AWS profiles; a duration > 0 for the proxies`;

export const balancing = object({
  Algorithm: oneOf(ALGORITHM_NAMES, 'algorithm').optional(),
  Retries: integer(0, 10).optional(),
  RetryOn: list(oneOf(RETRY_CONDITIONS, 'retry condition'), 'a list of reasons or "5xx"').optional(),
  PerTryTimeout: positiveDuration().optional(),
  RetryBudget: object({
    Percent: numberWhere('a percentage 0–100', (n) => n >= 0 && n <= 100).optional(),
    MinConcurrent: integer(0, 10_000).optional(),
  }).optional(),
  Choices: integer(CHOICES_MIN, CHOICES_MAX).optional(),
  HashKey: hashKey.optional(),
  Stickiness: object({
    Duration: duration(STICKINESS_TEXT, (ms) => ms >= D.STICKINESS_DURATION_MIN_MS && ms <= D.STICKINESS_DURATION_MAX_MS).optional(),
  }).optional(),
  // Its range depends on the profile (profile-ranges.ts): ALB's 30–900 s, any duration for the proxies.
  SlowStart: duration(SLOW_START_TEXT, (ms) => ms >= 0).optional(),
});

export const CLIENT_DISTRIBUTIONS = ['uniform', 'zipf'] as const;

export const clients = object({
  Count: integer(1, D.MAX_CLIENT_COUNT),
  Distribution: oneOf(CLIENT_DISTRIBUTIONS, 'client distribution').optional(),
  Exponent: numberWhere(`a number > 0 and ≤ ${D.MAX_ZIPF_EXPONENT}`, (n) => n > 0 && n <= D.MAX_ZIPF_EXPONENT).optional(),
});

/** Header name → value, sent with every request of that kind. */
export const headers = refined(
  z.record(z.string(), z.string({ error: 'a string value' }), { error: 'an object of header names and values' }),
  'an object of header names and values',
  (value) => (Object.keys(value).some((name) => name.length === 0) ? 'header names must not be empty' : null),
);
